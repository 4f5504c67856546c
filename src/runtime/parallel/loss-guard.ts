/**
 * Parallel only where it pays, judged by what it measured: after each block run in parallel, its wall time
 * (probe, lanes, commit) is compared with the sequential time the conflict probe predicted for it (the
 * probe's time per transaction, measured on the main thread over the same pre-block state, × the block's
 * length). A block that took longer than that "lost": the next blocks run sequentially, tagged
 * `measured-loss`, until every `retryEvery`-th one tries parallel again — a block that then wins lifts the
 * guard. So a workload parallelism cannot speed up costs at most one losing block in `retryEvery`, instead of
 * every block. The guard follows one chain: blocks over another state (a new chain, as each of the report's
 * workloads is) start without it. Falling back is always sound: the sequential executor is the reference.
 */
import type { FallbackDecision } from "./fallback-policy.js";

/** Guarded blocks between two parallel retries. */
export const RETRY_EVERY = 4;

/** The last parallel block's cost against its predicted sequential cost. */
interface Loss {
  readonly parallelMs: number;
  readonly predictedSequentialMs: number;
}

/** Remembers whether the last parallel block lost to its sequential prediction. */
export class LossGuard {
  #loss: Loss | undefined;
  #guarded = 0;
  #chain: object | undefined;

  constructor(private readonly retryEvery = RETRY_EVERY) {}

  /**
   * Sequential (with the reason) while the last parallel block over `chain` (its state) lost, except on a
   * retry; else undefined.
   */
  decide(chain: object): FallbackDecision | undefined {
    if (chain !== this.#chain) this.#reset(chain);
    const loss = this.#loss;
    if (loss === undefined) return undefined;
    this.#guarded++;
    if (this.#guarded % this.retryEvery === 0) return undefined;
    const ms = (x: number) => Math.round(x * 10) / 10;
    return {
      parallel: false,
      reason: `measured-loss: the last parallel block took ${ms(loss.parallelMs)} ms, ≈ ${ms(loss.predictedSequentialMs)} ms predicted sequentially`,
    };
  }

  /** Records a parallel block's wall time over `chain` and the sequential time predicted for it. */
  record(chain: object, parallelMs: number, predictedSequentialMs: number): void {
    if (Number.isFinite(predictedSequentialMs) && parallelMs > predictedSequentialMs) {
      this.#chain = chain;
      this.#loss = { parallelMs, predictedSequentialMs };
      return;
    }
    this.#reset(chain);
  }

  #reset(chain: object): void {
    this.#chain = chain;
    this.#loss = undefined;
    this.#guarded = 0;
  }
}
