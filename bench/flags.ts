/** `--name N` from argv as a positive integer, or the fallback when absent. */
export function parseIntFlag(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  if (i === -1) return fallback;
  const value = Number(argv[i + 1]);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} needs a positive integer, got ${argv[i + 1]}`);
  return value;
}
