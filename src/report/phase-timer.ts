/**
 * Wall time of the report's phases (start-up, compile, run workloads, static analysis...), shown in the
 * report's `timing` block. The only wall-clock figures of the report besides each workload's measured re-run.
 * A phase may have parts (`run workloads › setup`): their times are included in the phase's own time. When
 * workloads are recorded on two threads, each thread's parts go to a timer of its own that leaves out the time
 * the thread was parked while the other one measured (`exclude`); those are added to the report's timer, so
 * the parts then add up both threads' work and may exceed the phase's wall time.
 */

/** Separator between a phase and one of its parts in a phase name. */
export const PART_SEPARATOR = " › ";

/** Accumulates the wall time of named phases. */
export class PhaseTimer {
  /** Milliseconds per phase, rounded. */
  readonly phases: Record<string, number> = {};
  readonly #start: number;
  readonly #exact = new Map<string, number>();
  #excluded = 0;

  /**
   * @param origin where the total starts, on the `performance.now()` clock: by default now; 0 for the
   * process's start, whose start-up then shows as the phase `start-up`.
   */
  constructor(origin?: number) {
    this.#start = origin ?? performance.now();
    if (origin === 0) this.add("start-up", performance.now());
  }

  /** Runs `fn`, adding its wall time (less the time excluded meanwhile) to phase `name`. */
  async time<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const excluded = this.#excluded;
    try {
      return await fn();
    } finally {
      this.add(name, performance.now() - started - (this.#excluded - excluded));
    }
  }

  /** Leaves `ms` out of the phases being timed now (time the thread spent parked, not working on them). */
  exclude(ms: number): void {
    this.#excluded += ms;
  }

  /** Runs the synchronous `fn`, adding its wall time to phase `name`. */
  timeSync<T>(name: string, fn: () => T): T {
    const started = performance.now();
    try {
      return fn();
    } finally {
      this.add(name, performance.now() - started);
    }
  }

  /** Adds `ms` milliseconds to phase `name` (rounded only when shown, so many small parts add up). */
  add(name: string, ms: number): void {
    const total = (this.#exact.get(name) ?? 0) + ms;
    this.#exact.set(name, total);
    this.phases[name] = Math.round(total);
  }

  /** Milliseconds since the timer's origin. */
  total(): number {
    return Math.round(performance.now() - this.#start);
  }
}
