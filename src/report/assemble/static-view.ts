/**
 * The static side of the report: the analyzer run over the project's build infos (Hardhat 3 writes the solc
 * input and output side by side in `artifacts/build-info/`), the per-contract conflict matrices and hotspots
 * the report shows, and the in-source acknowledgements (`/// @custom:parallel-allow <reason>` on a state
 * variable or a function) that turn findings into warnings.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

import { analyze, type AnalysisResult, type ContractJson } from "../../analyzer/index.js";

import { ReportError } from "../errors.js";
import type { ContractReport } from "../report-model.js";

import { plainSourceName, type CurrentBuildInfo } from "./current-build-infos.js";
import { type Acknowledgements, findingId, staticFindings, staticHotspotKind, toSourceRef } from "./static-findings.js";

export type { Acknowledgements } from "./static-findings.js";

/**
 * Runs the analyzer over the build-infos the current artifacts name, keeping from each only the contracts whose
 * artifact names it (undefined when there are none). Dependencies' contracts (npm) have no artifact of their
 * own and are not kept; the project's contracts are analysed with their bases from the same build-info. A
 * build-info without its `.output.json` is an error, not a silent skip (the report would show no contract and
 * pass); so is a project contract with state but no `storageLayout` (the plugin asks solc for it, so its
 * absence means stale or foreign artifacts) rather than a silent switch to the bytecode analysis.
 */
export async function analyzeProject(buildInfos: readonly CurrentBuildInfo[]): Promise<AnalysisResult | undefined> {
  const contracts: ContractJson[] = [];
  const findings: AnalysisResult["findings"][number][] = [];
  let schemaVersion: AnalysisResult["schemaVersion"] | undefined;
  for (const info of buildInfos) {
    if (!existsSync(info.outputFile))
      throw new ReportError("BUILD_INFO_OUTPUT_MISSING", { file: info.inputFile, expected: info.outputFile });
    const wanted = new Set(info.contracts);
    const names = [...new Set(info.contracts.map((key) => key.slice(key.lastIndexOf(":") + 1)))];
    const result = analyze([{ inputFile: info.inputFile, outputFile: info.outputFile }], { contracts: names });
    schemaVersion = result.schemaVersion;
    const kept = result.contracts.filter((c) => wanted.has(`${plainSourceName(c.sourceName)}:${c.name}`));
    contracts.push(...kept);
    const labels = new Set(kept.map((c) => `${c.sourceName}:${c.name}`));
    findings.push(...result.findings.filter((f) => labels.has(f.contract)));
  }
  const missing = findings.filter((f) => f.kind === "missing-storage-layout");
  if (missing.length > 0) {
    const dir = path.dirname(buildInfos[0]?.inputFile ?? "build-info");
    throw new ReportError("STORAGE_LAYOUT_MISSING", { contracts: missing.map((f) => f.contract).join(", "), dir });
  }
  if (schemaVersion === undefined) return undefined;
  return { schemaVersion, tool: "hardhat-parallel/analyzer", contracts: qualifyAmbiguousNames(contracts), findings };
}

/**
 * Contracts that share a name (`contracts/v1/Vault.sol` and `contracts/v2/Vault.sol`) are named by their fully
 * qualified name (`contracts/v1/Vault.sol:Vault`, what a workload deploys them by), so that the report, the
 * finding ids and the baseline keep them apart; unique names stay bare.
 */
export function qualifyAmbiguousNames(contracts: readonly ContractJson[]): ContractJson[] {
  const count = new Map<string, number>();
  for (const c of contracts) count.set(c.name, (count.get(c.name) ?? 0) + 1);
  return contracts.map((c) =>
    (count.get(c.name) ?? 0) > 1 ? { ...c, name: `${plainSourceName(c.sourceName)}:${c.name}` } : c,
  );
}

const ALLOW = /@custom:parallel-allow\s+([^\n]*)\n(?:\s*\/\/\/[^\n]*\n|\s*\/\*[\s\S]*?\*\/\s*\n)*\s*([^\n;{]*)/g;

function declaredName(line: string): string | undefined {
  const fn = /\bfunction\s+(\w+)/.exec(line);
  if (fn !== null) return fn[1];
  const variable = /(\w+)\s*(?:=.*)?$/.exec(line.trim());
  return variable?.[1];
}

/**
 * Reads acknowledgements from the sources of the analysed contracts, each from the build-info it was analysed
 * from (so an acknowledgement deleted since an older build is not counted).
 */
export async function readAcknowledgements(
  buildInfos: readonly CurrentBuildInfo[],
  result: AnalysisResult | undefined,
): Promise<Acknowledgements> {
  const acks: Acknowledgements = new Map();
  if (result === undefined) return acks;
  for (const info of buildInfos) {
    const owners = result.contracts.filter((c) => c.buildInfo === info.outputFile);
    if (owners.length === 0) continue;
    const input = JSON.parse(await readFile(info.inputFile, "utf8")) as {
      input?: { sources?: Record<string, { content?: string }> };
    };
    for (const [sourceName, source] of Object.entries(input.input?.sources ?? {})) {
      const names = owners.filter((c) => c.sourceName === sourceName).map((c) => c.name);
      if (names.length === 0) continue;
      for (const match of (source.content ?? "").matchAll(ALLOW)) {
        const name = declaredName(match[2] ?? "");
        if (name !== undefined) for (const owner of names) acks.set(`${owner}.${name}`, (match[1] ?? "").trim());
      }
    }
  }
  return acks;
}

/** Source reference of an analyzer position. */
export { toSourceRef as sourceRef } from "./static-findings.js";

/** Whether a contract belongs to the project (not a dependency from npm). */
export function isProjectContract(c: ContractJson): boolean {
  return (
    c.sourceName.startsWith("project/") || (!c.sourceName.includes("node_modules") && !c.sourceName.startsWith("npm/"))
  );
}

/** One hotspot per variable (the one with most pairs): the analyzer may list a variable once per kind of contention. */
function onePerVariable<H extends { readonly location: string; readonly pairs: number }>(hotspots: readonly H[]): H[] {
  const best = new Map<string, H>();
  for (const h of hotspots) {
    const seen = best.get(h.location);
    if (seen === undefined || h.pairs > seen.pairs) best.set(h.location, h);
  }
  return hotspots.filter((h) => best.get(h.location) === h);
}

/** The report's view of one analyzed contract. */
export function contractReport(c: ContractJson, acks: Acknowledgements): ContractReport {
  const findings = staticFindings(c, acks);
  const unknownFunctions = c.functions.filter((f) => f.unknowns.length > 0).map((f) => f.signature);
  return {
    name: c.name,
    sourceName: c.sourceName.replace(/^project\//, ""),
    kind: c.kind,
    method: c.method,
    functions: c.matrix.functions,
    pairs: c.matrix.pairs.map((p) => ({
      // Unordered pair in code-point order: its identity must not depend on declaration order.
      first: p.a <= p.b ? p.a : p.b,
      second: p.a <= p.b ? p.b : p.a,
      conflict: p.class,
      condition: p.class === "unknown" ? p.reasons.join("; ") : p.words,
      variables: [...new Set(p.clauses.map((cl) => cl.variable))].sort(),
    })),
    counts: c.counts,
    unknownFunctions,
    findings,
    hotspots: onePerVariable(c.hotspots).map((h) => {
      const finding = findings.find((f) => f.id === findingId(staticHotspotKind(h), c.name, h.location));
      return {
        variable: h.location,
        pairs: h.pairs,
        declaration: toSourceRef(h.declaration) ?? finding?.source,
        remedy: finding?.remedy ?? { kind: "none", text: "" },
        acknowledged: finding?.acknowledged ?? acks.get(`${c.name}.${h.location}`),
      };
    }),
  };
}
