/**
 * Validation of the `parallel` section as the user wrote it. Returns every problem found, each with the path
 * of the field and a message that names the field, what was expected and what was given; never throws and
 * never replaces a bad value by a default.
 */
import type { HardhatUserConfigValidationError } from "hardhat/types/hooks";

import { TEMPLATE_OPTIONS } from "../../report/workloads/templates/template-options.js";

import { FALLBACK_MODES, HARDFORKS, REPORT_FORMATS, SOLC_SOURCES, STRATEGIES, WORKLOAD_TEMPLATES } from "./defaults.js";

type Path = Array<string | number>;
type Errors = HardhatUserConfigValidationError[];

const TOP_LEVEL_KEYS = [
  "networkName",
  "replaceDefault",
  "workers",
  "strategy",
  "shards",
  "fallback",
  "hardfork",
  "settingsFrom",
  "baseline",
  "report",
  "tolerance",
  "workloads",
  "profile",
  "solc",
];
const REPORT_KEYS = ["outDir", "formats"];
const WORKLOAD_KEYS = [
  "name",
  "template",
  "accounts",
  "transactions",
  "blockSize",
  "hotRatio",
  "zipf",
  "seed",
  "options",
];

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return String(value);
}

function dotted(path: Path): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function fail(errors: Errors, path: Path, expected: string, value: unknown): void {
  errors.push({ path, message: `${dotted(path)} must be ${expected}, got ${show(value)}` });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkKeys(errors: Errors, path: Path, value: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      errors.push({
        path: [...path, key],
        message: `${dotted([...path, key])} is not a known option; known options are: ${allowed.join(", ")}`,
      });
    }
  }
}

function checkInteger(errors: Errors, path: Path, value: unknown, min: number): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    fail(errors, path, min === 1 ? "a positive integer" : `an integer >= ${min}`, value);
  }
}

function checkNumber(errors: Errors, path: Path, value: unknown, min: number, max: number, maxOpen: boolean): void {
  if (value === undefined) return;
  const ok =
    typeof value === "number" && Number.isFinite(value) && value >= min && (maxOpen ? value < max : value <= max);
  if (!ok) fail(errors, path, `a number in [${min}, ${max}${maxOpen ? ")" : "]"}`, value);
}

function checkString(errors: Errors, path: Path, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== "string" || value.trim() === "") fail(errors, path, "a non-empty string", value);
}

function checkOneOf(errors: Errors, path: Path, value: unknown, allowed: readonly string[]): void {
  if (value === undefined) return;
  if (typeof value !== "string" || !allowed.includes(value)) {
    fail(errors, path, `one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`, value);
  }
}

function checkReport(errors: Errors, value: unknown): void {
  const path: Path = ["parallel", "report"];
  if (value === undefined) return;
  if (!isRecord(value)) return fail(errors, path, "an object", value);
  checkKeys(errors, path, value, REPORT_KEYS);
  checkString(errors, [...path, "outDir"], value.outDir);
  const formats = value.formats;
  if (formats === undefined) return;
  if (!Array.isArray(formats)) return fail(errors, [...path, "formats"], "an array of report formats", formats);
  formats.forEach((f: unknown, i) => checkOneOf(errors, [...path, "formats", i], f, REPORT_FORMATS));
}

/** A workload's sizes and traffic shape, configured or in a workload file's `params`. */
function checkSizes(errors: Errors, path: Path, value: Record<string, unknown>): void {
  for (const key of ["accounts", "transactions", "blockSize"]) checkInteger(errors, [...path, key], value[key], 1);
  checkInteger(errors, [...path, "seed"], value.seed, 0);
  checkNumber(errors, [...path, "hotRatio"], value.hotRatio, 0, 1, false);
  checkNumber(errors, [...path, "zipf"], value.zipf, 0, 10, false);
}

const PARAM_KEYS = ["accounts", "transactions", "blockSize", "hotRatio", "zipf", "seed"];

/**
 * Problems of a workload file's `params` (`defineWorkload({ params })`), by the rules of a configured
 * workload's fields: each message names the field (`params.transactions must be a positive integer, got -5`).
 */
export function workloadParamsProblems(params: unknown): string[] {
  const errors: Errors = [];
  if (params === undefined) return [];
  if (!isRecord(params)) fail(errors, ["params"], "an object", params);
  else {
    checkKeys(errors, ["params"], params, PARAM_KEYS);
    checkSizes(errors, ["params"], params);
  }
  return errors.map((e) => e.message);
}

function checkWorkload(errors: Errors, index: number, value: unknown, seen: Set<string>): void {
  const path: Path = ["parallel", "workloads", index];
  if (!isRecord(value)) return fail(errors, path, "an object with `name` and `template`", value);
  checkKeys(errors, path, value, WORKLOAD_KEYS);
  if (typeof value.name !== "string" || value.name.trim() === "") {
    fail(errors, [...path, "name"], "a non-empty string", value.name);
  } else if (seen.has(value.name)) {
    errors.push({
      path: [...path, "name"],
      message: `${dotted([...path, "name"])} "${value.name}" is used by another workload; names must be unique`,
    });
  } else {
    seen.add(value.name);
  }
  if (value.template === undefined)
    fail(errors, [...path, "template"], `one of ${WORKLOAD_TEMPLATES.join(", ")}`, value.template);
  else checkOneOf(errors, [...path, "template"], value.template, WORKLOAD_TEMPLATES);
  checkSizes(errors, path, value);
  if (value.options !== undefined && !isRecord(value.options))
    fail(errors, [...path, "options"], "an object", value.options);
  const known = typeof value.template === "string" ? TEMPLATE_OPTIONS[value.template] : undefined;
  if (known !== undefined && isRecord(value.options)) checkKeys(errors, [...path, "options"], value.options, known);
}

/** Validates `config.parallel`; an empty array means it is valid. */
export function validateParallelUserConfig(parallel: unknown): HardhatUserConfigValidationError[] {
  const errors: Errors = [];
  if (parallel === undefined) return errors;
  if (!isRecord(parallel)) {
    fail(errors, ["parallel"], "an object", parallel);
    return errors;
  }
  checkKeys(errors, ["parallel"], parallel, TOP_LEVEL_KEYS);
  checkString(errors, ["parallel", "networkName"], parallel.networkName);
  for (const key of ["replaceDefault", "profile"]) {
    if (parallel[key] !== undefined && typeof parallel[key] !== "boolean")
      fail(errors, ["parallel", key], "true or false", parallel[key]);
  }
  checkInteger(errors, ["parallel", "workers"], parallel.workers, 1);
  checkOneOf(errors, ["parallel", "strategy"], parallel.strategy, STRATEGIES);
  checkInteger(errors, ["parallel", "shards"], parallel.shards, 1);
  checkOneOf(errors, ["parallel", "fallback"], parallel.fallback, FALLBACK_MODES);
  checkOneOf(errors, ["parallel", "hardfork"], parallel.hardfork, HARDFORKS);
  checkOneOf(errors, ["parallel", "solc"], parallel.solc, SOLC_SOURCES);
  checkString(errors, ["parallel", "settingsFrom"], parallel.settingsFrom);
  checkString(errors, ["parallel", "baseline"], parallel.baseline);
  checkReport(errors, parallel.report);
  checkNumber(errors, ["parallel", "tolerance"], parallel.tolerance, 0, 1, true);
  if (parallel.workloads !== undefined) {
    if (!Array.isArray(parallel.workloads))
      fail(errors, ["parallel", "workloads"], "an array of workloads", parallel.workloads);
    else {
      const seen = new Set<string>();
      parallel.workloads.forEach((w: unknown, i) => checkWorkload(errors, i, w, seen));
    }
  }
  return errors;
}
