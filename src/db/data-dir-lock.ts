import { randomBytes } from "node:crypto";
import { linkSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
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

/** How old an empty or unreadable lock file must be before it counts as abandoned. */
const UNREADABLE_STALE_MS = 30_000;

/** The holder of an existing lock file, or null when it is gone, abandoned or held by a dead process. */
function holderOf(file: string): { pid: number; content: string } | null {
  let content: string;
  let age: number;
  try {
    content = readFileSync(file, "utf8");
    age = Date.now() - statSync(file).mtimeMs;
  } catch {
    return null;
  }
  const [pid, startedAt] = content.trim().split(" ");
  if (!pid || !/^\d+$/.test(pid)) {
    // Not written (yet): held unless it has been like that for a while.
    return age < UNREADABLE_STALE_MS ? { pid: 0, content } : null;
  }
  return isAlive(Number(pid), startedAt && startedAt !== "-" ? startedAt : null) ? { pid: Number(pid), content } : null;
}

/**
 * Takes the embedded database's directory for this process: a lock file holding the owner's pid
 * (and start time), made whole in a file of our own and linked into place, so it never exists
 * half-written. A lock left by a process that is gone is stale: it is renamed aside (only one
 * process can), checked to be the stale one, and replaced. One held by a live process is refused
 * with DataDirLockedError. Returns the release.
 */
export function lockDataDir(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  const mine = `${process.pid} ${startTimeOf(process.pid) ?? "-"}\n`;
  const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(draft, mine);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(draft, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const holder = holderOf(file);
      if (holder || attempt > 0) throw new DataDirLockedError(resolve(dir), holder?.pid ?? 0);
      // Stale: move it aside. If what was moved is not what we judged stale, another process took
      // the lock meanwhile: put it back and give way.
      const aside = `${file}.stale.${process.pid}.${randomBytes(4).toString("hex")}`;
      try {
        renameSync(file, aside);
      } catch {
        continue;
      }
      if (holderOf(aside)) {
        try {
          linkSync(aside, file);
        } finally {
          unlinkSync(aside);
        }
        throw new DataDirLockedError(resolve(dir), holderOf(file)?.pid ?? 0);
      }
      unlinkSync(aside);
    }
  } finally {
    unlinkSync(draft);
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
