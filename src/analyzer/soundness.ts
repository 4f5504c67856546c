/**
 * Soundness check against execution: for every executed transaction, the storage slots it actually touched
 * in an analyzed contract must be covered by the summary of the function(s) called there. Summary keys are
 * resolved with the real sender and calldata words; storage-read, external-call and unknown keys are
 * wildcards, checked through keccak preimages when the runtime records them. An uncovered slot is a MISS.
 */
import { keccakBig, word } from "./constants.js";
import { keyValue, norm } from "./key-values.js";
import type { KeySource } from "./locations.js";
import type { ExecutedCall, ExecutedTransaction } from "./executed-transaction.js";
import type { AccessJson, AnalysisResult, ContractJson, FunctionJson, LevelJson } from "./result.js";

export type { ExecutedCall, ExecutedTransaction } from "./executed-transaction.js";

/** Input of {@link checkSoundness}. */
export interface SoundnessInput {
  result: AnalysisResult;
  /** Deployed address (any case) → contract name (`Token` or `contracts/Token.sol:Token`). */
  deployments: Record<string, string>;
  transactions: ExecutedTransaction[];
}

/** An observed access the summary does not cover: a bug in the analysis. */
export interface SoundnessMiss {
  tx: string;
  contract: string;
  address: string;
  function: string;
  slot: string;
  kind: "read" | "write";
}

/** Result of {@link checkSoundness}. */
export interface SoundnessReport {
  transactions: number;
  /** Accesses to analyzed contracts that were checked. */
  checked: number;
  /** Accesses only a wildcard could cover and no preimage could confirm (not counted as misses). */
  unverified: number;
  misses: SoundnessMiss[];
}

function findContract(result: AnalysisResult, name: string): ContractJson | undefined {
  return result.contracts.find((c) => `${c.sourceName}:${c.name}` === name || c.name === name);
}

export { keyValue };

/** The function(s) of a contract a call runs: by selector, else `fallback`/`receive`. */
export function functionFor(contract: ContractJson, input: string): FunctionJson[] {
  const data = input.replace(/^0x/, "");
  const selector = data.slice(0, 8).toLowerCase();
  const fn = contract.functions.find((f) => f.selector === selector);
  if (fn !== undefined) return [fn];
  const special = contract.functions.filter(
    (f) => (data.length === 0 ? f.kind === "receive" : false) || f.kind === "fallback",
  );
  return special.length > 0 ? special : contract.functions.filter((f) => f.kind === "receive");
}

type Concrete = bigint | "any";

/** Decomposes a slot into [root, ...(key, offset)] through recorded preimages. */
function chainOf(
  slot: bigint,
  preimages: Map<bigint, string>,
): { root: bigint; steps: { key: bigint | null; off: bigint }[] } {
  for (const [hash, pre] of preimages) {
    const off = slot - hash;
    if (off < 0n || off > 1n << 64n) continue;
    const bytes = pre.replace(/^0x/, "");
    if (bytes.length !== 64 && bytes.length !== 128) continue;
    const base = BigInt(`0x${bytes.slice(-64)}`);
    const inner = chainOf(base, preimages);
    const key = bytes.length === 128 ? BigInt(`0x${bytes.slice(0, 64)}`) : null;
    return { root: inner.root, steps: [...inner.steps, { key, off }] };
  }
  return { root: slot, steps: [] };
}

type Resolve = (key: KeySource | undefined) => Concrete;
type Range = [bigint, bigint | null];

/** At most this many elements are enumerated for fixed-array indices with unknown values. */
const MAX_ELEMENTS = 4096n;

function within(ranges: Range[], value: bigint): boolean {
  return ranges.some(([lo, hi]) => value >= lo && (hi === null || value < hi));
}

/**
 * The slot ranges (relative to the level's base) a level covers: its bounds, or with fixed-array indices one
 * range per element the keys can denote (every element for an unresolved key).
 */
function levelRanges(level: LevelJson, resolve: Resolve): Range[] {
  const start = norm(level.start);
  const bounds: Range = [start, level.span === null ? null : start + norm(level.span)];
  const index = level.index;
  if (index === undefined) return [bounds];
  let offsets = [norm(index.base) + norm(index.start)];
  for (const term of index.terms) {
    const value = resolve(term.key);
    const count = norm(term.count);
    if (value === "any" && count * BigInt(offsets.length) > MAX_ELEMENTS) return [bounds];
    const values = value === "any" ? Array.from({ length: Number(count) }, (_, k) => BigInt(k)) : [value];
    offsets = offsets.flatMap((o) => values.map((k) => o + k * norm(term.stride)));
  }
  return offsets.map((o): Range => [o, o + norm(index.span)]);
}

function covers(
  access: AccessJson,
  slot: bigint,
  resolve: Resolve,
  preimages: Map<bigint, string>,
): boolean | "unverified" {
  const loc = access.location;
  if (loc.root.kind === "unknown") return true;
  if (loc.root.kind === "balance") return false; // an ETH balance covers no storage slot
  const [root, ...rest] = loc.levels;
  if (root === undefined) return true;
  if (root.hash === "seeded") return seededCovers(norm(root.start), rest, slot, resolve);
  const roots = levelRanges(root, resolve);
  if (rest.length === 0)
    return (
      within(roots, slot) ||
      (loc.deep && chainOf(slot, preimages).steps.length > 0 && within(roots, chainOf(slot, preimages).root))
    );
  const values = rest.map((l) => resolve(l.key));
  const chain = chainOf(slot, preimages);
  if (chain.steps.length === 0) {
    if (values.includes("any") || rest.some((l) => l.span === null)) return "unverified";
    const ranges = concreteRanges(loc.levels, values, resolve);
    if (within(ranges, slot)) return true;
    // Below a deep location without preimages: the data of a dynamic array or bytes member, else unverified.
    return loc.deep ? dataOf(ranges, slot) || "unverified" : false;
  }
  if (!within(roots, chain.root) || chain.steps.length < rest.length || (chain.steps.length > rest.length && !loc.deep))
    return false;
  return rest.every((level, i) => {
    const stepAt = chain.steps[i];
    const value = values[i];
    if (stepAt === undefined) return false;
    const keyOk = value === "any" || level.via !== "map" || stepAt.key === value;
    const isMap = level.via === "map";
    // An array element: any offset below the array's data slot is an element (with an unresolved index, any
    // element; a member's offset within it is not checked). Elsewhere the offset must lie in the level's range.
    const offOk = level.span === null || level.via === "array" ? true : within(levelRanges(level, resolve), stepAt.off);
    return keyOk && isMap === (stepAt.key !== null) && offOk;
  });
}

/** A Solady-style seeded slot: keccak(account . seed) or keccak(account . seed(12 bytes) . spender). */
function seededCovers(seed: bigint, levels: LevelJson[], slot: bigint, resolve: Resolve): boolean | "unverified" {
  const keys = levels.map((l) => resolve(l.key));
  const [owner, spender] = keys;
  if (owner === undefined || keys.includes("any")) return "unverified";
  const head = word(((owner as bigint) << 96n) | seed);
  const preimage = spender === undefined ? head : Buffer.concat([head, word(spender as bigint).subarray(12)]);
  return keccakBig(preimage) === slot;
}

/** Whether `slot` is in the data (`keccak256(s) + i`) of one of the (at most 64) slots `s` of `ranges`. */
function dataOf(ranges: Range[], slot: bigint): boolean {
  return ranges.some(([lo, hi]) => {
    if (hi === null || hi - lo > 64n) return false;
    for (let s = lo; s < hi; s++) {
      const data = keccakBig(word(s));
      if (slot >= data && slot - data < 1n << 40n) return true;
    }
    return false;
  });
}

/** The slot ranges a location with concrete keys covers. */
function concreteRanges(levels: LevelJson[], values: Concrete[], resolve: Resolve): Range[] {
  const [root, ...rest] = levels;
  if (root === undefined) return [];
  let ranges = levelRanges(root, resolve);
  rest.forEach((level, i) => {
    const value = values[i] as bigint;
    const inner = levelRanges(level, resolve);
    ranges = ranges.flatMap(([base]) => {
      const hashed =
        level.via === "map"
          ? keccakBig(Buffer.concat([word(value), word(base)]))
          : keccakBig(word(base)) + value * norm(level.span ?? "0x1");
      return inner.map(([lo, hi]): Range => [hashed + lo, hi === null ? null : hashed + hi]);
    });
  });
  return ranges;
}

/**
 * Checks executed transactions against an analysis result; every uncovered access is a miss.
 *
 * @returns counts and the list of misses (contract, function, slot, transaction).
 */
export function checkSoundness(input: SoundnessInput): SoundnessReport {
  const report: SoundnessReport = { transactions: input.transactions.length, checked: 0, unverified: 0, misses: [] };
  const deployments = new Map(Object.entries(input.deployments).map(([a, n]) => [a.toLowerCase(), n]));
  for (const tx of input.transactions) {
    const preimages = new Map(Object.entries(tx.preimages ?? {}).map(([h, p]) => [norm(h), p]));
    const calls = tx.calls ?? [{ from: tx.from, to: tx.to, input: tx.input }];
    for (const access of tx.accesses) {
      const name = deployments.get(access.address.toLowerCase());
      const contract = name === undefined ? undefined : findContract(input.result, name);
      if (contract === undefined) continue;
      report.checked += 1;
      const frames = calls.filter((c) => c.to.toLowerCase() === access.address.toLowerCase());
      const verdict = verdictsOf(contract, access, frames, tx, preimages);
      if (verdict.includes(true)) continue;
      if (verdict.includes("unverified")) {
        report.unverified += 1;
        continue;
      }
      const fnNames = frames.flatMap((call) => functionFor(contract, call.input).map((f) => f.signature));
      report.misses.push({
        tx: tx.hash,
        contract: contract.name,
        address: access.address,
        function: fnNames.join(" | ") || "<no function>",
        slot: access.slot,
        kind: access.kind,
      });
    }
  }
  return report;
}

/**
 * Whether the functions that ran at the access's address cover it: the frames' functions, and the
 * constructor when no frame ran the contract's code or the transaction deployed it (creation frames have no
 * recorded target; a factory's pair may be created, then called, in one transaction).
 */
function verdictsOf(
  contract: ContractJson,
  access: ExecutedTransaction["accesses"][number],
  frames: readonly ExecutedCall[],
  tx: ExecutedTransaction,
  preimages: Map<bigint, string>,
): Array<boolean | "unverified"> {
  const deployedHere = tx.created?.some((a) => a.toLowerCase() === access.address.toLowerCase()) === true;
  const created = (frames.length === 0 && (tx.calls !== undefined || tx.to === "")) || deployedHere;
  const constructor = { from: "", to: access.address, input: "" };
  const byConstructor =
    created && contract.creation !== undefined ? [covered(contract.creation, access, constructor, tx, preimages)] : [];
  const byFrames = frames.flatMap((call) =>
    functionFor(contract, call.input).map((fn) => covered(fn, access, call, tx, preimages)),
  );
  return [...byConstructor, ...byFrames];
}

function covered(
  fn: FunctionJson,
  access: ExecutedTransaction["accesses"][number],
  call: ExecutedCall,
  tx: ExecutedTransaction,
  preimages: Map<bigint, string>,
): boolean | "unverified" {
  // A reverted transaction's accesses on a doomed path: the summary lists them apart (read or undone write).
  const candidates = [...(access.kind === "write" ? fn.writes : [...fn.reads, ...fn.writes]), ...(fn.reverting ?? [])];
  const slot = norm(access.slot);
  let result: boolean | "unverified" = false;
  const resolve: Resolve = (key) => keyValue(key, call, tx, fn);
  for (const a of candidates) {
    const verdict = covers(a, slot, resolve, preimages);
    if (verdict === true) return true;
    if (verdict === "unverified") result = "unverified";
  }
  return result;
}
