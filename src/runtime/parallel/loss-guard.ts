/**
 * Parallel only where it pays, judged by what was measured, per *block shape* (blocks alike: the same length
 * class and the same dominant call, e.g. "≈ 1,024 transactions, mostly calls of 0x5fbd…'s 0xa9059cbb"). After
 * each block of a shape run in parallel, its wall time (probe, lanes, commit) is compared with its sequential
 * time: measured on earlier blocks of that shape that ran sequentially when there are any, else predicted by
 * the conflict probe (its time per transaction over the pre-block state × the block's length).
 *
 * The shape loses when its latest parallel block was slower than that AND so were most of its last three:
 * one slow block after fast ones (a GC pause, a burst of load from another process) does not switch a shape
 * off. A losing shape runs sequentially — tagged `measured-loss`, every such block also measuring the
 * sequential time per transaction — and is re-probed with parallel after 1 block, then after 2, 4, up to
 * `MAX_BACKOFF` blocks while the retries keep losing; a retry that wins lifts the guard at once. So no shape is
 * ever stuck: a workload parallelism cannot speed up costs at most one block in `MAX_BACKOFF + 1`, and a
 * shape that lost under load tries again within a few blocks. Other shapes are not affected.
 *
 * The conflict probe's sequential verdicts (dense conflicts, cheap or few transactions) are remembered per
 * shape the same way, so that the next blocks of a fully dependent chain skip the probe too (≈ 1–2 % of the
 * block) and cost what the sequential executor costs; they are re-probed with the same backoff. Conversely a
 * shape whose parallel blocks re-execute nothing reuses its last probe for up to `PROBE_REUSE` blocks
 * (the probe's ≈ 3–5 ms of main-thread CPU per 1,000-ERC20 block, on the critical path beside the worker): a
 * re-execution, a loss or a fallback forgets it, so a shape whose conflicts appear is probed again on its next
 * block (the one block in between runs in parallel, exact as always, re-executing what conflicts).
 *
 * Why measured rather than assumed: a machine's spare cores come and go. On this project's 2-core machine
 * under load (load average 15–17, Linux `sched_autogroup` on, so CPU is shared per session rather than per
 * thread) the two lanes of one process split one share: the main lane ran 2–3.7 ms per ERC20 transfer against
 * 0.9–1.9 ms sequentially in the same minutes, and parallel blocks took up to 2× their sequential time.
 *
 * The guard follows one chain: blocks over another state (a new chain, as each of the report's workloads
 * is) start without history. It never makes a result differ: the sequential executor is the reference and
 * both produce the same block.
 */
import type { TypedTransaction } from "@ethereumjs/tx";

import type { ConflictProbe } from "./conflict-probe.js";
import type { FallbackDecision } from "./fallback-policy.js";

/** Longest run of sequential blocks between two parallel retries of a losing shape. */
export const MAX_BACKOFF = 8;
/** Parallel/sequential ratios remembered per shape. */
const HISTORY = 3;
/** Weight of the newest sequential block in a shape's sequential time per transaction. */
const SMOOTHING = 0.5;
/** Transactions a shape's signature looks at. */
const SIGNATURE_SAMPLE = 16;
/** Clean parallel blocks of a shape that reuse its last probe before the next one is probed again. */
export const PROBE_REUSE = 7;

/** What the guard remembers about one shape. */
interface ShapeRecord {
  ratios: number[];
  sequentialMsPerTx: number | undefined;
  /** Why the shape runs sequentially now (a measured loss, or the probe's verdict); undefined when it does not. */
  verdict: string | undefined;
  /** Guarded blocks left before the next retry, and the current backoff. */
  skip: number;
  backoff: number;
  /** The last probe of the shape while its parallel blocks re-execute nothing (reusableProbe), and its reuses. */
  cleanProbe: ConflictProbe | undefined;
  reuses: number;
}

/**
 * The shape of a block: its length class (nearest power of two) and its dominant call (destination and
 * selector of most of up to 16 evenly spaced transactions; `mixed` when none has half of them).
 */
export function blockShape(txs: readonly TypedTransaction[]): string {
  const n = txs.length;
  const count = Math.min(n, SIGNATURE_SAMPLE);
  const calls = new Map<string, number>();
  for (let k = 0; k < count; k++) {
    const tx = txs[Math.floor((k * n) / count)];
    if (tx === undefined) continue;
    const selector = Buffer.from(tx.data.subarray(0, 4)).toString("hex");
    const call = `${tx.to?.toString() ?? "create"}:${selector}`;
    calls.set(call, (calls.get(call) ?? 0) + 1);
  }
  let dominant = "mixed";
  for (const [call, c] of calls) if (c * 2 > count) dominant = call;
  return `${n > 0 ? Math.round(Math.log2(n)) : 0}:${dominant}`;
}

/** Remembers, per block shape, whether parallel beat sequential. */
export class LossGuard {
  readonly #shapes = new Map<string, ShapeRecord>();
  #chain: object | undefined;

  /**
   * Sequential (with the reason) while `shape` loses over `chain` or the probe last sent it to sequential,
   * except on a retry; else undefined.
   */
  decide(chain: object, shape: string): FallbackDecision | undefined {
    const record = this.#record(chain, shape);
    if (record.verdict === undefined || record.skip <= 0) return undefined;
    record.skip--;
    return { parallel: false, reason: `${record.verdict} (this block shape; re-probed in ${record.skip + 1} blocks)` };
  }

  /** Whether the latest block of `shape` over `chain` ran in parallel (and did not lose). */
  ranParallel(chain: object, shape: string): boolean {
    const record = this.#record(chain, shape);
    return record.verdict === undefined && record.ratios.length > 0;
  }

  /**
   * Records that the conflict probe sent a block of `shape` to sequential (`reason`: dense conflicts, cheap
   * or few transactions): the next blocks of the shape skip the probe too, with the same backoff.
   */
  recordProbeFallback(chain: object, shape: string, reason: string): void {
    this.#sequentialFor(this.#record(chain, shape), reason);
  }

  /**
   * Records a parallel block of `n` transactions: its wall time, and the sequential time the probe predicted
   * (used when no sequential block of the shape was measured).
   */
  record(chain: object, shape: string, n: number, parallelMs: number, predictedSequentialMs: number): void {
    const record = this.#record(chain, shape);
    const measured = record.sequentialMsPerTx;
    const sequentialMs = measured !== undefined ? measured * n : predictedSequentialMs;
    if (!Number.isFinite(sequentialMs) || sequentialMs <= 0) return;
    const ratio = parallelMs / sequentialMs;
    record.ratios = [...record.ratios, ratio].slice(-HISTORY);
    const lost = ratio > 1 && record.ratios.filter((r) => r > 1).length * 2 > record.ratios.length;
    if (!lost) {
      record.verdict = undefined;
      record.backoff = 0;
      record.skip = 0;
      return;
    }
    const ms = (x: number) => Math.round(x * 10) / 10;
    const how = measured !== undefined ? "measured" : "predicted";
    this.#sequentialFor(
      record,
      `measured-loss: the last parallel block took ${ms(parallelMs)} ms, ≈ ${ms(sequentialMs)} ms ${how} sequentially`,
    );
  }

  /** Sends the shape to sequential for the next backoff: 1 block, then twice as many per repeat, up to the cap. */
  #sequentialFor(record: ShapeRecord, verdict: string): void {
    record.backoff = record.verdict === undefined ? 1 : Math.min(MAX_BACKOFF, record.backoff * 2);
    record.skip = record.backoff;
    record.verdict = verdict;
    record.cleanProbe = undefined;
  }

  /**
   * After a parallel block of `shape` (recorded first): its probe (`reused` when it was the shape's remembered
   * one) is remembered when the block re-executed nothing; any re-execution forgets it.
   */
  recordProbe(chain: object, shape: string, probe: ConflictProbe, reused: boolean, reExecutions: number): void {
    const record = this.#record(chain, shape);
    if (reExecutions > 0 || record.verdict !== undefined) {
      record.cleanProbe = undefined;
      return;
    }
    if (!reused) record.reuses = 0;
    record.cleanProbe = probe;
  }

  /**
   * The probe to reuse for the next block of `shape` instead of probing it: the shape's last probe, while the
   * shape's parallel blocks since re-executed nothing and did not lose, at most `PROBE_REUSE` blocks in a row
   * (then a block probes again). Undefined: probe this block.
   */
  reusableProbe(chain: object, shape: string): ConflictProbe | undefined {
    const record = this.#record(chain, shape);
    const probe = record.cleanProbe;
    if (probe === undefined || record.verdict !== undefined || record.reuses >= PROBE_REUSE) return undefined;
    record.reuses++;
    return probe;
  }

  /** Records a block of `n` transactions of `shape` that ran sequentially, in `ms`. */
  recordSequential(chain: object, shape: string, n: number, ms: number): void {
    if (n <= 0 || !(ms > 0)) return;
    const record = this.#record(chain, shape);
    const perTx = ms / n;
    const previous = record.sequentialMsPerTx;
    record.sequentialMsPerTx = previous === undefined ? perTx : previous + SMOOTHING * (perTx - previous);
  }

  #record(chain: object, shape: string): ShapeRecord {
    if (chain !== this.#chain) {
      this.#chain = chain;
      this.#shapes.clear();
    }
    let record = this.#shapes.get(shape);
    if (record === undefined) {
      record = {
        ratios: [],
        sequentialMsPerTx: undefined,
        verdict: undefined,
        skip: 0,
        backoff: 0,
        cleanProbe: undefined,
        reuses: 0,
      };
      this.#shapes.set(shape, record);
    }
    return record;
  }
}
