/**
 * Public API of the static storage-slot conflict analyzer: `analyze` build-infos into function summaries,
 * a conflict matrix per contract and hotspots (JSON form documented in ./README.md), and `checkSoundness`
 * of a result against the storage accesses an execution recorded.
 */
export { analyze, type AnalyzeOptions } from "./analyze.js";
export { loadBuildInfo, type BuildInfoSource } from "./build-info-loader.js";
export type { BuildInfo } from "./build-info.js";
export { AnalyzerError, ANALYZER_ERRORS, type AnalyzerErrorKind } from "./errors.js";
export type { ConflictClass, ConflictClause, PairConflict, ReentrancyCaveat } from "./classify-conflicts.js";
export type { KeyEquality } from "./alias.js";
export type { KeySource, RootRef } from "./locations.js";
export type { Hotspot, FalseSharing, Remediation, RemediationKind } from "./hotspots.js";
export type { SourcePosition } from "./source-locations.js";
export * from "./result.js";
export {
  checkSoundness,
  functionFor,
  keyValue,
  type ExecutedCall,
  type ExecutedTransaction,
  type SoundnessInput,
  type SoundnessMiss,
  type SoundnessReport,
} from "./soundness.js";
export { summarizeBytecode } from "./bytecode-fallback.js";
export { deploymentIndex, mayConflict, placedAccesses } from "./predict-conflict.js";
export type { Immutables } from "./key-value-sets.js";
export { deployedImmutables, immutableValues, type ImmutableOffsets } from "./deployed-immutables.js";
export { placedConflict, type Placed } from "./placed-conflict.js";
export { withUnreached } from "./unreached-accesses.js";
export { classifyInstances, type EntryRef } from "./classify-instances.js";
export type { AcrossVerdict } from "./classify-across.js";
