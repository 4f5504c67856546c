/**
 * The worker pool, on piscina (a proven pool: queueing, thread replacement after a crash, termination of a
 * task's thread on abort). Each task is one lane of one block; a task that throws, whose thread dies, or that
 * outlives its deadline becomes a `LaneFault` — the caller re-executes that lane's transactions itself, and
 * piscina replaces the thread (the pool heals; the new thread asks for a replica snapshot).
 *
 * The worker entry is a file: next to this module as `.js` when running from `dist/`, or the `.ts` source
 * under tsx (tests, bench), in which case the worker thread gets tsx's loader through `execArgv`.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

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
  readonly size: number;

  constructor(size: number) {
    const entry = workerEntry();
    this.size = size;
    this.#pool = new Piscina<LaneTask, LaneReply>({
      filename: entry.filename,
      execArgv: entry.execArgv,
      minThreads: size,
      maxThreads: size,
      idleTimeout: Number.MAX_SAFE_INTEGER,
      concurrentTasksPerWorker: 1,
    });
  }

  /** Thread ids of the live workers. */
  threadIds(): number[] {
    return this.#pool.threads.map((t) => t.threadId);
  }

  /** The live worker threads (tests kill one to check recovery). */
  get threads(): readonly { terminate(): Promise<number>; readonly threadId: number }[] {
    return this.#pool.threads;
  }

  /** Runs one lane task; never rejects. */
  async run(task: LaneTask, timeoutMs: number): Promise<LaneRun> {
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, timeoutMs);
    try {
      return { kind: "reply", reply: await this.#pool.run(task, { signal: abort.signal }) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (timedOut) return { kind: "fault", fault: { kind: "timeout", message: `no answer in ${timeoutMs} ms` } };
      const crashed = /exit|terminat/i.test(message);
      return { kind: "fault", fault: { kind: crashed ? "crash" : "error", message } };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops every thread. */
  async close(): Promise<void> {
    await this.#pool.destroy();
  }
}
