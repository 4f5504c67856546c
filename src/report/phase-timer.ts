/**
 * Wall time of the report's phases (start-up, compile, run workloads, static analysis...), shown in the
 * report's `timing` block. The only wall-clock figures of the report besides each workload's measured re-run.
 * A phase may have parts (`run workloads › setup`): their times are included in the phase's own time.
 */

/** Separator between a phase and one of its parts in a phase name. */
export const PART_SEPARATOR = " › ";

/** Accumulates the wall time of named phases. */
export class PhaseTimer {
  /** Milliseconds per phase, rounded. */
  readonly phases: Record<string, number> = {};
  readonly #start: number;
  readonly #exact = new Map<string, number>();

  /**
   * @param origin where the total starts, on the `performance.now()` clock: by default now; 0 for the
   * process's start, whose start-up then shows as the phase `start-up`.
   */
  constructor(origin?: number) {
    this.#start = origin ?? performance.now();
    if (origin === 0) this.add("start-up", performance.now());
  }

  /** Runs `fn`, adding its wall time to phase `name`. */
  async time<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.add(name, performance.now() - started);
    }
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
