/**
 * Pairs across instances: two entry points of any two analyzed contracts (a vault's `deposit` and its asset's
 * `transfer`), classified over everything they touch — each one's own storage at its instance and the storage
 * its calls reach (`composed`). Two instances of a class never share storage; different classes never do; a
 * composed access meets the other side's own storage when its instance key can be that contract (`_asset` =
 * the token′). With `sameInstance` (one contract, one address) own storage meets as in the matrix.
 */
import { type ConflictClass, type PairConflict, classifyPair } from "./classify-conflicts.js";
import { type AcrossVerdict, lift } from "./classify-across.js";
import type { ComposedAccess } from "./compose-calls.js";
import type { FunctionSummary, LocationAccess } from "./function-summaries.js";
import { AnalyzerError } from "./errors.js";
import type { KeySource, Level, SymbolicLocation } from "./locations.js";
import type {
  AnalysisResult,
  ComposedAccessJson,
  ContractJson,
  FunctionJson,
  LevelJson,
  LocationJson,
} from "./result.js";

/** An entry point: contract name and function name or signature. */
export interface EntryRef {
  contract: string;
  function: string;
}

/** A location from its JSON form, every key passed through `key`. */
export function locationFromJson(loc: LocationJson, key: (k: KeySource) => KeySource): SymbolicLocation {
  const level = (l: LevelJson): Level => ({
    via: l.via,
    ...(l.key !== undefined ? { key: key(l.key) } : {}),
    start: BigInt(l.start),
    span: l.span === null ? null : BigInt(l.span),
    ...(l.index !== undefined
      ? {
          index: {
            base: BigInt(l.index.base),
            start: BigInt(l.index.start),
            span: BigInt(l.index.span),
            terms: l.index.terms.map((t) => ({ key: key(t.key), stride: BigInt(t.stride), count: BigInt(t.count) })),
          },
        }
      : {}),
  });
  return {
    text: loc.text,
    root: loc.root,
    levels: loc.levels.map(level),
    deep: loc.deep,
    ...(loc.offset !== undefined ? { offset: loc.offset } : {}),
    ...(loc.bytes !== undefined ? { bytes: loc.bytes } : {}),
    type: { kind: "unknown", reason: "from JSON" },
  };
}

const isSelf = (k: KeySource) =>
  k.kind === "const" && k.value === undefined && (k.text === "this" || k.text === "address(this)");

/**
 * The address of one side's own contract. On distinct instances each side gets a value no real address has
 * (above 2^160), so the two never compare equal to each other, and stay terms against unknown addresses.
 */
function selfKey(contract: string, side: 0 | 1, sameInstance: boolean): KeySource {
  if (sameInstance) return { kind: "const", text: "address(this)" };
  const text = `address(${contract}${side === 1 ? "′" : ""})`;
  return { kind: "const", text, value: ((1n << 160n) + BigInt(side + 1)).toString() };
}

function findEntry(result: AnalysisResult, ref: EntryRef): [ContractJson, FunctionJson] {
  const contract = result.contracts.find(
    (c) => c.name === ref.contract || `${c.sourceName}:${c.name}` === ref.contract,
  );
  const fn = contract?.functions.find((f) => f.signature === ref.function || f.name === ref.function);
  if (contract === undefined || fn === undefined) {
    const contracts = result.contracts.map((c) => c.name).join(", ");
    throw new AnalyzerError("UNKNOWN_ENTRY", { function: ref.function, contract: ref.contract, contracts });
  }
  return [contract, fn];
}

/** One side as a summary of lifted accesses: own ones (unless left out) and composed ones. */
function side(
  contract: ContractJson,
  fn: FunctionJson,
  self: KeySource,
  own: boolean,
  oneCaller: boolean,
): FunctionSummary {
  const key = (k: KeySource): KeySource => (isSelf(k) ? self : k);
  // The facts a composed access is made under are for `mayConflict`; classes hold for any values.
  const placed = ({ when: _when, ...a }: ComposedAccessJson): ComposedAccess => ({
    ...a,
    instance: key(a.instance),
    location: locationFromJson(a.location, key),
  });
  const ownAccess = (mode: "read" | "write") => (a: { location: LocationJson; commutative: boolean }) =>
    placed({
      contract: contract.name,
      instance: self,
      via: "",
      mode,
      location: a.location,
      commutative: a.commutative,
    });
  const accesses = [
    ...(own ? [...fn.reads.map(ownAccess("read")), ...fn.writes.map(ownAccess("write"))] : []),
    ...(fn.composed ?? []).map(placed),
  ];
  const lifted = (mode: "read" | "write"): LocationAccess[] =>
    accesses
      .filter((a) => a.mode === mode)
      .map((a) => ({ location: lift(a, oneCaller), commutative: a.commutative, srcs: [] }));
  return {
    name: fn.name,
    signature: `${contract.name}.${fn.signature}`,
    selector: fn.selector,
    kind: fn.kind,
    stateMutability: fn.stateMutability,
    params: fn.params,
    reads: lifted("read"),
    writes: lifted("write"),
    externalCalls: [],
    unknowns: [],
    reentrant: false,
    reentrancyGuard: "none",
    src: "",
  };
}

const ORDER: ConflictClass[] = ["always", "unknown", "key-dependent", "commutative-only", "none"];

/** Classifies two entry points of (possibly) different contracts over all the storage they reach. */
export function classifyInstances(
  result: AnalysisResult,
  a: EntryRef,
  b: EntryRef,
  options: { sameInstance?: boolean } = {},
): AcrossVerdict {
  const [ca, fa] = findEntry(result, a);
  const [cb, fb] = findEntry(result, b);
  const one = options.sameInstance === true && ca.name === cb.name;
  const [sa, sb] = [selfKey(ca.name, 0, one), selfKey(cb.name, 1, one)];
  // Distinct instances: own storage meets only the other side's calls, never the other side's own storage.
  const runs = one
    ? [classifyPair(side(ca, fa, sa, true, true), side(cb, fb, sb, true, true))]
    : [
        classifyPair(side(ca, fa, sa, true, false), side(cb, fb, sb, false, false)),
        classifyPair(side(ca, fa, sa, false, false), side(cb, fb, sb, true, false)),
      ];
  const verdict = merge(runs);
  const same = runs.map((r) => r.sameSender ?? r);
  const sameSender = runs.some((r) => r.sameSender !== undefined) ? merge(same) : undefined;
  return {
    ...verdict,
    reasons: [...new Set(runs.flatMap((r) => r.reasons))],
    ...(sameSender !== undefined ? { sameSender } : {}),
  };
}

/** The verdicts of the runs together: the worst class, every clause, the words of each conflicting run. */
function merge(
  runs: Pick<PairConflict, "class" | "clauses" | "words">[],
): Pick<AcrossVerdict, "class" | "clauses" | "words"> {
  const cls = ORDER.find((c) => runs.some((r) => r.class === c)) ?? "none";
  const clauses = [...new Map(runs.flatMap((r) => r.clauses).map((c) => [JSON.stringify(c), c])).values()];
  const words = [...new Set(runs.filter((r) => r.class !== "none").map((r) => r.words))].join("; or ");
  return { class: cls, clauses, words: words === "" ? "never conflict" : words };
}
