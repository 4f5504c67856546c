/**
 * The worker pool, on piscina (a proven pool: queueing, thread replacement after a crash, termination of a
 * task's thread on abort). Each task is one lane of one block; a task that throws, whose thread dies, or that
 * stops making progress becomes a `LaneFault` — the caller re-executes that lane's transactions itself, and
 * piscina replaces the thread (the pool heals; the new thread asks for a replica snapshot).
 *
 * The watchdog tells a hung worker from a slow one by progress, not by a deadline: the worker bumps a shared
 * counter as it starts and after every transaction, and only a whole `timeoutMs` without a bump is a hang (a
 * task not started yet — queued, or its thread still booting — gets `NOT_STARTED_FACTOR` times as long). On a
 * loaded machine a lane may take many times its usual time and still finish.
 *
 * The worker entry is a file: next to this module as `.js` when running from `dist/`, or the `.ts` source
 * under tsx (tests, bench), in which case the worker thread gets tsx's loader through `execArgv`.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { MessagePort } from "node:worker_threads";

import { Piscina } from "piscina";

import type { LaneReply, LaneTask } from "./lane-task.js";

/** How a lane task ended badly. */
export interface LaneFault {
  readonly kind: "error" | "crash" | "timeout";
  readonly message: string;
}

/** The outcome of one lane task. */
export type LaneRun =
  { readonly kind: "reply"; readonly reply: LaneReply } | { readonly kind: "fault"; readonly fault: LaneFault };

/** How many times `timeoutMs` a task may wait before it starts (thread boot, queueing) until it is a hang. */
export const NOT_STARTED_FACTOR = 10;

/** Where the worker entry is, and how a thread must be started to load it. */
export function workerEntry(): { filename: string; execArgv: string[] } {
  const js = new URL("./worker-entry.js", import.meta.url);
  if (existsSync(fileURLToPath(js))) return { filename: js.href, execArgv: [...process.execArgv] };
  const ts = new URL("./worker-entry.ts", import.meta.url);
  const hasTsx = process.execArgv.some((a) => a.includes("tsx"));
  return { filename: ts.href, execArgv: hasTsx ? [...process.execArgv] : [...process.execArgv, "--import", "tsx/esm"] };
}

/** A pool of lane workers. */
export class LanePool {
  readonly #pool: Piscina<LaneTask, LaneReply>;
  /** The tasks given and not ended: their progress counters, and how to fail one at once. */
  readonly #running = new Map<Int32Array, (reason: string) => void>();
  readonly size: number;

  /** @param entry the worker module (tests give one that fails to load); default {@link workerEntry}. */
  constructor(size: number, entry = workerEntry()) {
    this.size = size;
    this.#pool = new Piscina<LaneTask, LaneReply>({
      filename: entry.filename,
      execArgv: entry.execArgv,
      minThreads: size,
      maxThreads: size,
      idleTimeout: Number.MAX_SAFE_INTEGER,
      concurrentTasksPerWorker: 1,
    });
    // A task aborted by the watchdog may still answer when its reply was already on its way; piscina then emits
    // "Unexpected message from Worker" as an 'error' event, which without a listener kills the process (seen
    // once in `npm run bench`, 2026-12-06). The lane already counts as faulted and runs at its commit points.
    this.#pool.on("error", (error: unknown) => this.#onPoolError(error));
  }

  /**
   * A late reply (see the constructor), or a thread that failed before it was ready — its module did not load
   * (seen with tsx's loader broken in a long bench process, 2026-12-07): piscina then has fewer threads than its
   * size and replaces none, so a task not started yet would wait its whole "not started" deadline (10 × the
   * lane's) in the queue, for every block. Such tasks fail at once instead: their lanes run at their commit
   * points, and the next task gives piscina a new thread to try.
   */
  #onPoolError(error: unknown): void {
    if (this.#pool.threads.length >= this.size) {
      this.lateReplies++;
      return;
    }
    this.bootFailures++;
    const reason = `a worker thread failed to start: ${error instanceof Error ? error.message : String(error)}`;
    for (const [progress, fail] of this.#running) if (Atomics.load(progress, 0) === 0) fail(reason);
  }

  /** Threads that failed before they were ready (see #onPoolError). */
  bootFailures = 0;

  /** Replies that came after their task had been given up (ignored; see the constructor). */
  lateReplies = 0;

  /** Whether an 'error' event of the pool is handled (a late reply must never kill the process). */
  handlesPoolErrors(): boolean {
    return this.#pool.listenerCount("error") > 0;
  }

  /** Thread ids of the live workers. */
  threadIds(): number[] {
    return this.#pool.threads.map((t) => t.threadId);
  }

  /** The live worker threads (tests kill one to check recovery). */
  get threads(): readonly { terminate(): Promise<number>; readonly threadId: number }[] {
    return this.#pool.threads;
  }

  /** The progress counters of the tasks running now (tests wait on these rather than on time). */
  runningProgress(): number[] {
    return [...this.#running.keys()].map((p) => Atomics.load(p, 0));
  }

  /**
   * Runs one lane task (moving the `transfer` ports to the worker); never rejects. A hang is `timeoutMs` without
   * progress (see the header).
   */
  async run(task: LaneTask, timeoutMs: number, transfer: readonly MessagePort[] = []): Promise<LaneRun> {
    const abort = new AbortController();
    const progress = task.progress ?? new Int32Array(new SharedArrayBuffer(4));
    let timedOut: string | undefined;
    let failed: string | undefined;
    this.#running.set(progress, (reason) => {
      failed = reason;
      abort.abort();
    });
    let seen = Atomics.load(progress, 0);
    let quietMs = 0;
    const step = Math.max(20, Math.floor(timeoutMs / 4));
    const timer = setInterval(() => {
      const now = Atomics.load(progress, 0);
      quietMs = now === seen ? quietMs + step : 0;
      seen = now;
      const limit = now === 0 ? timeoutMs * NOT_STARTED_FACTOR : timeoutMs;
      if (quietMs < limit) return;
      timedOut = now === 0 ? `not started in ${limit} ms` : `no progress in ${limit} ms`;
      abort.abort();
    }, step);
    try {
      return {
        kind: "reply",
        reply: await this.#pool.run({ ...task, progress }, { signal: abort.signal, transferList: [...transfer] }),
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (timedOut !== undefined) return { kind: "fault", fault: { kind: "timeout", message: timedOut } };
      if (failed !== undefined) return { kind: "fault", fault: { kind: "crash", message: failed } };
      const crashed = /exit|terminat/i.test(message);
      return { kind: "fault", fault: { kind: crashed ? "crash" : "error", message } };
    } finally {
      clearInterval(timer);
      this.#running.delete(progress);
    }
  }

  /** Stops every thread. */
  async close(): Promise<void> {
    await this.#pool.destroy();
  }
}
