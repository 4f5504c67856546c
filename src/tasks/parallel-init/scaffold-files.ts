/**
 * What `parallel-init` writes into a project, and how: each file is created when absent, left alone when
 * present (reported as skipped), and overwritten only with `--force`. Templates come from the package's
 * `templates/` folder.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** What happened to one file. */
export interface ScaffoldOutcome {
  readonly file: string;
  readonly action: "created" | "skipped" | "overwritten" | "updated";
}

/** The package's templates folder (works from src/ under tsx and from dist/). */
export function templatesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, "templates", "ci", "parallel.yml"))) return path.join(dir, "templates");
    dir = path.dirname(dir);
  }
  throw new Error("hardhat-parallel's templates folder is missing from the installed package");
}

/** Reads a template file. */
export function readTemplate(relative: string): Promise<string> {
  return readFile(path.join(templatesDir(), relative), "utf8");
}

/** Writes `content` to `file` unless it exists (or `force`). */
export async function scaffoldFile(
  root: string,
  relative: string,
  content: string,
  force: boolean,
): Promise<ScaffoldOutcome> {
  const file = path.join(root, relative);
  const exists = existsSync(file);
  if (exists && !force) return { file: relative, action: "skipped" };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  return { file: relative, action: exists ? "overwritten" : "created" };
}

/**
 * Adds the report's output folder to the project's `.gitignore` (when the project has one and the folder is
 * inside the project and not listed yet), so a first `git add .` does not commit the generated report.
 * Returns the outcome, or undefined when nothing was changed.
 */
export async function ignoreReportDir(root: string, outDir: string): Promise<ScaffoldOutcome | undefined> {
  const file = path.join(root, ".gitignore");
  const relative = path.relative(root, outDir).split(path.sep).join("/");
  if (!existsSync(file) || relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return undefined;
  const text = await readFile(file, "utf8");
  const listed = text.split(/\r?\n/).some((line) => line.trim().replace(/^\//, "").replace(/\/$/, "") === relative);
  if (listed) return undefined;
  const separator = text === "" || text.endsWith("\n") ? "" : "\n";
  await writeFile(
    file,
    `${text}${separator}\n# hardhat-parallel: the report parallel-report writes (CI uploads it)\n/${relative}/\n`,
  );
  return { file: ".gitignore", action: "updated" };
}
