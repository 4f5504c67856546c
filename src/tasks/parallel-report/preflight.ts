/**
 * What `parallel-report` checks before it compiles or runs a workload, so that a mistake costs seconds, not a
 * whole report: the `--format` list, the output folder (made now, and written to once) and, with
 * `--update-baseline`, the baseline's folder. Each problem is the report's catalogued error naming the path.
 */
import { open, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import { ReportError } from "../../report/errors.js";
import { OUTPUT_FORMATS, type OutputFormat } from "../../report/render/format-helpers.js";
import { parseFormats } from "../../report/render/write-outputs.js";
import { makeDirectory } from "../../shared/make-directory.js";

/**
 * The formats `--format` asks for (a comma-separated list, case-insensitive, `md` for markdown, `all`), or the
 * configured ones without the flag; a flag that names no format, or an unknown one, is an error.
 */
export function formatsOf(flag: string | undefined, configured: readonly OutputFormat[]): OutputFormat[] {
  if (flag === undefined) return [...configured];
  const known = OUTPUT_FORMATS.join(", ");
  if (flag.split(",").every((f) => f.trim() === "")) throw new ReportError("NO_FORMAT", { known });
  const { formats, unknown } = parseFormats(flag);
  if (unknown.length > 0) throw new ReportError("BAD_FORMAT", { formats: unknown.join(", "), known });
  return formats;
}

function problemOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Makes the output folder and writes a probe file in it (removed at once): the report's files will fit. */
export async function checkOutDir(outDir: string): Promise<void> {
  const probe = path.join(outDir, `.parallel-report-${process.pid}.probe`);
  try {
    await makeDirectory(outDir);
    await writeFile(probe, "");
    await rm(probe, { force: true });
  } catch (error) {
    throw new ReportError("OUTPUT_UNWRITABLE", { path: outDir, problem: problemOf(error) }, error);
  }
}

/**
 * The baseline file can be written: a probe file is written next to it and removed (it is written through a
 * temporary file in that folder), and an existing baseline is opened for writing without being changed.
 */
export async function checkBaselineWritable(file: string): Promise<void> {
  const probe = `${file}.${process.pid}.probe`;
  try {
    await writeFile(probe, "");
    await rm(probe, { force: true });
    const handle = await open(file, "r+").catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
      return undefined;
    });
    await handle?.close();
  } catch (error) {
    throw new ReportError("BASELINE_UNWRITABLE", { path: file, problem: problemOf(error) }, error);
  }
}
