/**
 * Collects the workloads of a project: the `parallel.workloads` entries of the config (built-in templates with
 * parameters) and the default exports of `parallel/workloads/*.ts|js` files (`defineWorkload(...)`), each with
 * its resolved parameters. Names are unique; `--workload <name>` picks one.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { workloadParamsProblems } from "../../plugin/config/validation.js";
import { ReportError } from "../errors.js";

import { WORKLOAD_DEFAULTS, type WorkloadDefinition, type WorkloadParams } from "./define-workload.js";
import { importWorkloadFile } from "./import-workload-file.js";
import { templateWorkload } from "./templates/builtin-templates.js";

/** A configured workload (a `parallel.workloads` entry) with its defaults filled in. */
export interface WorkloadSpec extends WorkloadParams {
  readonly name: string;
  /** Built-in template id. */
  readonly template: string;
  /** Template-specific options. */
  readonly options: Readonly<Record<string, unknown>>;
}

/** A workload ready to run. */
export interface LoadedWorkload {
  readonly definition: WorkloadDefinition<unknown>;
  readonly params: WorkloadParams;
  /** The config entry it was built from (another thread can build it again); undefined for a workload file. */
  readonly spec?: WorkloadSpec;
  /** The workload file (relative to the project root) it came from; undefined for a config entry. */
  readonly file?: string;
}

/** The workload of a `parallel.workloads` entry (a built-in template with parameters). */
export function configWorkload(w: WorkloadSpec): LoadedWorkload {
  const base = templateWorkload(w.template, w.name);
  if (base === undefined)
    throw new ReportError("UNKNOWN_WORKLOAD", { name: w.template, known: "the built-in templates" });
  const { accounts, transactions, blockSize, hotRatio, zipf, seed } = w;
  return {
    definition: { ...base, template: w.template, options: w.options },
    params: { accounts, transactions, blockSize, hotRatio, zipf, seed },
    spec: w,
  };
}

/** What a default export lacks to be a workload (empty when it is one): `setup is not a function`... */
function definitionProblems(value: unknown): string[] {
  if (value === undefined) return ["the file has no default export"];
  if (typeof value !== "object" || value === null)
    return [`the default export is ${value === null ? "null" : typeof value}, not a workload`];
  const v = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof v.name !== "string") problems.push(v.name === undefined ? "`name` is missing" : "`name` is not a string");
  for (const part of ["setup", "next"] as const)
    if (typeof v[part] !== "function")
      problems.push(v[part] === undefined ? `\`${part}\` is missing` : `\`${part}\` is not a function`);
  return problems;
}

function isDefinition(value: unknown): value is WorkloadDefinition<unknown> {
  return definitionProblems(value).length === 0;
}

/** ` (at line:column)` of the first stack frame inside `file`, or empty. */
function firstFrameIn(error: unknown, file: string): string {
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  const url = pathToFileURL(file).href;
  const frame = stack.split("\n").find((line) => line.includes(url) || line.includes(file));
  const position = frame === undefined ? undefined : /:(\d+):(\d+)\)?\s*$/.exec(frame);
  return position === undefined || position === null ? "" : ` (at line ${position[1]}, column ${position[2]})`;
}

async function fromFiles(dir: string): Promise<LoadedWorkload[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => /\.(ts|mts|js|mjs)$/.test(f) && !f.endsWith(".d.ts")).sort();
  } catch {
    return [];
  }
  const loaded: LoadedWorkload[] = [];
  for (const file of files) {
    const full = path.join(dir, file);
    let module: { default?: unknown };
    try {
      module = await importWorkloadFile(pathToFileURL(full).href);
    } catch (error) {
      const problem = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new ReportError("WORKLOAD_FILE_THREW", { file: full, problem, at: firstFrameIn(error, full) }, error);
    }
    if (!isDefinition(module.default))
      throw new ReportError("WORKLOAD_FILE_INVALID", {
        file: full,
        problem: definitionProblems(module.default).join("; "),
      });
    const problems = workloadParamsProblems(module.default.params);
    if (problems.length > 0)
      throw new ReportError("WORKLOAD_PARAMS_INVALID", { file: full, problem: problems.join("; ") });
    loaded.push({
      definition: module.default,
      params: { ...WORKLOAD_DEFAULTS, ...module.default.params },
      file: path.join("parallel", "workloads", file),
    });
  }
  return loaded;
}

/** The project's workloads, optionally only the one named `only`. */
export async function loadWorkloads(
  configured: readonly WorkloadSpec[],
  root: string,
  only: string | undefined,
): Promise<LoadedWorkload[]> {
  const dir = path.join(root, "parallel", "workloads");
  const all = [...configured.map(configWorkload), ...(await fromFiles(dir))];
  const seen = new Set<string>();
  for (const w of all) {
    if (seen.has(w.definition.name))
      throw new ReportError("WORKLOAD_FILE_INVALID", {
        file: dir,
        problem: `two workloads are named "${w.definition.name}"`,
      });
    seen.add(w.definition.name);
  }
  if (only === undefined) return all;
  const picked = all.filter((w) => w.definition.name === only);
  if (picked.length === 0)
    throw new ReportError("UNKNOWN_WORKLOAD", { name: only, known: all.map((w) => w.definition.name).join(", ") });
  return picked;
}
