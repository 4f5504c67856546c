/**
 * The stable JSON form of an analysis (schema version 1): plain data only (bigints as hex strings, no
 * functions), so a result can be written with `JSON.stringify`, read back and fed to `checkSoundness`.
 * Documented field by field in src/analyzer/README.md.
 */
import { type AccessFact, accessFacts } from "./access-conditions.js";
import type { ConflictClass, PairConflict } from "./classify-conflicts.js";
import type { ExternalCall } from "./collect-accesses.js";
import type { ComposedAccess } from "./compose-calls.js";
import type { FunctionSummary, LocationAccess } from "./function-summaries.js";
import type { FalseSharing, Hotspot } from "./hotspots.js";
import type { KeySource, RootRef, SymbolicLocation } from "./locations.js";
import type { SourcePosition } from "./source-locations.js";
import type { ImmutableOffsets } from "./deployed-immutables.js";

/** Version of the JSON form; bumped on any incompatible change. */
export const RESULT_SCHEMA_VERSION = 1;

/** A slot level in JSON: `start`/`span` as `0x` hex strings, `span: null` for unbounded. */
export interface LevelJson {
  via: "root" | "map" | "array" | "data";
  key?: KeySource;
  start: string;
  span: string | null;
  /** Fixed-size array elements inside the level (`start`/`span` bound them); see `StaticIndex`. */
  index?: StaticIndexJson;
  /** A Solady-style seeded slot's root: `start` is the seed; the slot is keccak(account . seed [. account]). */
  hash?: "seeded";
}

/** `StaticIndex` in JSON: slots `base + Σ key·stride + [start, start + span)`, numbers as `0x` hex. */
export interface StaticIndexJson {
  base: string;
  terms: { key: KeySource; stride: string; count: string }[];
  start: string;
  span: string;
}

/** A symbolic location in JSON. */
export interface LocationJson {
  text: string;
  root: RootRef;
  levels: LevelJson[];
  deep: boolean;
  offset?: number;
  bytes?: number;
}

/** One access of a function summary in JSON. */
export interface AccessJson {
  location: LocationJson;
  commutative: boolean;
  at: SourcePosition[];
  /** Made only when these hold: facts on msg.sender, tx.origin or parameters (`access-conditions.ts`). */
  when?: AccessFact[];
  /** A write's every possible stored value, when each write merged into it tells (`stored-keys.ts`). */
  values?: KeySource[];
}

/** A function summary in JSON. */
export interface FunctionJson {
  name: string;
  signature: string;
  selector: string | null;
  kind: FunctionSummary["kind"];
  stateMutability: string;
  params: string[];
  reads: AccessJson[];
  writes: AccessJson[];
  /** Accesses made only on paths that revert: not in the pair classes, covered by the soundness check. */
  reverting?: AccessJson[];
  externalCalls: (ExternalCall & { at?: SourcePosition })[];
  unknowns: string[];
  reentrant: boolean;
  reentrancyGuard: FunctionSummary["reentrancyGuard"];
  declaration?: SourcePosition;
  /** Other contracts' storage reached through calls, bound to this function's keys (`compose-calls.ts`). */
  composed?: ComposedAccessJson[];
}

/** A read or write of another contract's storage reached through calls. */
export interface ComposedAccessJson {
  /** Class whose storage is accessed; `*` when no analyzed contract serves the call. */
  contract: string;
  /** The callee's address as a key of the calling function. */
  instance: KeySource;
  via: string;
  mode: "read" | "write";
  location: LocationJson;
  commutative: boolean;
  /** A raw call passing on a `bytes calldata` parameter: its target and data parameters (`mayConflict` places it). */
  forward?: { target: KeySource; data: KeySource; suffix?: KeySource };
  /** Made only when these hold: a getter's return being 0 (`if (pair == address(0)) pair = factory.createPair(a, b)`). */
  when?: AccessFact[];
}

/** A storage variable of a contract's layout. */
export interface StorageVariableJson {
  label: string;
  slot: string;
  offset: number;
  type: string;
  declaration?: SourcePosition;
}

/** Analysis of one contract. */
export interface ContractJson {
  name: string;
  sourceName: string;
  buildInfo: string;
  solcVersion: string | null;
  kind: "contract" | "abstract";
  /** `ast`: from AST + storageLayout; `bytecode`: the bytecode fallback (layout empty/missing). */
  method: "ast" | "bytecode";
  storage: StorageVariableJson[];
  namespaces: { id: string; slot: string }[];
  functions: FunctionJson[];
  /** Creating the contract (initializers and constructors, kind `constructor`); not an entry point of the matrix. */
  creation?: FunctionJson;
  /** Every unordered pair (including each function with itself); `functions` orders the matrix rows. */
  matrix: { functions: string[]; pairs: PairConflict[] };
  counts: Record<ConflictClass, number>;
  hotspots: Hotspot[];
  falseSharing: FalseSharing[];
  /**
   * Byte offset of each immutable's word in the deployed code, by name (`deployed-immutables.ts`), when the
   * build-info has `immutableReferences` (Hardhat's do): a deployment's code then tells their values.
   */
  immutables?: ImmutableOffsets;
}

/** A warning or note about the input (missing layout, unknown accesses, ...). */
export interface FindingJson {
  kind: "missing-storage-layout" | "bytecode-fallback";
  contract: string;
  message: string;
  hint: string;
}

/** The result of `analyze`. */
export interface AnalysisResult {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  tool: "hardhat-parallel/analyzer";
  contracts: ContractJson[];
  findings: FindingJson[];
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;

/** A symbolic location in JSON form. */
export function locationJson(loc: SymbolicLocation): LocationJson {
  const levels = loc.levels.map((l): LevelJson => ({
    via: l.via,
    ...(l.key ? { key: l.key } : {}),
    start: hex(l.start),
    span: l.span === null ? null : hex(l.span),
    ...(l.hash ? { hash: l.hash } : {}),
    ...(l.index
      ? {
          index: {
            base: hex(l.index.base),
            terms: l.index.terms.map((t) => ({ key: t.key, stride: hex(t.stride), count: hex(t.count) })),
            start: hex(l.index.start),
            span: hex(l.index.span),
          },
        }
      : {}),
  }));
  const packed = loc.offset !== undefined ? { offset: loc.offset, bytes: loc.bytes } : {};
  return { text: loc.text, root: loc.root, levels, deep: loc.deep, ...packed };
}

/**
 * The facts a composed access is made under, as JSON: only a getter's zero test (`zero-defaults.ts`), which holds
 * whenever the call is made. The call's other path facts include guards an early return may have skipped.
 */
function composedWhen(a: ComposedAccess): { when?: AccessFact[] } {
  const when = accessFacts(a.when)?.filter((f) => f.key.kind === "external-call");
  return when === undefined || when.length === 0 ? {} : { when };
}

/** A function summary in JSON form. */
export function functionJson(
  s: FunctionSummary,
  locate: (src: string) => SourcePosition | undefined,
  composed: readonly ComposedAccess[] = [],
): FunctionJson {
  const access = (a: LocationAccess): AccessJson => ({
    location: locationJson(a.location),
    commutative: a.commutative,
    at: a.srcs.map(locate).filter((p): p is SourcePosition => p !== undefined),
    ...(a.when ? { when: a.when } : {}),
    ...(a.values ? { values: a.values } : {}),
  });
  const declaration = locate(s.src);
  return {
    name: s.name,
    signature: s.signature,
    selector: s.selector,
    kind: s.kind,
    stateMutability: s.stateMutability,
    params: s.params,
    reads: s.reads.map(access),
    writes: s.writes.map(access),
    ...(s.reverting ? { reverting: s.reverting.map(access) } : {}),
    externalCalls: s.externalCalls.map(({ when: _when, ...c }) => {
      const at = locate(c.src);
      return { ...c, ...(at ? { at } : {}) };
    }),
    unknowns: s.unknowns,
    reentrant: s.reentrant,
    reentrancyGuard: s.reentrancyGuard,
    ...(declaration ? { declaration } : {}),
    ...(composed.length > 0
      ? {
          composed: composed.map((a) => ({
            contract: a.contract,
            instance: a.instance,
            via: a.via,
            mode: a.mode,
            location: locationJson(a.location),
            commutative: a.commutative,
            ...(a.forward ? { forward: a.forward } : {}),
            ...composedWhen(a),
          })),
        }
      : {}),
  };
}
