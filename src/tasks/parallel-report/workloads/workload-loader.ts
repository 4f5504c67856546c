/**
 * Collects the workloads of a project: the `parallel.workloads` entries of the config (built-in templates with
 * parameters) and the default exports of `parallel/workloads/*.ts|js` files (`defineWorkload(...)`), each with
 * its resolved parameters. Names are unique; `--workload <name>` picks one.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { DEFAULTS } from "../../../plugin/config/defaults.js";
import type { WorkloadConfig } from "../../../plugin/config/types.js";
import { pluginError } from "../../../plugin/errors.js";

import { templateWorkload } from "./builtin-templates.js";
import type { WorkloadDefinition, WorkloadParams } from "./define-workload.js";

/** A workload ready to run. */
export interface LoadedWorkload {
  readonly definition: WorkloadDefinition<unknown>;
  readonly params: WorkloadParams;
}

function fromConfig(w: WorkloadConfig): LoadedWorkload {
  const base = templateWorkload(w.template, w.name);
  if (base === undefined) throw pluginError("UNKNOWN_WORKLOAD", { name: w.template, known: "the built-in templates" });
  const { accounts, transactions, blockSize, hotRatio, zipf, seed } = w;
  return {
    definition: { ...base, template: w.template, options: w.options },
    params: { accounts, transactions, blockSize, hotRatio, zipf, seed },
  };
}

function isDefinition(value: unknown): value is WorkloadDefinition<unknown> {
  const v = value as Partial<WorkloadDefinition<unknown>> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.name === "string" &&
    typeof v.setup === "function" &&
    typeof v.next === "function"
  );
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
      module = (await import(pathToFileURL(full).href)) as { default?: unknown };
    } catch (error) {
      throw pluginError("WORKLOAD_FILE_INVALID", { file: full, problem: (error as Error).message });
    }
    if (!isDefinition(module.default))
      throw pluginError("WORKLOAD_FILE_INVALID", {
        file: full,
        problem: "no default export with name, setup and next",
      });
    const d = DEFAULTS.workload;
    loaded.push({ definition: module.default, params: { ...d, ...module.default.params } });
  }
  return loaded;
}

/** The project's workloads, optionally only the one named `only`. */
export async function loadWorkloads(
  configured: readonly WorkloadConfig[],
  root: string,
  only: string | undefined,
): Promise<LoadedWorkload[]> {
  const dir = path.join(root, "parallel", "workloads");
  const all = [...configured.map(fromConfig), ...(await fromFiles(dir))];
  const seen = new Set<string>();
  for (const w of all) {
    if (seen.has(w.definition.name))
      throw pluginError("WORKLOAD_FILE_INVALID", {
        file: dir,
        problem: `two workloads are named "${w.definition.name}"`,
      });
    seen.add(w.definition.name);
  }
  if (all.length === 0) throw pluginError("NO_WORKLOADS", { dir });
  if (only === undefined) return all;
  const picked = all.filter((w) => w.definition.name === only);
  if (picked.length === 0)
    throw pluginError("UNKNOWN_WORKLOAD", { name: only, known: all.map((w) => w.definition.name).join(", ") });
  return picked;
}
