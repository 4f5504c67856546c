/**
 * The report's static inputs, in one place for both the main thread and the analysis thread
 * (analysis-thread.ts): the analyzer's result over the current build infos, the in-source acknowledgements, the
 * contracts by the names a workload may deploy them by, and the source texts the sharding section quotes.
 */
import type { AnalysisResult, ContractJson } from "../../analyzer/index.js";

import { readSourceTexts } from "../sharding/source-texts.js";

import { currentBuildInfos, plainSourceName, type CurrentBuildInfo } from "./current-build-infos.js";
import { analyzeProject, readAcknowledgements, type Acknowledgements } from "./static-view.js";

/** Where the project's build infos are and which of its folders hold tests and sources. */
export interface AnalysisPaths {
  /** Hardhat's artifacts folder. */
  readonly artifactsDir: string;
  /** The Solidity tests folder relative to the root (`test`), if any. */
  readonly testsDir: string | undefined;
  /** The Solidity sources folders relative to the root. */
  readonly sourcesDirs?: readonly string[] | undefined;
}

/** The analyzer's view of the project. */
export interface StaticAnalysis {
  readonly buildInfos: readonly CurrentBuildInfo[];
  readonly result: AnalysisResult | undefined;
  readonly acks: Acknowledgements;
}

/** Runs the analyzer over the current build infos and reads the acknowledgements (catalogued errors on faults). */
export async function staticAnalysis(paths: AnalysisPaths): Promise<StaticAnalysis> {
  const buildInfos = await currentBuildInfos(paths.artifactsDir, {
    testsDir: paths.testsDir,
    sourcesDirs: paths.sourcesDirs,
  });
  const result = await analyzeProject(buildInfos);
  return { buildInfos, result, acks: await readAcknowledgements(buildInfos, result) };
}

/** The analyzed contracts by plain `source:Name` and by their report name: a workload may deploy either. */
export function contractsByName(result: AnalysisResult | undefined): Map<string, ContractJson> {
  return new Map(
    (result?.contracts ?? []).flatMap((c) => [
      [`${plainSourceName(c.sourceName)}:${c.name.slice(c.name.lastIndexOf(":") + 1)}`, c] as const,
      [c.name, c] as const,
    ]),
  );
}

/** The source texts of the build infos (source name → text). */
export function sourceTexts(analysis: StaticAnalysis): Promise<Map<string, string>> {
  return readSourceTexts(analysis.buildInfos);
}
