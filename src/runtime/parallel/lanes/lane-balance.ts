/**
 * How many transactions the main thread's lane takes, from measured lane speeds (the adaptive split of the
 * Block-STM executor). The block's time is the later of the main lane and the worker lanes, plus the commit
 * the main thread runs after both, so the split should make both lanes end together.
 *
 * Why measured and not fixed: the lanes do not run at the same speed. Measured on this 2-core machine for a
 * 1,000-ERC20-transfer block, a worker ran a transaction in ≈ 0.38 ms while the main thread ran one in
 * ≈ 0.29 ms (alone, the worker runs at the sequential 0.26 ms/tx: the gap appears only when both threads
 * allocate at once), and a worker lane also pays a fixed cost to start and to answer (task and reply
 * cloning, replica sync: ≈ 10–20 ms). With the old fixed split (the main lane ≈ 47 % of the block) the main
 * thread then sat idle for 40–80 ms waiting for the worker lane.
 *
 * How: after every block, exponentially weighted averages of the main lane's ms per transaction, a worker
 * lane's ms per transaction and a worker lane's fixed overhead (from dispatch to the start of its execution,
 * plus from its end to its answer being recorded — measured only when the main thread was idle then) are
 * updated, and so is the main lane's own delay `D` (from dispatch to its start: the conflict probe runs there
 * while the workers start); the first block a worker runs (cold: snapshot, JIT) is not counted; a block with
 * `n` transactions over `k` worker lanes gives the main lane `a` transactions with `D + a·m = F + (n − a)·w / k`. The split only moves work between lanes: results are the
 * same whatever it is (every speculative result is validated at its commit point).
 *
 * Measured convergence (1,000 ERC20 transfers, a new pool): block 1 ≈ 780 ms (the worker loads a replica
 * snapshot and runs cold: the main thread waits ≈ 450 ms), block 2 ≈ 315 ms (static split, worker JIT still
 * warming: ≈ 120 ms of waiting), from block 3 on ≈ 210–260 ms with the main lane at ≈ 590–620 transactions
 * and ≈ 4–8 ms of waiting. A smoothing of 0.7 instead of 0.4 converged no faster.
 */

/** One block's measured lane timings. */
export interface LaneTiming {
  /** Transactions and milliseconds of the main lane. */
  readonly mainTxs: number;
  readonly mainMs: number;
  /** From dispatch until the main lane started (the conflict probe runs there). */
  readonly mainStartMs: number;
  /** Transactions and pure execution milliseconds of one worker lane. */
  readonly workerTxs: number;
  readonly workerExecuteMs: number;
  /** From dispatch until the worker started executing (task cloning, replica sync). */
  readonly workerStartMs: number;
  /** From the worker's end until its answer was recorded; undefined when the main thread was busy then. */
  readonly workerAnswerMs: number | undefined;
}

/** A worker lane's measured times. */
export interface WorkerLaneTiming {
  readonly txs: number;
  /** The worker had to load a replica snapshot first (new thread): not representative. */
  readonly cold: boolean;
  readonly executeMs: number;
  /** Times in ms since the epoch (performance.timeOrigin + now), comparable across threads. */
  readonly dispatchedAt: number;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly answeredAt: number;
}

/** Weight of the newest block in the averages. */
const SMOOTHING = 0.4;
/** Never give the main lane less or more than these shares (keeps both lanes measured). */
const MIN_SHARE = 0.2;
const MAX_SHARE = 0.75;

/** Adaptive main-lane share. */
export class LaneBalance {
  #mainMsPerTx: number | undefined;
  #workerMsPerTx: number | undefined;
  #workerStartMs = 0;
  #workerAnswerMs = 0;
  #mainStartMs = 0;

  /** Transactions of an `n`-transaction block the main lane takes when `workerLanes` workers run beside it. */
  mainShare(n: number, workerLanes: number, fallbackWeight: number): number {
    const m = this.#mainMsPerTx;
    const w = this.#workerMsPerTx;
    if (m === undefined || w === undefined || workerLanes < 1) {
      return Math.round((n * fallbackWeight) / (fallbackWeight + workerLanes));
    }
    const perWorker = w / workerLanes;
    const a = (this.#workerStartMs + this.#workerAnswerMs - this.#mainStartMs + n * perWorker) / (m + perWorker);
    return Math.round(Math.min(MAX_SHARE * n, Math.max(MIN_SHARE * n, a)));
  }

  /**
   * Folds a block into the averages from its main lane (`txs` in `ms`, starting `startMs` after dispatch and
   * ending at `end`, ms since the epoch) and its worker lanes' timings — only with exactly one worker lane
   * that was not cold.
   */
  recordBlock(
    main: { readonly txs: number; readonly ms: number; readonly startMs: number; readonly end: number },
    workers: ReadonlyArray<WorkerLaneTiming | undefined>,
  ): void {
    const worker = workers.length === 1 ? workers[0] : undefined;
    if (worker === undefined || worker.cold) return;
    const mainEnd = main.end;
    this.record({
      mainTxs: main.txs,
      mainMs: main.ms,
      mainStartMs: main.startMs,
      workerTxs: worker.txs,
      workerExecuteMs: worker.executeMs,
      workerStartMs: worker.startedAt - worker.dispatchedAt,
      workerAnswerMs: worker.finishedAt < mainEnd ? undefined : worker.answeredAt - worker.finishedAt,
    });
  }

  /** Folds one block's timings into the averages. */
  record(t: LaneTiming): void {
    if (t.mainTxs > 0) this.#mainMsPerTx = smooth(this.#mainMsPerTx, t.mainMs / t.mainTxs);
    this.#mainStartMs = smooth(this.#mainStartMs, Math.max(0, t.mainStartMs));
    if (t.workerTxs <= 0) return;
    this.#workerMsPerTx = smooth(this.#workerMsPerTx, t.workerExecuteMs / t.workerTxs);
    this.#workerStartMs = smooth(this.#workerStartMs, Math.max(0, t.workerStartMs));
    if (t.workerAnswerMs !== undefined)
      this.#workerAnswerMs = smooth(this.#workerAnswerMs, Math.max(0, t.workerAnswerMs));
  }
}

function smooth(previous: number | undefined, sample: number): number {
  return previous === undefined ? sample : previous + SMOOTHING * (sample - previous);
}
