/**
 * Writes the requested output formats of a report into one directory and returns their paths. File names
 * are fixed (`parallel-report.{txt,json,md,html,sarif}`); the terminal format is written without colour.
 * Also parses the `--format` flag (a comma-separated list, or `all`).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";

import { makeDirectory } from "../../shared/make-directory.js";
import { ReportError } from "../errors.js";
import type { PhaseTimer } from "../phase-timer.js";
import type { ParallelReport } from "../report-model.js";
import { OUTPUT_FORMATS, type OutputFormat } from "./format-helpers.js";
import { renderHtml, type HtmlOptions } from "./html.js";
import { renderJson, type JsonOptions } from "./json.js";
import { renderMarkdown, type MarkdownOptions } from "./markdown.js";
import { renderSarif, type SarifOptions } from "./sarif.js";
import { renderTerminal, type TerminalOptions } from "./terminal.js";

export { OUTPUT_FORMATS, type OutputFormat } from "./format-helpers.js";

/** File name of each format inside the output directory. */
export const OUTPUT_FILE_NAMES: Readonly<Record<OutputFormat, string>> = {
  terminal: "parallel-report.txt",
  json: "parallel-report.json",
  markdown: "parallel-report.md",
  html: "parallel-report.html",
  sarif: "parallel-report.sarif",
};

/** Per-format options of {@link renderFormat} and {@link writeOutputs}. */
export interface FormatOptions {
  readonly terminal?: TerminalOptions;
  readonly json?: JsonOptions;
  readonly markdown?: MarkdownOptions;
  readonly html?: HtmlOptions;
  readonly sarif?: SarifOptions;
}

/** Options of {@link writeOutputs}. */
export interface WriteOutputsOptions extends FormatOptions {
  /** Output directory, created when missing. */
  readonly outDir: string;
  /** Formats to write, default all of {@link OUTPUT_FORMATS}; duplicates are written once. */
  readonly formats?: readonly OutputFormat[];
  /**
   * Receives the time spent rendering and writing (phase `write outputs`); the JSON file is then written last,
   * with the report's timing brought up to date, so it shows that phase too.
   */
  readonly timer?: PhaseTimer;
}

/** A written file. */
export interface WrittenOutput {
  readonly format: OutputFormat;
  readonly path: string;
}

/** Renders one format (the terminal format for a file: colour level 0 unless options say otherwise). */
export function renderFormat(report: ParallelReport, format: OutputFormat, options: FormatOptions = {}): string {
  switch (format) {
    case "terminal":
      return renderTerminal(report, { level: 0, ...options.terminal });
    case "json":
      return renderJson(report, options.json);
    case "markdown":
      return renderMarkdown(report, options.markdown);
    case "html":
      return renderHtml(report, options.html);
    case "sarif":
      return renderSarif(report, options.sarif);
  }
}

/**
 * Writes the formats into `outDir` (made with its parents when missing), in {@link OUTPUT_FORMATS} order,
 * and returns the paths written. A directory or file that cannot be written is a {@link ReportError}
 * (`OUTPUT_UNWRITABLE`) naming it.
 */
export async function writeOutputs(report: ParallelReport, options: WriteOutputsOptions): Promise<WrittenOutput[]> {
  const requested = new Set(options.formats ?? OUTPUT_FORMATS);
  const formats = OUTPUT_FORMATS.filter((format) => requested.has(format));
  const unwritable = (target: string) => (error: unknown) => {
    throw new ReportError("OUTPUT_UNWRITABLE", { path: target, problem: errorText(error) }, error);
  };
  await makeDirectory(options.outDir).catch(unwritable(options.outDir));
  const write = async (format: OutputFormat, data: ParallelReport): Promise<void> => {
    const path = join(options.outDir, OUTPUT_FILE_NAMES[format]);
    await writeFile(path, renderFormat(data, format, options), "utf8").catch(unwritable(path));
  };
  const { timer } = options;
  const last = timer === undefined ? undefined : formats.find((format) => format === "json");
  const started = performance.now();
  for (const format of formats) if (format !== last) await write(format, report);
  timer?.add("write outputs", performance.now() - started);
  if (timer !== undefined && last !== undefined)
    await write(last, { ...report, timing: { totalMs: timer.total(), phases: { ...timer.phases } } });
  return formats.map((format) => ({ format, path: join(options.outDir, OUTPUT_FILE_NAMES[format]) }));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether a string names an output format. */
export function isOutputFormat(name: string): name is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(name);
}

/**
 * Parses `--format`: a comma-separated list of format names (case-insensitive, `md` for markdown) or
 * `all`; undefined or empty means all. Unknown names are returned, not thrown, so the caller can raise its
 * own error naming them and the valid choices ({@link OUTPUT_FORMATS}).
 */
export function parseFormats(value: string | undefined): { formats: OutputFormat[]; unknown: string[] } {
  const names = (value ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "");
  if (names.length === 0 || names.includes("all")) return { formats: [...OUTPUT_FORMATS], unknown: [] };
  const aliases: Readonly<Record<string, OutputFormat>> = { md: "markdown", text: "terminal", txt: "terminal" };
  const resolved = names.map((name) => aliases[name] ?? name);
  return {
    formats: OUTPUT_FORMATS.filter((format) => resolved.includes(format)),
    unknown: resolved.filter((name) => !isOutputFormat(name)),
  };
}
