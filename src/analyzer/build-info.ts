/**
 * Types of the analyzer's input: a solc standard-JSON input/output pair (the common core of Hardhat 2/3 and
 * Foundry build-infos) reduced to the fields the analysis reads, so loaders can check exactly those.
 */
import type { SourceUnit } from "solidity-ast";
import type { ImmutableReferences } from "./deployed-immutables.js";

/** One `storage[]` entry of solc's storageLayout output. */
export interface StorageLayoutEntry {
  astId: number;
  contract: string;
  label: string;
  offset: number;
  slot: string;
  type: string;
}

/** solc's storageLayout output of one contract (`types` is kept for cross-checks only). */
export interface StorageLayout {
  storage: StorageLayoutEntry[];
  types?: Record<string, { encoding: string; label: string; numberOfBytes: string }> | null;
}

/** The part of a contract's solc output the analyzer reads. */
export interface ContractOutput {
  abi?: unknown[];
  storageLayout?: StorageLayout;
  evm?: {
    deployedBytecode?: { object?: string; immutableReferences?: ImmutableReferences };
    methodIdentifiers?: Record<string, string>;
  };
}

/** The part of solc's standard-JSON output the analyzer reads. */
export interface SolcOutputLike {
  sources: Record<string, { id: number; ast: SourceUnit }>;
  contracts?: Record<string, Record<string, ContractOutput>>;
  errors?: { severity: string; message: string; formattedMessage?: string }[];
}

/** The part of solc's standard-JSON input the analyzer reads (source text, for line/column positions). */
export interface SolcInputLike {
  sources: Record<string, { content?: string }>;
}

/** A loaded, checked build-info: where it came from, the compiler version, solc input and output. */
export interface BuildInfo {
  /** File name (or a label given by the caller) used in messages and source locations. */
  file: string;
  /** solc version (`0.8.28`), or `undefined` when the file does not record it. */
  solcVersion: string | undefined;
  input: SolcInputLike;
  output: SolcOutputLike;
}
