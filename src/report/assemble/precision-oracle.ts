/**
 * The analyzer's precision oracle: every pair of executed transactions that called the same analyzed contract
 * is judged twice — statically and by execution (a storage slot one wrote and the other read or wrote).
 * Precision is over the contract's own storage: the pair's class, or its same-sender verdict for one sender,
 * a key-dependent condition evaluated with the transactions' senders and arguments (keys execution cannot tell
 * count as "may"), and the analysis instantiated on both (`placedConflict`, as `mayConflict`: array elements
 * valued from calldata, the chain's senders running no code) — a pair is predicted when both say it may. A pair with a reverted transaction is judged by the analysis instantiated on both
 * (`placedAccesses`): a reverted transaction's storage writes are undone, so everything its function may
 * touch, paths that revert included, is a read (it meets only the other's writes). Soundness also covers other
 * contracts' storage the two reach through calls: a pair predicted free in the contract's storage that
 * conflicted in another contract's is a miss unless the `across` analysis instantiated on both (as `mayConflict`
 * does) predicted a conflict at that address. Per contract: the share of predicted-conflicting
 * pairs execution confirmed, the function pairs predicted conflicting that never conflicted, and every miss
 * (execution conflicted, the analysis said no: a bug; `address:slot` when in another contract).
 */
import {
  deploymentIndex,
  functionFor,
  keyValue,
  placedAccesses,
  placedConflict,
  type Placed,
  type AnalysisResult,
  type ContractJson,
  type ExecutedTransaction,
  type FunctionJson,
  type KeySource,
  type PairConflict,
} from "../../analyzer/index.js";

import type { PrecisionReport } from "../report-model.js";
import type { WorkloadRun } from "../record/workload-runner.js";

/** What the oracle reads of a workload run: its deployments and executed transactions (per chain). */
export type ExecutedRun = { readonly run: Pick<WorkloadRun, "deployments" | "executed" | "chains"> };

/** Transactions per contract and chain taken into the pairwise comparison (bounds the quadratic work). */
const MAX_TRANSACTIONS = 400;

interface Judged {
  tx: ExecutedTransaction;
  fn: FunctionJson;
  /** Slots of the contract: true when written. */
  slots: Map<string, boolean>;
  /** Slots of other contracts (`address:slot`): true when written. */
  otherSlots: Map<string, boolean>;
  /** The call as the key evaluation sees it. */
  call: { from: string; to: string; input: string };
  /** Key values already evaluated for this transaction (keys are objects of the analysis result). */
  keys: Map<KeySource | undefined, bigint | "any">;
  /** Its predicted accesses, keys valued, of this contract's storage and of others' (built when needed). */
  placed?: { own: Placed[]; other: Placed[] };
  /** Its predicted accesses that may be at one other contract's address, by address (built when needed). */
  at?: Map<string, Placed[]>;
}

/** Where the judged transactions ran: the contract's analysis, its address and the chain's deployments. */
interface Scene {
  result: AnalysisResult;
  contract: ContractJson;
  address: string;
  deployments: Record<string, string>;
  /** The deployments by lowercase address. */
  byAddress: ReadonlyMap<string, string>;
  /** Every sender of the chain's transactions (lowercase): accounts without code, where nothing runs. */
  senders: readonly string[];
}

/** The value of `key` in the judged transaction's call, evaluated once per transaction and key. */
function valueOf(j: Judged, key: KeySource | undefined): bigint | "any" {
  let value = j.keys.get(key);
  if (value === undefined) {
    value = keyValue(key, j.call, j.tx, j.fn);
    j.keys.set(key, value);
  }
  return value;
}

function conflicted(x: Map<string, boolean>, y: Map<string, boolean>): string | undefined {
  for (const [slot, written] of x) {
    const other = y.get(slot);
    if (other !== undefined && (written || other)) return slot;
  }
  return undefined;
}

type Verdict = Pick<PairConflict, "class" | "clauses">;

function clauseHolds(pair: Verdict, first: Judged, second: Judged): boolean {
  return pair.clauses.some((clause) =>
    clause.terms.every((t) => {
      const a = valueOf(first, t.a);
      const b = valueOf(second, t.b);
      return a === "any" || b === "any" || a === b;
    }),
  );
}

/** The transaction's predicted accesses, keys valued: of the scene's contract, and of the others it reaches. */
function placedOf(scene: Scene, j: Judged): { own: Placed[]; other: Placed[] } {
  if (j.placed !== undefined) return j.placed;
  const own: Placed[] = [];
  const other: Placed[] = [];
  for (const p of placedAccesses(scene.result, scene.deployments, j.tx)) {
    // An access at an address execution does not tell may be at this contract (of its class) or elsewhere.
    const any = p.address === "any";
    if (p.address === scene.address || (any && [scene.contract.name, "*"].includes(p.contract))) own.push(p);
    if (p.address !== scene.address) other.push(p);
  }
  j.placed = { own, other };
  return j.placed;
}

/**
 * Whether the analysis instantiated on both transactions (`placedConflict`) meets in the contract's storage:
 * their senders, and every other sender of the chain, are accounts without code (EIP-3607), where a call runs
 * nothing (a token's receiver hook called on a sender), as `mayConflict` assumes.
 */
function placedOwn(scene: Scene, x: Judged, y: Judged): boolean {
  const [px, py] = [placedOf(scene, x).own, placedOf(scene, y).own];
  return placedConflict(px, py, scene.byAddress, [x.tx.from, y.tx.from], scene.senders) !== undefined;
}

/**
 * Whether the static analysis predicts that the two transactions may conflict in the contract's storage: the
 * pair's class (a key-dependent condition evaluated), and the analysis instantiated on both — each is sound
 * alone, so a pair is predicted conflicting only when both say it may be.
 */
function predictedOwn(scene: Scene, pair: PairConflict, x: Judged, y: Judged): boolean {
  // The classes describe successful transactions: a reverted one is judged by its instantiated accesses.
  if (x.tx.reverted === true || y.tx.reverted === true) return placedOwn(scene, x, y);
  const sameSender = x.tx.from.toLowerCase() === y.tx.from.toLowerCase();
  const verdict: Verdict = sameSender ? (pair.sameSender ?? pair) : pair;
  if (verdict.class === "none") return false;
  // always, key-dependent, commutative-only: some clause must hold (a clause without terms always does).
  const [first, second] = pair.a === x.fn.signature ? [x, y] : [y, x];
  const holds =
    verdict.class === "unknown" ||
    clauseHolds(verdict, first, second) ||
    (pair.a === pair.b && clauseHolds(verdict, second, first));
  return holds && placedOwn(scene, x, y);
}

/** The transaction's predicted accesses that may be at `address` (another contract): there, or at any instance of its class. */
function placedAt(scene: Scene, j: Judged, address: string): Placed[] {
  j.at ??= new Map();
  let found = j.at.get(address);
  if (found === undefined) {
    const cls = scene.byAddress.get(address);
    found = placedOf(scene, j).other.filter(
      (p) =>
        p.address === address ||
        (p.address === "any" && (p.contract === "*" || cls === undefined || p.contract === cls)),
    );
    j.at.set(address, found);
  }
  return found;
}

/**
 * Whether the analysis predicts that the two may conflict at `address`, another contract's storage the two
 * reached through calls (`across`, instantiated): the check a conflict execution saw there must pass.
 */
function predictedAcross(scene: Scene, x: Judged, y: Judged, address: string): boolean {
  const [px, py] = [placedAt(scene, x, address), placedAt(scene, y, address)];
  return placedConflict(px, py, scene.byAddress, [x.tx.from, y.tx.from], scene.senders) !== undefined;
}

function judged(contract: ContractJson, address: string, txs: ExecutedTransaction[]): Judged[] {
  const out: Judged[] = [];
  for (const tx of txs) {
    if (tx.to.toLowerCase() !== address || out.length >= MAX_TRANSACTIONS) continue;
    const [fn] = functionFor(contract, tx.input);
    if (fn === undefined) continue;
    const slots = new Map<string, boolean>();
    const otherSlots = new Map<string, boolean>();
    for (const a of tx.accesses) {
      const own = a.address.toLowerCase() === address;
      const [map, key] = own ? [slots, a.slot] : [otherSlots, `${a.address.toLowerCase()}:${a.slot}`];
      map.set(key, (map.get(key) ?? false) || a.kind === "write");
    }
    out.push({ tx, fn, slots, otherSlots, call: { from: tx.from, to: tx.to, input: tx.input }, keys: new Map() });
  }
  return out;
}

type Miss = PrecisionReport["misses"][number];

interface Tally {
  predicted: number;
  confirmed: number;
  byPair: Map<string, { first: string; second: string; predicted: number; confirmed: number }>;
}

/** The matrix's pairs by first then second signature, both orders (a later pair wins, as in one flat map). */
function pairsBySignature(contract: ContractJson): Map<string, Map<string, PairConflict>> {
  const bySignature = new Map<string, Map<string, PairConflict>>();
  const add = (first: string, second: string, pair: PairConflict): void => {
    const row = bySignature.get(first) ?? new Map<string, PairConflict>();
    row.set(second, pair);
    bySignature.set(first, row);
  };
  for (const p of contract.matrix.pairs) {
    add(p.a, p.b, p);
    add(p.b, p.a, p);
  }
  return bySignature;
}

function judgeContract(scene: Scene, txs: Judged[], tally: Tally, misses: Miss[]): void {
  const { contract } = scene;
  const pairs = pairsBySignature(contract);
  for (let i = 0; i < txs.length; i++) {
    const x = txs[i] as Judged;
    const row = pairs.get(x.fn.signature);
    if (row === undefined) continue;
    for (let j = i + 1; j < txs.length; j++) {
      const y = txs[j] as Judged;
      const pair = row.get(y.fn.signature);
      if (pair === undefined) continue;
      const own = predictedOwn(scene, pair, x, y);
      const slot = conflicted(x.slots, y.slots);
      const miss = (at: string) =>
        misses.push({
          contract: contract.name,
          first: x.fn.signature,
          second: y.fn.signature,
          transactions: [x.tx.hash, y.tx.hash],
          slot: at,
        });
      if (!own && slot !== undefined) miss(slot);
      if (!own) {
        // Other contracts' storage: checked for soundness only (the precision figure is the contract's own), so
        // only for a pair predicted free, the only one it can make a miss of.
        const elsewhere = conflicted(x.otherSlots, y.otherSlots);
        if (elsewhere !== undefined && !predictedAcross(scene, x, y, elsewhere.split(":")[0] ?? "")) miss(elsewhere);
        continue;
      }
      const key = `${pair.a}|${pair.b}`;
      const entry = tally.byPair.get(key) ?? { first: pair.a, second: pair.b, predicted: 0, confirmed: 0 };
      entry.predicted += 1;
      tally.predicted += 1;
      if (slot !== undefined) {
        entry.confirmed += 1;
        tally.confirmed += 1;
      }
      tally.byPair.set(key, entry);
    }
  }
}

/**
 * The precision oracle fed one workload at a time (the analysis thread judges each as soon as it is recorded):
 * the same figures as {@link precisionOf} over the workloads in the order they were added.
 */
export class PrecisionOracle {
  readonly #result: AnalysisResult | undefined;
  readonly #tallies = new Map<string, Tally>();
  readonly #misses: Miss[] = [];

  constructor(result: AnalysisResult | undefined) {
    this.#result = result;
  }

  /** Judges the pairs of one workload's transactions (per chain and analyzed contract it deployed). */
  add(w: ExecutedRun): void {
    const result = this.#result;
    if (result === undefined) return;
    for (const chain of w.run.chains ?? [{ deployments: w.run.deployments, executed: w.run.executed }]) {
      for (const [address, name] of Object.entries(chain.deployments)) {
        const contract = result.contracts.find((c) => c.name === name || `${c.sourceName}:${c.name}` === name);
        if (contract === undefined) continue;
        const tally = this.#tallies.get(contract.name) ?? { predicted: 0, confirmed: 0, byPair: new Map() };
        const byAddress = deploymentIndex(chain.deployments);
        const senders = [...new Set(chain.executed.map((tx) => tx.from.toLowerCase()))];
        const deployments = chain.deployments;
        const scene = { result, contract, address: address.toLowerCase(), deployments, byAddress, senders };
        judgeContract(scene, judged(contract, scene.address, chain.executed), tally, this.#misses);
        this.#tallies.set(contract.name, tally);
      }
    }
  }

  /** The report of every workload added so far. */
  report(): PrecisionReport {
    const contracts = [...this.#tallies]
      .filter(([, t]) => t.predicted > 0)
      .map(([contract, t]) => ({
        contract,
        predictedPairs: t.predicted,
        confirmedPairs: t.confirmed,
        confirmedRate: Math.round((t.confirmed / t.predicted) * 10_000) / 10_000,
        neverConflicting: [...t.byPair.values()]
          .filter((p) => p.confirmed === 0)
          .map((p) => ({ first: p.first, second: p.second, predictedPairs: p.predicted })),
      }))
      .sort((a, b) => a.contract.localeCompare(b.contract));
    const predictedPairs = contracts.reduce((n, c) => n + c.predictedPairs, 0);
    const confirmedPairs = contracts.reduce((n, c) => n + c.confirmedPairs, 0);
    return {
      predictedPairs,
      confirmedPairs,
      confirmedRate: predictedPairs === 0 ? null : Math.round((confirmedPairs / predictedPairs) * 10_000) / 10_000,
      contracts,
      misses: [...this.#misses],
    };
  }
}

/** The precision oracle over every workload (and the test profile) of a report run. */
export function precisionOf(result: AnalysisResult | undefined, workloads: readonly ExecutedRun[]): PrecisionReport {
  const oracle = new PrecisionOracle(result);
  for (const w of workloads) oracle.add(w);
  return oracle.report();
}
