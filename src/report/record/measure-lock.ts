/**
 * Keeps the report's wall-time measurements alone on the machine while workloads are recorded on several
 * threads (record-concurrently.ts): a thread that measures takes the lock, then waits until every other thread
 * has parked at its next step; a recording thread steps before each request it makes to its chain, and parks
 * there while another thread measures. So no recording runs during a measured mining, however the threads
 * interleave. Shared by threads through a `SharedArrayBuffer`; waits never block the thread's event loop (the
 * main thread keeps answering the other thread's artifact requests): `Atomics.waitAsync`, woken by the other
 * thread's notify, with a timer that re-checks every few milliseconds and keeps the event loop alive.
 *
 * Layout (Int32): [0] the measuring slot + 1 (0: nobody), [1 + slot] 1 while that slot's thread is running
 * between two steps. A step sets its flag before it looks at the owner and a measurer takes the owner before
 * it looks at the flags (sequentially consistent atomics), so one of the two always sees the other.
 */

/** What the workload runner needs of the lock (undefined: one thread, nothing to coordinate). */
export interface MeasureGate {
  /** Before a piece of recording work: parks while another thread measures. */
  step(): Promise<void>;
  /** Before measuring: waits until nobody else measures and every other thread has parked. */
  acquire(): Promise<void>;
  /** After measuring. */
  release(): void;
}

const OWNER = 0;

/**
 * The report's threads in its measure lock: the main thread's recording, the workload thread's
 * (record-concurrently.ts) and the analysis thread (analysis-client.ts), which parks like a recording thread.
 */
export const REPORT_LOCK_SLOTS = { main: 0, workloadThread: 1, analysis: 2, count: 3 } as const;

/** The shared memory of a lock for `threads` threads. */
export function measureLockBuffer(threads: number): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * (1 + threads));
}

/** Re-check interval of a wait (a notify wakes it sooner). */
const RECHECK_MS = 20;

type WaitAsync = (
  cells: Int32Array,
  index: number,
  value: number,
  timeoutMs: number,
) => { readonly async: boolean; readonly value: Promise<unknown> | unknown };

/** `Atomics.waitAsync` (Node 16+; not in the ES2023 typings). */
const waitAsync = (Atomics as unknown as { readonly waitAsync?: WaitAsync }).waitAsync;

/** Waits until `cells[index]` may no longer be `value`: a notify, or the re-check interval. */
async function waitWhile(cells: Int32Array, index: number, value: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const recheck = new Promise<void>((resolve) => (timer = setTimeout(resolve, RECHECK_MS)));
  const woken = waitAsync?.(cells, index, value, RECHECK_MS);
  try {
    await (woken?.async === true ? Promise.race([woken.value, recheck]) : recheck);
  } finally {
    clearTimeout(timer);
  }
}

/** One thread's handle on a shared measure lock. */
export class MeasureLock implements MeasureGate {
  readonly #cells: Int32Array;
  readonly #slot: number;
  /** Told how long each park at a step lasted (ms). */
  onParked: ((ms: number) => void) | undefined;

  /** `slot` is this thread's index, 0 ≤ slot < the buffer's thread count. */
  constructor(buffer: SharedArrayBuffer, slot: number) {
    this.#cells = new Int32Array(buffer);
    if (slot < 0 || slot >= this.#cells.length - 1) throw new RangeError(`measure lock has no slot ${slot}`);
    this.#slot = slot;
  }

  async step(): Promise<void> {
    const me = this.#slot + 1;
    for (;;) {
      this.#setRunning(1);
      const owner = Atomics.load(this.#cells, OWNER);
      if (owner === 0 || owner === me) return;
      this.#setRunning(0);
      const parked = performance.now();
      for (let o = owner; o !== 0; o = Atomics.load(this.#cells, OWNER)) await waitWhile(this.#cells, OWNER, o);
      this.onParked?.(performance.now() - parked);
    }
  }

  async acquire(): Promise<void> {
    const me = this.#slot + 1;
    this.#setRunning(0);
    for (let o = Atomics.compareExchange(this.#cells, OWNER, 0, me); o !== 0;) {
      await waitWhile(this.#cells, OWNER, o);
      o = Atomics.compareExchange(this.#cells, OWNER, 0, me);
    }
    for (let other = 1; other < this.#cells.length; other++)
      while (other !== 1 + this.#slot && Atomics.load(this.#cells, other) !== 0) await waitWhile(this.#cells, other, 1);
  }

  release(): void {
    this.#setRunning(1);
    Atomics.store(this.#cells, OWNER, 0);
    Atomics.notify(this.#cells, OWNER);
  }

  /** This slot's thread counts as running (set for a thread before it starts: measurers wait for its first step). */
  markRunning(): void {
    this.#setRunning(1);
  }

  /** This thread records nothing more (measurers no longer wait for it). */
  finish(): void {
    this.#setRunning(0);
  }

  #setRunning(value: 0 | 1): void {
    Atomics.store(this.#cells, 1 + this.#slot, value);
    if (value === 0) Atomics.notify(this.#cells, 1 + this.#slot);
  }
}
