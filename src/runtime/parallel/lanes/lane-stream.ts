/**
 * A worker lane's outcomes streamed back in chunks while it still runs, so that the main thread validates and
 * commits them between its own work instead of all after the worker's answer. Without it, the commit of a
 * worker lane's ≈ 430 transactions (decoding the answer, validation, write sets: ≈ 16 ms of a 1,000-ERC20
 * block on an idle machine, bench/executor-timeline.ts) came after the worker had finished, with the worker
 * idle: the serial tail that Amdahl charges in full. Streamed, only the last chunk is left for the tail.
 *
 * How: the task carries one end of a MessageChannel and a shared counter. The worker posts every
 * `CHUNK_SIZE` outcomes as `{ from, outcomes }` (lane offsets), then bumps the counter and notifies; its
 * final answer carries the rest. The main thread never listens on the port: it takes what has arrived with
 * `receiveMessageOnPort` when it chooses to (drain), and when it has nothing else to do it sleeps on the
 * counter (Atomics.waitAsync) or the lane's end, whichever comes first.
 *
 * Why this is sound: a chunk's outcomes are whole speculative results of one run, in order, validated at
 * their commit points like any other; a lane that faults after some chunks simply has no results for the rest
 * (they run at their commit points), as a lane that faulted at once had none.
 */
import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";

import type { WireOutcome } from "./lane-task.js";
import { packOutcomes, type PackedOutcomes } from "./packed-outcomes.js";

/** Outcomes per streamed chunk. */
export const CHUNK_SIZE = 16;

/** Longest sleep between looks at the port while waiting (a missed notification costs at most this). */
const WAIT_SLICE_MS = 50;

/** `Atomics.waitAsync` (Node 16+; the compiler's library predates it). */
const waitAsync = (
  Atomics as unknown as {
    waitAsync: (
      array: Int32Array,
      index: number,
      value: number,
      timeoutMs: number,
    ) => { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;

/** One streamed chunk: the outcomes of the lane's transactions from offset `from`, packed (packed-outcomes.ts). */
export interface LaneChunk extends PackedOutcomes {
  readonly from: number;
}

/** Worker side: collects a lane's outcomes and posts them in chunks. */
export class ChunkPoster {
  #pending: WireOutcome[] = [];
  #from = 0;

  constructor(
    private readonly port: MessagePort | undefined,
    private readonly posted: Int32Array | undefined,
  ) {}

  /** Adds the next outcome; posts a chunk when one is full (never without a port). */
  add(outcome: WireOutcome): void {
    this.#pending.push(outcome);
    if (this.port === undefined || this.#pending.length < CHUNK_SIZE) return;
    this.port.postMessage({ from: this.#from, ...packOutcomes(this.#pending) } satisfies LaneChunk);
    this.#from += this.#pending.length;
    this.#pending = [];
    if (this.posted !== undefined) {
      Atomics.add(this.posted, 0, 1);
      Atomics.notify(this.posted, 0);
    }
  }

  /** The outcomes not posted yet, for the final answer, with the lane offset of the first. */
  rest(): LaneChunk {
    return { from: this.#from, ...packOutcomes(this.#pending) };
  }
}

/** Main-thread side: the chunks of one worker lane attempt as they arrive. */
export class LaneStream {
  /** Bumped by the worker after each chunk it posts. */
  readonly posted = new Int32Array(new SharedArrayBuffer(4));
  #closed = false;

  constructor(
    private readonly port: MessagePort,
    private readonly accept: (chunk: LaneChunk) => void,
  ) {}

  /** Accepts every chunk that has arrived; returns how many. */
  drain(): number {
    let count = 0;
    for (;;) {
      if (this.#closed) return count;
      const received = receiveMessageOnPort(this.port) as { message: LaneChunk } | undefined;
      if (received === undefined) return count;
      this.accept(received.message);
      count++;
    }
  }

  /** Waits until a chunk arrives or `ended` settles, then drains. */
  async next(ended: Promise<unknown>): Promise<void> {
    const seen = Atomics.load(this.posted, 0);
    if (this.drain() > 0) return;
    const wait = waitAsync(this.posted, 0, seen, WAIT_SLICE_MS);
    if (wait.async) await Promise.race([wait.value, ended]);
    this.drain();
  }

  /** Stops taking chunks (the lane ended or was given up); later ones are dropped. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.port.close();
  }
}
