/**
 * Creating a directory and its missing parents without `mkdir(…, { recursive: true })`, which never returns
 * under a path the kernel refuses to create entries in (`/proc/x` makes Node's recursive mkdir retry
 * forever). Each missing level is made on its own, so any refusal surfaces at once as the usual error.
 */
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";

/** Makes `directory` and its missing parents; throws the file system's error when one cannot be made. */
export async function makeDirectory(directory: string): Promise<void> {
  const missing: string[] = [];
  let current = path.resolve(directory);
  for (;;) {
    const found = await stat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (found !== undefined) {
      if (!found.isDirectory())
        throw Object.assign(new Error(`${current} is a file, not a directory`), { code: "ENOTDIR" });
      break;
    }
    missing.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const level of missing.reverse()) {
    await mkdir(level).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
  }
}
