/**
 * The static side of the report: the analyzer run over the project's build infos (Hardhat 3 writes the solc
 * input and output side by side in `artifacts/build-info/`), the per-contract conflict matrices and hotspots
 * the report shows, and the in-source acknowledgements (`/// @custom:parallel-allow <reason>` on a state
 * variable or a function) that turn findings into warnings.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import { analyze, type AnalysisResult, type BuildInfoSource, type ContractJson } from "../../analyzer/index.js";

import { ReportError } from "../errors.js";
import type { ContractReport, Remedy, SourceRef } from "../report-model.js";

/** Acknowledged names: `Contract.name` (variable or function) → reason. */
export type Acknowledgements = Map<string, string>;

/**
 * Build-info input/output pairs of a Hardhat 3 artifacts folder. An input without its `.output.json` is an
 * error, not a silent skip (the report would show no contract and pass).
 */
export async function buildInfoPairs(artifactsDir: string): Promise<BuildInfoSource[]> {
  const dir = path.join(artifactsDir, "build-info");
  let files: string[];
  try {
    files = await readdir(dir);
  } catch {
    return [];
  }
  const inputs = files.filter((f) => f.endsWith(".json") && !f.endsWith(".output.json")).sort();
  const orphan = inputs.find((f) => !files.includes(f.replace(/\.json$/, ".output.json")));
  if (orphan !== undefined) {
    const file = path.join(dir, orphan);
    throw new ReportError("BUILD_INFO_OUTPUT_MISSING", { file, expected: file.replace(/\.json$/, ".output.json") });
  }
  return inputs.map((f) => ({
    inputFile: path.join(dir, f),
    outputFile: path.join(dir, f.replace(/\.json$/, ".output.json")),
  }));
}

/**
 * Runs the analyzer over the project's build infos (undefined when there are none). A project contract with
 * state but no `storageLayout` in its build-info is an error rather than a silent switch to the less precise
 * bytecode analysis: the plugin asks solc for the layout, so its absence means stale or foreign artifacts.
 */
export async function analyzeProject(artifactsDir: string): Promise<AnalysisResult | undefined> {
  const pairs = await buildInfoPairs(artifactsDir);
  if (pairs.length === 0) return undefined;
  const result = analyze(pairs);
  const missing = result.findings.filter((f) => f.kind === "missing-storage-layout");
  if (missing.length > 0) {
    const contracts = missing.map((f) => f.contract).join(", ");
    throw new ReportError("STORAGE_LAYOUT_MISSING", { contracts, dir: path.join(artifactsDir, "build-info") });
  }
  return result;
}

const ALLOW = /@custom:parallel-allow\s+([^\n]*)\n(?:\s*\/\/\/[^\n]*\n|\s*\/\*[\s\S]*?\*\/\s*\n)*\s*([^\n;{]*)/g;

function declaredName(line: string): string | undefined {
  const fn = /\bfunction\s+(\w+)/.exec(line);
  if (fn !== null) return fn[1];
  const variable = /(\w+)\s*(?:=.*)?$/.exec(line.trim());
  return variable?.[1];
}

/** Reads acknowledgements from the sources of the project's build infos. */
export async function readAcknowledgements(
  artifactsDir: string,
  result: AnalysisResult | undefined,
): Promise<Acknowledgements> {
  const acks: Acknowledgements = new Map();
  if (result === undefined) return acks;
  for (const pair of await buildInfoPairs(artifactsDir)) {
    if (typeof pair !== "object" || !("inputFile" in pair)) continue;
    const input = JSON.parse(await readFile(pair.inputFile, "utf8")) as {
      input?: { sources?: Record<string, { content?: string }> };
    };
    for (const [sourceName, source] of Object.entries(input.input?.sources ?? {})) {
      for (const match of (source.content ?? "").matchAll(ALLOW)) {
        const name = declaredName(match[2] ?? "");
        const owners = result.contracts.filter((c) => c.sourceName === sourceName).map((c) => c.name);
        if (name !== undefined) for (const owner of owners) acks.set(`${owner}.${name}`, (match[1] ?? "").trim());
      }
    }
  }
  return acks;
}

/** Source reference of an analyzer position. */
export function sourceRef(position: { file: string; line: number; column: number } | undefined): SourceRef | undefined {
  return position === undefined
    ? undefined
    : { file: position.file.replace(/^project\//, ""), line: position.line, column: position.column };
}

function remedyOf(kind: string, text: string): Remedy {
  const map: Record<string, Remedy["kind"]> = {
    "sharded-counter": "partitioned-counter",
    "commutative-delta": "commutative-delta",
    "per-user-mapping": "per-user-mapping",
    "per-key-state": "per-user-mapping",
    "split-packed-slot": "split-packed-slot",
    "transient-lock": "spread-load",
  };
  return { kind: map[kind] ?? "none", text };
}

/** Whether a contract belongs to the project (not a dependency from npm). */
export function isProjectContract(c: ContractJson): boolean {
  return (
    c.sourceName.startsWith("project/") || (!c.sourceName.includes("node_modules") && !c.sourceName.startsWith("npm/"))
  );
}

/** The report's view of one analyzed contract. */
export function contractReport(c: ContractJson, acks: Acknowledgements): ContractReport {
  const unknownFunctions = c.functions.filter((f) => f.unknowns.length > 0).map((f) => f.signature);
  return {
    name: c.name,
    sourceName: c.sourceName.replace(/^project\//, ""),
    method: c.method,
    functions: c.matrix.functions,
    pairs: c.matrix.pairs.map((p) => ({
      first: p.a,
      second: p.b,
      conflict: p.class,
      condition: p.class === "unknown" ? p.reasons.join("; ") : p.words,
      variables: [...new Set(p.clauses.map((cl) => cl.variable))].sort(),
    })),
    counts: c.counts,
    unknownFunctions,
    hotspots: c.hotspots.map((h) => ({
      variable: h.location,
      pairs: h.pairs,
      declaration: sourceRef(h.declaration),
      remedy: remedyOf(h.remediation.kind, h.remediation.text),
      acknowledged: acks.get(`${c.name}.${h.location}`),
    })),
  };
}
