/**
 * JSON report: the model as is, in its own field order, 2-space indent, trailing newline. Absent values
 * (`undefined` in the model) are written as `null` so every documented field is present; the shape is
 * versioned by `schemaVersion` and documented by `schemas/parallel-report.schema.json`. Only `timing` and
 * `measured` differ between two runs of the same project.
 */
import type { ParallelReport } from "../report-model.js";

/** Path of the report's JSON schema inside the package. */
export const REPORT_SCHEMA_FILE = "schemas/parallel-report.schema.json";

/** Path of the baseline's JSON schema inside the package. */
export const BASELINE_SCHEMA_FILE = "schemas/parallel-baseline.schema.json";

/** Options of {@link renderJson}. */
export interface JsonOptions {
  /** Write `timing` as zeros (for byte-for-byte comparisons of two runs). Default false. */
  readonly zeroTiming?: boolean;
}

function replacer(_key: string, value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  return value;
}

/** Renders the report as deterministic JSON text ending with a newline. */
export function renderJson(report: ParallelReport, options: JsonOptions = {}): string {
  const data: ParallelReport =
    options.zeroTiming === true
      ? {
          ...report,
          timing: {
            totalMs: 0,
            phases: Object.fromEntries(Object.keys(report.timing.phases).map((phase) => [phase, 0])),
          },
        }
      : report;
  return `${JSON.stringify(data, replacer, 2)}\n`;
}
