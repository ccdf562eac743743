import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";

/** Another live process owns the embedded database's directory. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dir} is in use by process ${pid}. ` +
        "PGlite serves one process: stop that process first, or give this one another DATA_DIR (or a DATABASE_URL).",
    );
  }
}

const LOCK_FILE = "crm-graph.lock";

/** When the process started, from /proc (Linux), so a reused pid is not taken for the owner. */
function startTimeOf(pid: number): string | null {
  try {
    // Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces, so count from its ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(pid: number, startedAt: string | null): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  // Alive: the owner, unless the pid was reused by a process started at another time.
  const now = startTimeOf(pid);
  return startedAt === null || now === null || now === startedAt;
}

/**
 * Takes the embedded database's directory for this process: a lock file holding the owner's pid
 * (and start time), created exclusively. A lock left by a process that is gone is stale and taken
 * over; one held by a live process is refused with DataDirLockedError. Returns the release.
 */
export function lockDataDir(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  const mine = `${process.pid} ${startTimeOf(process.pid) ?? "-"}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, "wx");
      try {
        writeSync(fd, mine);
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let holder = "";
      try {
        holder = readFileSync(file, "utf8");
      } catch {
        // Removed meanwhile: try again.
      }
      const [pid, startedAt] = holder.trim().split(" ");
      const owner = pid && /^\d+$/.test(pid) ? Number(pid) : 0;
      // Held by a live process, or taken by another one racing us over a stale lock.
      if ((owner && isAlive(owner, startedAt && startedAt !== "-" ? startedAt : null)) || attempt > 0) {
        throw new DataDirLockedError(resolve(dir), owner);
      }
      try {
        unlinkSync(file);
      } catch {
        // Another process removed it first; the exclusive create decides who owns it.
      }
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    try {
      if (readFileSync(file, "utf8") === mine) unlinkSync(file);
    } catch {
      // Already gone.
    }
  };
  // A crash still leaves a stale lock (taken over by the next start); a normal exit leaves none.
  process.on("exit", release);
  return release;
}
