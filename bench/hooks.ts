/**
 * Module resolution hook (registered by bench/run.ts before it imports the app): src/db/client.js
 * gets bench/postgres-shim.js instead of `postgres`. See bench/postgres-shim.ts for why.
 */
interface ResolveContext {
  parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string }>;

const SHIM = new URL("./postgres-shim.js", import.meta.url).href;

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve) {
  if (specifier === "postgres" && context.parentURL?.endsWith("/src/db/client.js")) {
    return { url: SHIM, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
