/**
 * Wall time of the report's phases (compile, run workloads, static analysis...), shown in the report's
 * `timing` block. The only wall-clock figures of the report besides each workload's measured re-run.
 */

/** Accumulates the wall time of named phases. */
export class PhaseTimer {
  /** Milliseconds per phase, rounded. */
  readonly phases: Record<string, number> = {};
  readonly #start = performance.now();

  /** Runs `fn`, adding its wall time to phase `name`. */
  async time<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      this.phases[name] = Math.round((this.phases[name] ?? 0) + performance.now() - started);
    }
  }

  /** Milliseconds since the timer was created. */
  total(): number {
    return Math.round(performance.now() - this.#start);
  }
}
