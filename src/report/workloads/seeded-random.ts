/**
 * Deterministic randomness for workloads: a small, fast PRNG (mulberry32) seeded from the workload's seed, and
 * the account pickers the templates share — uniform, hot-set (with probability h an account comes from a small
 * hot set) and Zipf-skewed. Same seed, same stream: reports and baselines are reproducible.
 */

/** A seeded pseudo-random stream. */
export class SeededRandom {
  #state: number;

  constructor(seed: number) {
    this.#state = (seed ^ 0x9e3779b9) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }
}

/** How transactions choose accounts. */
export interface AccountPicking {
  /** Probability in [0, 1] that an account comes from the hot set. */
  readonly hotRatio: number;
  /** Size of the hot set (at least 1). */
  readonly hotSetSize: number;
  /** Zipf exponent; 0 means uniform (ignored when hotRatio > 0). */
  readonly zipf: number;
}

function zipfWeights(n: number, s: number): number[] {
  const weights = Array.from({ length: n }, (_, i) => 1 / Math.pow(i + 1, s));
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  return weights.map((w) => (acc += w / total));
}

/** Picks accounts from a pool following a hot-ratio or Zipf law. */
export class AccountPicker {
  readonly #cumulative: number[] | undefined;

  constructor(
    private readonly accounts: readonly string[],
    private readonly picking: AccountPicking,
    private readonly random: SeededRandom,
  ) {
    this.#cumulative =
      picking.hotRatio === 0 && picking.zipf > 0 ? zipfWeights(accounts.length, picking.zipf) : undefined;
  }

  /** One account. */
  pick(): string {
    const { hotRatio, hotSetSize } = this.picking;
    if (hotRatio > 0 && this.random.next() < hotRatio) {
      return this.random.pick(this.accounts.slice(0, Math.max(1, Math.min(hotSetSize, this.accounts.length))));
    }
    if (this.#cumulative !== undefined) {
      const u = this.random.next();
      const index = this.#cumulative.findIndex((c) => u <= c);
      return this.accounts[index < 0 ? this.accounts.length - 1 : index] ?? this.random.pick(this.accounts);
    }
    return this.random.pick(this.accounts);
  }

  /** An account different from `other` (when the pool has two or more). */
  pickOther(other: string): string {
    for (let i = 0; i < 8; i++) {
      const candidate = this.pick();
      if (candidate !== other) return candidate;
    }
    return this.accounts.find((a) => a !== other) ?? other;
  }
}
