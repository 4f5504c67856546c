/**
 * Keeps the report's wall-time measurements alone on the machine while workloads are recorded on several
 * threads (record-concurrently.ts): a thread that measures takes the lock, then waits until every other thread
 * has parked at its next step; a recording thread steps before each request it makes to its chain, and parks
 * there while another thread measures. So no recording runs during a measured mining, however the threads
 * interleave. Shared by threads through a `SharedArrayBuffer`; waits poll every millisecond without blocking
 * the thread's event loop (the main thread keeps answering the other thread's artifact requests).
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

/** The shared memory of a lock for `threads` threads. */
export function measureLockBuffer(threads: number): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT * (1 + threads));
}

function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1));
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
      Atomics.store(this.#cells, 1 + this.#slot, 1);
      const owner = Atomics.load(this.#cells, OWNER);
      if (owner === 0 || owner === me) return;
      Atomics.store(this.#cells, 1 + this.#slot, 0);
      const parked = performance.now();
      while (Atomics.load(this.#cells, OWNER) !== 0) await pause();
      this.onParked?.(performance.now() - parked);
    }
  }

  async acquire(): Promise<void> {
    const me = this.#slot + 1;
    Atomics.store(this.#cells, 1 + this.#slot, 0);
    while (Atomics.compareExchange(this.#cells, OWNER, 0, me) !== 0) await pause();
    for (let other = 1; other < this.#cells.length; other++)
      while (other !== 1 + this.#slot && Atomics.load(this.#cells, other) !== 0) await pause();
  }

  release(): void {
    Atomics.store(this.#cells, 1 + this.#slot, 1);
    Atomics.store(this.#cells, OWNER, 0);
  }

  /** This thread records nothing more (measurers no longer wait for it). */
  finish(): void {
    Atomics.store(this.#cells, 1 + this.#slot, 0);
  }
}
