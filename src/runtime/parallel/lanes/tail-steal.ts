/**
 * The main thread takes back the unstarted tail of a worker lane when it finishes its own lane first, instead
 * of sitting idle until the worker answers. A worker lane that runs late — its thread descheduled on a busy
 * machine, still loading a replica snapshot, or simply slower than measured — otherwise made the main thread
 * wait for it: on a shared 2-core machine that wait measured 150–1,750 ms of a 1,000-ERC20-transfer block
 * whose sequential time was 300–1,100 ms, so a parallel block lost to sequential by up to 2.6×.
 *
 * How: each worker lane shares two counters with the main thread (SharedArrayBuffer): `progress` (the worker
 * bumps it as it starts and after each transaction) and `limit` (how many of its lane's transactions it may
 * start; it checks before each one). When its own lane is done the main thread lowers `limit` by the share of
 * the remaining transactions it can run by the time the worker reaches the new limit (from the two lanes'
 * measured speeds), runs that stolen tail speculatively over the pre-block state, and repeats until the
 * remainder is small or the worker is done.
 *
 * A lane may come in groups (the sharded executor orders a worker lane group by group: one pool with its
 * traders, one sender's transactions): a steal then takes whole groups, so the stolen tail never misses the
 * writes of an earlier member of its group (it would fail validation and run again at its commit point).
 *
 * Why this is always sound: a stolen transaction is one more speculative result, validated by value at its
 * commit point like any other; a transaction the worker still started in the race with a lowered limit has two
 * speculative results, and the first recorded wins (both are validated the same way); one that neither ran
 * runs at its commit point. So the split only moves work: the block's results are the same whatever it is.
 */
import type { TxIndex } from "../../vocabulary.js";

/** Below this many unstarted transactions a worker lane keeps its tail (stealing costs a lane set-up). */
export const MIN_STEAL = 4;

/** Transactions per stolen piece: between pieces the main thread commits what the workers streamed back. */
export const STEAL_PIECE = 32;

/** The counters one worker lane shares with the main thread. */
export class LaneControl {
  /** Bumped by the worker as it starts, then after each transaction (the pool's watchdog reads it too). */
  readonly progress = new Int32Array(new SharedArrayBuffer(4));
  /** How many of the lane's transactions the worker may start. */
  readonly limit = new Int32Array(new SharedArrayBuffer(4));

  /** Lane offsets where a group of mutually dependent transactions starts (sorted); undefined: every offset. */
  readonly #groupStarts: readonly number[] | undefined;

  constructor(
    /** The lane's transactions, by block position, in the order the worker runs them. */
    readonly txs: readonly TxIndex[],
    /** performance.now() at dispatch. */
    readonly dispatchedAt: number,
    /**
     * Offsets in `txs` where a group starts (see sharded/lane-groups.ts): a steal then takes whole groups only,
     * so no stolen transaction misses the writes of an earlier one of its group the worker ran.
     */
    groupStarts?: readonly number[],
  ) {
    Atomics.store(this.limit, 0, txs.length);
    this.#groupStarts = groupStarts;
  }

  /** Transactions the worker has finished. */
  get finished(): number {
    return Math.max(0, Atomics.load(this.progress, 0) - 1);
  }

  /** Whether the worker has started the lane at all. */
  get started(): boolean {
    return Atomics.load(this.progress, 0) > 0;
  }

  /** Transactions the worker has neither finished nor (probably) started: the stealable remainder. */
  get unstarted(): number {
    return Atomics.load(this.limit, 0) - this.finished - (this.started ? 1 : 0);
  }

  /**
   * Lowers the limit by up to `count`, never below the transaction the worker may be running; returns the
   * block positions taken, in lane order.
   */
  steal(count: number): TxIndex[] {
    const current = Atomics.load(this.limit, 0);
    const floor = this.finished + (this.started ? 1 : 0);
    const next = this.#alignUp(Math.max(floor, current - Math.max(0, Math.floor(count))), current);
    if (next >= current) return [];
    Atomics.store(this.limit, 0, next);
    return this.txs.slice(next, current);
  }

  /** The first group start at or above `offset` (`current`, itself a group start, when there is none below it). */
  #alignUp(offset: number, current: number): number {
    if (this.#groupStarts === undefined) return offset;
    for (const start of this.#groupStarts) if (start >= offset && start < current) return start;
    return current;
  }
}

/**
 * Takes back whole every worker lane not started yet (the main thread ended its own lane first): returns the
 * block positions taken, which run in place at their commit points, as the sequential executor runs them.
 * Stolen in pieces instead, each run speculatively from the lane's end backwards, each piece missed the writes
 * of the pieces below it: 100-transaction blocks whose worker never started re-ran 19–31 of their ≈ 55 stolen
 * transactions (2026-12-07, random ERC20 transfers among 100 accounts, a worker that could not load).
 */
export function takeBackUnstarted(controls: readonly LaneControl[]): TxIndex[] {
  const taken: TxIndex[] = [];
  for (const control of controls) if (!control.started) taken.push(...control.steal(control.txs.length));
  return taken;
}

/**
 * How many of `remaining` unstarted transactions the main thread should take so that both end together: it
 * runs one in `mainMsPerTx`, the worker one in `workerMsPerTx` (Infinity when it has not finished any yet:
 * take them all).
 */
export function stealCount(remaining: number, mainMsPerTx: number, workerMsPerTx: number): number {
  if (remaining < MIN_STEAL) return 0;
  if (!Number.isFinite(workerMsPerTx)) return remaining;
  const m = Math.max(mainMsPerTx, 1e-6);
  return Math.round((remaining * workerMsPerTx) / (m + workerMsPerTx));
}

/** A worker's measured ms per transaction so far (dispatch overhead included), Infinity before its first. */
export function workerMsPerTx(control: LaneControl, now: number): number {
  const finished = control.finished;
  return finished > 0 ? (now - control.dispatchedAt) / finished : Infinity;
}

/** Steals in pieces, with other main-thread work between them (the streamed commit: lane-stream.ts). */
export interface StealPieces {
  /** At most this many transactions per steal (each time the split is computed again); default no limit. */
  readonly most?: number;
  /** Runs before each steal. */
  readonly between?: () => Promise<void>;
}

/**
 * Steals from each worker lane in turn until its remainder is below `MIN_STEAL`: `runStolen` runs the taken
 * positions speculatively (on the main thread) and records their outcomes. Returns how many were taken.
 */
export async function stealTails(
  controls: readonly LaneControl[],
  mainMsPerTx: number,
  runStolen: (txs: readonly TxIndex[]) => Promise<void>,
  pieces: StealPieces = {},
): Promise<number> {
  let taken = 0;
  const most = pieces.most ?? Infinity;
  for (const control of controls) {
    for (;;) {
      await pieces.between?.();
      const target = stealCount(control.unstarted, mainMsPerTx, workerMsPerTx(control, performance.now()));
      const count = Math.min(target, most);
      const stolen = count >= MIN_STEAL / 2 ? control.steal(count) : [];
      if (stolen.length === 0) break;
      await runStolen(stolen);
      taken += stolen.length;
    }
  }
  return taken;
}
