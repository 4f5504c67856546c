/**
 * Pending transactions waiting for a block (automine off). Per sender, transactions are kept by nonce;
 * mining takes them in Hardhat's default "priority" order: among the senders' next executable transactions,
 * the highest tip first, ties by arrival, and never a nonce before a lower one of the same sender.
 */
import { Capability, type TypedTransaction } from "@ethereumjs/tx";

import type { BlockExecution } from "../exec/block-execution.js";
import { toHex } from "../util/hex.js";
import type { AddressHex } from "../vocabulary.js";

interface PooledTx {
  readonly tx: TypedTransaction;
  readonly sender: AddressHex;
  readonly arrival: number;
  readonly hash: string;
}

/** The most a transaction pays per gas: its max fee (EIP-1559 and later) or its gas price. */
export function maxPriceOf(tx: TypedTransaction): bigint {
  return tx.supports(Capability.EIP1559FeeMarket)
    ? (tx as TypedTransaction & { maxFeePerGas: bigint }).maxFeePerGas
    : (tx as TypedTransaction & { gasPrice: bigint }).gasPrice;
}

/** The most a transaction tips per gas: its max priority fee (EIP-1559 and later) or its gas price. */
export function maxTipOf(tx: TypedTransaction): bigint {
  return tx.supports(Capability.EIP1559FeeMarket)
    ? (tx as TypedTransaction & { maxPriorityFeePerGas: bigint }).maxPriorityFeePerGas
    : (tx as TypedTransaction & { gasPrice: bigint }).gasPrice;
}

function tipOf(tx: TypedTransaction, baseFee: bigint): bigint {
  if (tx.supports(Capability.EIP1559FeeMarket)) {
    const t = tx as TypedTransaction & { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };
    const room = t.maxFeePerGas - baseFee;
    return room < t.maxPriorityFeePerGas ? room : t.maxPriorityFeePerGas;
  }
  return (tx as TypedTransaction & { gasPrice: bigint }).gasPrice - baseFee;
}

/** The pool of pending transactions. */
export class TxPool {
  #bySender = new Map<AddressHex, PooledTx[]>();
  /** Hash → sender of every pending transaction (lookups and removals without scanning the pool). */
  #senderOf = new Map<string, AddressHex>();
  #arrivals = 0;

  /** `priority`: highest tip first (Hardhat's default); `fifo`: arrival order. */
  constructor(private readonly order: "priority" | "fifo" = "priority") {}

  /** Number of pending transactions. */
  get size(): number {
    return this.#senderOf.size;
  }

  /** Adds a transaction (replacing one of the same sender and nonce). */
  add(tx: TypedTransaction, sender: AddressHex): void {
    const current = this.#bySender.get(sender) ?? [];
    for (const replaced of current.filter((p) => p.tx.nonce === tx.nonce)) this.#senderOf.delete(replaced.hash);
    const list = current.filter((p) => p.tx.nonce !== tx.nonce);
    const hash = toHex(tx.hash());
    list.push({ tx, sender, arrival: this.#arrivals++, hash });
    this.#senderOf.set(hash, sender);
    list.sort((a, b) => (a.tx.nonce < b.tx.nonce ? -1 : 1));
    this.#bySender.set(sender, list);
  }

  /** Pending transactions of one sender, by nonce. */
  pendingOf(sender: AddressHex): TypedTransaction[] {
    return (this.#bySender.get(sender) ?? []).map((p) => p.tx);
  }

  /** The next nonce of `sender` (account nonce `accountNonce`), counting its pending transactions up to a gap. */
  nextNonce(sender: AddressHex, accountNonce: bigint): bigint {
    const pending = this.pendingOf(sender).filter((tx) => tx.nonce >= accountNonce);
    let next = accountNonce;
    for (const tx of pending) if (tx.nonce === next) next++;
    return next;
  }

  /** Every pending transaction with its sender. */
  all(): Array<{ tx: TypedTransaction; sender: AddressHex; hash: string }> {
    return [...this.#bySender.values()].flat().sort((a, b) => a.arrival - b.arrival);
  }

  /** Whether a transaction with this hash is pending. */
  has(hash: string): boolean {
    return this.#senderOf.has(hash);
  }

  /** Removes a transaction by hash; true if it was pending. */
  remove(hash: string): boolean {
    const sender = this.#senderOf.get(hash);
    const list = sender === undefined ? undefined : this.#bySender.get(sender);
    if (sender === undefined || list === undefined) return false;
    this.#senderOf.delete(hash);
    const next = list.filter((p) => p.hash !== hash);
    if (next.length === 0) this.#bySender.delete(sender);
    else this.#bySender.set(sender, next);
    return true;
  }

  /**
   * Why `tx` may not replace the pending transaction of the same sender and nonce, in Hardhat's words: both
   * its max fee and its tip must be at least 10 % above the replaced one's (rounded up). Undefined if it may.
   */
  replacementError(tx: TypedTransaction, sender: AddressHex): string | undefined {
    const existing = this.#bySender.get(sender)?.find((p) => p.tx.nonce === tx.nonce)?.tx;
    if (existing === undefined) return undefined;
    const bump = (price: bigint): bigint => (price * 110n + 99n) / 100n;
    const tail = `is necessary to replace the existing transaction with nonce ${tx.nonce}.`;
    const minFee = bump(maxPriceOf(existing));
    if (maxPriceOf(tx) < minFee)
      return `Replacement transaction underpriced. A gasPrice/maxFeePerGas of at least ${minFee} ${tail}`;
    const minTip = bump(maxTipOf(existing));
    if (maxTipOf(tx) < minTip)
      return `Replacement transaction underpriced. A gasPrice/maxPriorityFeePerGas of at least ${minTip} ${tail}`;
    return undefined;
  }

  /**
   * The transactions a block with `baseFee` can take, in mining order, as Hardhat's network mines them: per
   * sender only the run of consecutive nonces from its account nonce (later ones stay queued), and a sender
   * whose next transaction pays less than the base fee, or has a gas price (max fee) below `minGasPrice`,
   * waits with all its later ones.
   */
  ordered(baseFee: bigint, nonceOf: (sender: AddressHex) => bigint, minGasPrice = 0n): TypedTransaction[] {
    const floor = minGasPrice > baseFee ? minGasPrice : baseFee;
    const queues = [...this.#bySender].map(([sender, list]) => executableRun(list, nonceOf(sender)));
    const out: TypedTransaction[] = [];
    for (;;) {
      let best: PooledTx[] | undefined;
      for (const q of queues) {
        const head = q[0];
        const bestHead = best?.[0];
        if (head === undefined) continue;
        if (bestHead === undefined || this.#before(head, bestHead, baseFee)) best = q;
      }
      const next = best?.shift();
      if (best === undefined || next === undefined) return out;
      if (maxPriceOf(next.tx) < floor) best.length = 0;
      else out.push(next.tx);
    }
  }

  /**
   * How many of `sender`'s transactions a block with these fees would take ({@link ordered}); undefined when
   * the transactions it would take may not all fit `gasLimit` (only mining the block tells then).
   */
  takenOf(
    sender: AddressHex,
    floor: { baseFee: bigint; minGasPrice: bigint },
    nonceOf: (sender: AddressHex) => bigint,
    gasLimit: bigint | undefined,
  ): bigint | undefined {
    const pooled = new Set(this.pendingOf(sender));
    const taken = this.ordered(floor.baseFee, nonceOf, floor.minGasPrice);
    if (gasLimit !== undefined && taken.reduce((gas, tx) => gas + tx.gasLimit, 0n) > gasLimit) return undefined;
    return BigInt(taken.filter((tx) => pooled.has(tx)).length);
  }

  /** Drops the transactions whose nonce is below their sender's account nonce (they can never be mined). */
  prune(nonceOf: (sender: AddressHex) => bigint): void {
    for (const [sender, list] of [...this.#bySender]) {
      const nonce = nonceOf(sender);
      for (const stale of list.filter((p) => p.tx.nonce < nonce)) this.remove(stale.hash);
    }
  }

  /**
   * Settles the pool after a block ran `execution`: drops what it ran, and what could not run at its turn
   * unless it now waits behind a nonce gap; then prunes what can never be mined.
   */
  settle(execution: Pick<BlockExecution, "executed" | "skipped">, nonceOf: (sender: AddressHex) => bigint): void {
    for (const e of execution.executed) this.remove(toHex(e.tx.hash()));
    for (const s of execution.skipped) {
      const stuck = s.tx.nonce > nonceOf(toHex(s.tx.getSenderAddress().bytes));
      if (s.reason === "invalid" && !stuck) this.remove(toHex(s.tx.hash()));
    }
    this.prune(nonceOf);
  }

  /** Replaces the whole content (snapshots). */
  restore(entries: ReadonlyArray<{ tx: TypedTransaction; sender: AddressHex }>): void {
    this.#bySender = new Map();
    this.#senderOf = new Map();
    for (const e of entries) this.add(e.tx, e.sender);
  }

  #before(a: PooledTx, b: PooledTx, baseFee: bigint): boolean {
    if (this.order === "fifo") return a.arrival < b.arrival;
    const ta = tipOf(a.tx, baseFee);
    const tb = tipOf(b.tx, baseFee);
    return ta === tb ? a.arrival < b.arrival : ta > tb;
  }
}

function executableRun(list: readonly PooledTx[], nonce: bigint): PooledTx[] {
  const run: PooledTx[] = [];
  let next = nonce;
  for (const p of list) {
    if (p.tx.nonce < next) continue;
    if (p.tx.nonce > next) break;
    run.push(p);
    next++;
  }
  return run;
}
