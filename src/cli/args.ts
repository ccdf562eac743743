import { parseArgs } from "node:util";

/** One command-line flag: its type, what it does, and the default a user gets without it. */
export interface Flag {
  type: "string" | "boolean";
  description: string;
  /** Shown in --help; string flags are returned as given, or undefined when absent. */
  default?: string;
  /** The value's name in --help, e.g. `N` for `--contacts N`. */
  valueName?: string;
}

export interface Command<F extends Record<string, Flag>> {
  /** How it is run, e.g. `npm run seed -- [flags]`. */
  usage: string;
  /** What it does, a few lines. */
  description: string;
  flags: F;
  /** Extra text after the flags (environment variables, examples). */
  epilogue?: string;
}

export type FlagValues<F extends Record<string, Flag>> = { [K in keyof F]: F[K]["type"] extends "boolean" ? boolean : string | undefined };

/** A bad command line: printed with a pointer to --help, then the process exits with status 2. */
export class UsageError extends Error {}

export function helpText<F extends Record<string, Flag>>(command: Command<F>): string {
  const rows = Object.entries({ ...command.flags, help: { type: "boolean", description: "Show this help and exit" } as Flag }).map(([name, flag]) => {
    const left = `--${name}${flag.type === "string" ? ` ${flag.valueName ?? "VALUE"}` : ""}`;
    const right = flag.default !== undefined ? `${flag.description} (default: ${flag.default})` : flag.description;
    return [left, right] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length));
  const lines = [`Usage: ${command.usage}`, "", command.description, "", "Flags:", ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`)];
  if (command.epilogue) lines.push("", command.epilogue);
  return `${lines.join("\n")}\n`;
}

/**
 * Parses `argv` with node:util's parseArgs, strictly: an unknown flag, a missing value or a
 * positional argument is a UsageError. Returns null when --help was asked for.
 */
export function parseFlags<F extends Record<string, Flag>>(command: Command<F>, argv: string[]): FlagValues<F> | null {
  const options = Object.fromEntries([...Object.entries(command.flags).map(([name, flag]) => [name, { type: flag.type }]), ["help", { type: "boolean", short: "h" }]]);
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }) as { values: Record<string, string | boolean | undefined> });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return null;
  return Object.fromEntries(Object.entries(command.flags).map(([name, flag]) => [name, flag.type === "boolean" ? values[name] === true : values[name]])) as FlagValues<F>;
}

/**
 * For a command's entry point: the parsed flags (turned into what the command needs by `read`,
 * which may throw a UsageError too), or --help printed and exit 0, or the problem printed with a
 * pointer to --help and exit 2.
 */
export function parseCommandLine<F extends Record<string, Flag>, T = FlagValues<F>>(
  command: Command<F>,
  read: (values: FlagValues<F>) => T = (values) => values as T,
  argv: string[] = process.argv.slice(2),
): T {
  try {
    const values = parseFlags(command, argv);
    if (values) return read(values);
    process.stdout.write(helpText(command));
    process.exit(0);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\nRun with --help for usage.\n`);
    process.exit(2);
  }
}

/** A flag's value as a positive integer (the fallback when absent); anything else is a UsageError. */
export function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${name} needs a positive integer, got "${value}"`);
  return n;
}

/** A comma-separated list of positive integers (`--rate 100,500`). */
export function positiveInts(value: string | undefined, name: string, fallback: number[]): number[] {
  if (value === undefined) return fallback;
  return value.split(",").map((part) => positiveInt(part.trim(), name, 0));
}
