/**
 * SARIF 2.1.0 log for code scanning: one result per workload hotspot, per static hotspot, per check
 * finding and (without `--check`) per soundness miss, each located at its Solidity declaration
 * (`artifactLocation.uri` relative to the project root, `region.startLine/startColumn`). Rule ids come from
 * {@link SARIF_RULES}; the level follows the finding's severity, and an acknowledged hotspot
 * (`@custom:parallel-allow`) is a `note`. A check finding with a diff has its compact diff as the message's second
 * line; the check's hint is stated once, as a tool-execution notification of `invocations[0]`. Results are in report order, so the log is deterministic.
 */
import type { CheckFinding, ParallelReport, SourceRef } from "../report-model.js";
import { formatCompactDiff, formatPercent } from "./format-helpers.js";

/** A SARIF rule of hardhat-parallel. */
export interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: { readonly text: string };
  readonly defaultConfiguration: { readonly level: SarifLevel };
}

/** SARIF result levels used here. */
export type SarifLevel = "error" | "warning" | "note";

function rule(id: string, name: string, text: string, level: SarifLevel): SarifRule {
  return { id, name, shortDescription: { text }, defaultConfiguration: { level } };
}

/** The rule table. */
export const SARIF_RULES: readonly SarifRule[] = [
  rule("parallel/hotspot", "Hotspot", "A storage location many transactions of a workload contend on", "warning"),
  rule(
    "parallel/static-hotspot",
    "StaticHotspot",
    "A state variable that makes function pairs always conflict",
    "warning",
  ),
  rule("parallel/always-conflicting-pair", "AlwaysConflictingPair", "A new always-conflicting function pair", "error"),
  rule("parallel/new-hotspot", "NewHotspot", "A hotspot that is not in the baseline", "error"),
  rule("parallel/new-contract", "NewContract", "A contract that is not in the baseline", "warning"),
  rule("parallel/new-workload", "NewWorkload", "A workload that is not in the baseline", "warning"),
  rule("parallel/removed-contract", "RemovedContract", "A baseline contract that is no longer compiled", "note"),
  rule("parallel/removed-workload", "RemovedWorkload", "A baseline workload that no longer exists", "note"),
  rule("parallel/unknown-functions", "UnknownFunctions", "More functions whose accesses cannot be bounded", "error"),
  rule("parallel/speedup-drop", "SpeedupDrop", "Simulated speedup dropped beyond the tolerance", "error"),
  rule(
    "parallel/changed-workload",
    "ChangedWorkload",
    "A workload whose parameters changed since the baseline: its figures are a new experiment",
    "warning",
  ),
  rule(
    "parallel/cross-shard-rise",
    "CrossShardRise",
    "More cross-shard transactions under the recommended sharding placement",
    "error",
  ),
  rule("parallel/soundness-miss", "SoundnessMiss", "A recorded access the static analysis did not predict", "error"),
  rule("parallel/renamed", "Renamed", "A finding whose variable was renamed (same storage position)", "note"),
  rule("parallel/improvement", "Improvement", "Better than the baseline: update it", "note"),
];

const FINDING_RULES: Readonly<Record<CheckFinding["kind"], string>> = {
  "new-always-pair": "parallel/always-conflicting-pair",
  "new-hotspot": "parallel/new-hotspot",
  "new-contract": "parallel/new-contract",
  "new-workload": "parallel/new-workload",
  "removed-contract": "parallel/removed-contract",
  "removed-workload": "parallel/removed-workload",
  "more-unknown-functions": "parallel/unknown-functions",
  "speedup-drop": "parallel/speedup-drop",
  "changed-workload": "parallel/changed-workload",
  "cross-shard-rise": "parallel/cross-shard-rise",
  "soundness-miss": "parallel/soundness-miss",
  renamed: "parallel/renamed",
  improvement: "parallel/improvement",
};

/** Options of {@link renderSarif}. */
export interface SarifOptions {
  /**
   * Maps a source name to a path relative to the project root. Default: Hardhat 3's `project/` prefix is
   * removed, other names are kept.
   */
  readonly sourceUri?: (sourceName: string) => string;
}

/** Default {@link SarifOptions.sourceUri}: `project/contracts/A.sol` → `contracts/A.sol`. */
export function defaultSourceUri(sourceName: string): string {
  return sourceName.replace(/^project\//, "");
}

interface Result {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: { readonly text: string };
  readonly locations: ReadonlyArray<Record<string, unknown>>;
  readonly partialFingerprints: Readonly<Record<string, string>>;
}

function location(
  ref: SourceRef | undefined,
  fallbackFile: string | undefined,
  uri: (name: string) => string,
): Array<Record<string, unknown>> {
  const file = ref?.file ?? fallbackFile;
  if (file === undefined) return [];
  const region = { startLine: Math.max(1, ref?.line ?? 1), startColumn: Math.max(1, ref?.column ?? 1) };
  return [{ physicalLocation: { artifactLocation: { uri: uri(file), uriBaseId: "%SRCROOT%" }, region } }];
}

function result(
  ruleId: string,
  level: SarifLevel,
  text: string,
  locations: Array<Record<string, unknown>>,
  key: string,
): Result {
  const ruleIndex = SARIF_RULES.findIndex((entry) => entry.id === ruleId);
  return {
    ruleId,
    ruleIndex,
    level,
    message: { text },
    locations,
    partialFingerprints: { "hardhatParallel/v1": `${ruleId}:${key}` },
  };
}

function hotspotResults(report: ParallelReport, uri: (name: string) => string, sources: Map<string, string>): Result[] {
  return report.workloads.flatMap((workload) =>
    workload.hotspots.map((spot) => {
      const ack = spot.acknowledged === undefined ? "" : ` Acknowledged: ${spot.acknowledged}.`;
      const remedy = spot.remedy.text === "" ? "" : ` Remedy: ${spot.remedy.text}.`;
      const text =
        `${spot.label} is a hotspot of workload ${workload.name}: ${formatPercent(spot.edgeShare)} of the dependency edges, ` +
        `${spot.transactions} transactions touch it.${remedy}${ack}`;
      const fallback = spot.contract === undefined ? undefined : sources.get(spot.contract);
      const level = spot.acknowledged === undefined ? "warning" : "note";
      return result(
        "parallel/hotspot",
        level,
        text,
        location(spot.declaration, fallback, uri),
        `${workload.name}:${spot.label}`,
      );
    }),
  );
}

function staticResults(report: ParallelReport, uri: (name: string) => string): Result[] {
  return report.contracts.flatMap((contract) =>
    contract.hotspots.map((spot) => {
      const ack = spot.acknowledged === undefined ? "" : ` Acknowledged: ${spot.acknowledged}.`;
      const remedy = spot.remedy.text === "" ? "" : ` Remedy: ${spot.remedy.text}.`;
      const text = `${contract.name}.${spot.variable} makes ${spot.pairs} function pair(s) always conflict.${remedy}${ack}`;
      const level = spot.acknowledged === undefined ? "warning" : "note";
      const where = location(spot.declaration, contract.sourceName, uri);
      return result("parallel/static-hotspot", level, text, where, `${contract.name}.${spot.variable}`);
    }),
  );
}

function findingResults(report: ParallelReport, uri: (name: string) => string): Result[] {
  const levels = { error: "error", warning: "warning", notice: "note" } as const;
  return (report.check?.findings ?? []).map((finding) =>
    result(
      FINDING_RULES[finding.kind],
      levels[finding.severity],
      finding.diff === undefined ? finding.message : `${finding.message}\n${formatCompactDiff(finding.diff)}`,
      location(finding.source, undefined, uri),
      finding.message,
    ),
  );
}

function missResults(report: ParallelReport, uri: (name: string) => string, sources: Map<string, string>): Result[] {
  if (report.check !== undefined) return [];
  return report.soundness.misses.map((miss) => {
    const text = `${miss.contract}.${miss.function}: ${miss.access} of slot ${miss.slot} not predicted by the static summary (transaction ${miss.transaction}).`;
    const where = location(undefined, sources.get(miss.contract), uri);
    return result(
      "parallel/soundness-miss",
      "error",
      text,
      where,
      `${miss.contract}.${miss.function}:${miss.slot}:${miss.access}`,
    );
  });
}

/**
 * The check's hint (acknowledge or `--update-baseline`), once, as a `note` tool-execution notification of the
 * run's invocation; nothing when the check did not run or nothing changed. The tool itself ran fine even when the
 * check failed (the failures are results), so `executionSuccessful` is true.
 */
function invocations(report: ParallelReport): { invocations?: Array<Record<string, unknown>> } {
  const hint = report.check?.hint;
  if (hint === undefined) return {};
  const notification = { level: "note", message: { text: hint } };
  return { invocations: [{ executionSuccessful: true, toolExecutionNotifications: [notification] }] };
}

/** Renders the report as a SARIF 2.1.0 log (JSON text, 2-space indent, trailing newline). */
export function renderSarif(report: ParallelReport, options: SarifOptions = {}): string {
  const uri = options.sourceUri ?? defaultSourceUri;
  const sources = new Map(report.contracts.map((contract) => [contract.name, contract.sourceName]));
  const results = [
    ...findingResults(report, uri),
    ...missResults(report, uri, sources),
    ...hotspotResults(report, uri, sources),
    ...staticResults(report, uri),
  ];
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: report.tool.name, version: report.tool.version, rules: SARIF_RULES } },
        originalUriBaseIds: { "%SRCROOT%": { description: { text: "The Hardhat project root" } } },
        ...invocations(report),
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
