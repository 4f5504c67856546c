/**
 * One pair of executed transactions judged twice, for the precision oracle (`precision-oracle.ts`): by
 * execution (the storage slots each read and wrote, of the contract and of the others it reached) and by the
 * analysis (the pair's class and clauses evaluated with the transactions' senders and arguments, and the accesses
 * instantiated on both with `placedConflict`, the chain's senders running no code). Built per transaction once:
 * its key values and placed accesses are cached on its {@link Judged} record.
 */
import {
  functionFor,
  keyValue,
  placedAccesses,
  placedConflict,
  type Placed,
  type AnalysisResult,
  type ContractJson,
  type ExecutedTransaction,
  type FunctionJson,
  type Immutables,
  type KeySource,
  type PairConflict,
} from "../../analyzer/index.js";

import { mayMeet, placedCells, surelyMeet, type PlacedCells } from "./placed-cells.js";

/** Transactions per contract and chain taken into the pairwise comparison (bounds the quadratic work). */
const MAX_TRANSACTIONS = 400;

/** One executed transaction of the contract, as the oracle judges it (its caches filled as needed). */
export interface Judged {
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
  /** Its predicted accesses of this contract's storage by cell, for the pre-check of `placedConflict` (built when needed). */
  cells?: PlacedCells;
  /** Its predicted accesses that may be at one other contract's address, with their cells, by address (built when needed). */
  at?: Map<string, Indexed>;
}

/** Where the judged transactions ran: the contract's analysis, its address and the chain's deployments. */
export interface Scene {
  result: AnalysisResult;
  contract: ContractJson;
  address: string;
  deployments: Record<string, string>;
  /** The deployments by lowercase address. */
  byAddress: ReadonlyMap<string, string>;
  /** Every sender of the chain's transactions (lowercase): accounts without code, where nothing runs. */
  senders: readonly string[];
  /** The deployments' immutables, when their code was recorded (`deployedImmutables`). */
  immutables?: Immutables;
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

/** A slot one wrote and the other read or wrote, or undefined when execution saw no conflict. */
export function conflicted(x: Map<string, boolean>, y: Map<string, boolean>): string | undefined {
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
  for (const p of placedAccesses(scene.result, scene.deployments, j.tx, scene.immutables)) {
    // An access at an address execution does not tell may be at this contract (of its class) or elsewhere.
    const any = p.address === "any";
    if (p.address === scene.address || (any && [scene.contract.name, "*"].includes(p.contract))) own.push(p);
    if (p.address !== scene.address) other.push(p);
  }
  j.placed = { own, other };
  return j.placed;
}

/** Placed accesses with their cells. */
type Indexed = readonly [readonly Placed[], PlacedCells];

/** A chain's senders (lowercase) as a set, once per list. */
const senderSets = new WeakMap<readonly string[], ReadonlySet<string>>();
function senderSet(senders: readonly string[]): ReadonlySet<string> {
  let set = senderSets.get(senders);
  if (set === undefined) senderSets.set(senders, (set = new Set(senders)));
  return set;
}

/**
 * Whether the analysis instantiated on both transactions (`placedConflict`) meets in the contract's storage:
 * their senders, and every other sender of the chain, are accounts without code (EIP-3607), where a call runs
 * nothing (a token's receiver hook called on a sender), as `mayConflict` assumes. Pairs whose accesses share no
 * cell, or surely share one slot (`placed-cells.ts`), are answered without it, as it would answer.
 */
function placedOwn(scene: Scene, x: Judged, y: Judged): boolean {
  const [px, py] = [placedOf(scene, x).own, placedOf(scene, y).own];
  x.cells ??= placedCells(px);
  y.cells ??= placedCells(py);
  return placedMeet(scene, x, y, [px, x.cells], [py, y.cells]);
}

/** `placedConflict` on the two transactions' accesses, answered from their cells when they tell. */
function placedMeet(scene: Scene, x: Judged, y: Judged, [px, cx]: Indexed, [py, cy]: Indexed): boolean {
  // Sharing no cell one of them writes, the two cannot meet: `placedConflict` would find nothing.
  if (!mayMeet(cx, cy)) return false;
  // One writing a slot the other touches, where code runs: `placedConflict` would find that pair (or another).
  const senders = senderSet(scene.senders);
  const codeless = (address: string) =>
    senders.has(address) || address === x.tx.from.toLowerCase() || address === y.tx.from.toLowerCase();
  if (surelyMeet(cx, cy, codeless)) return true;
  return placedConflict(px, py, scene.byAddress, [x.tx.from, y.tx.from], scene.senders) !== undefined;
}

/**
 * Whether the static analysis predicts that the two transactions may conflict in the contract's storage: the
 * pair's class (a key-dependent condition evaluated), and the analysis instantiated on both — each is sound
 * alone, so a pair is predicted conflicting only when both say it may be.
 */
export function predictedOwn(scene: Scene, pair: PairConflict, x: Judged, y: Judged): boolean {
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
function placedAt(scene: Scene, j: Judged, address: string): Indexed {
  j.at ??= new Map();
  let found = j.at.get(address);
  if (found === undefined) {
    const cls = scene.byAddress.get(address);
    const placed = placedOf(scene, j).other.filter(
      (p) =>
        p.address === address ||
        (p.address === "any" && (p.contract === "*" || cls === undefined || p.contract === cls)),
    );
    found = [placed, placedCells(placed)];
    j.at.set(address, found);
  }
  return found;
}

/**
 * Whether the analysis predicts that the two may conflict at `address`, another contract's storage the two
 * reached through calls (`across`, instantiated): the check a conflict execution saw there must pass.
 */
export function predictedAcross(scene: Scene, x: Judged, y: Judged, address: string): boolean {
  return placedMeet(scene, x, y, placedAt(scene, x, address), placedAt(scene, y, address));
}

/** The transactions sent to the contract at `address` (at most {@link MAX_TRANSACTIONS}), with what each touched. */
export function judged(contract: ContractJson, address: string, txs: ExecutedTransaction[]): Judged[] {
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
