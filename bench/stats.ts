/**
 * What makes a benchmark believable on a shared machine: configurations interleaved within every round (the
 * order rotates, so drift and other processes' load fall on all of them alike), warm-up rounds that are not
 * kept, min / median / max and the spread of every configuration, and a "twin" — a second, identical
 * configuration whose median must agree with its original within ±5 % in the same run. A run whose twins
 * disagree says so in its JSON: its ratios are noise at that level.
 */
import { availableParallelism, cpus, loadavg } from "node:os";

/** Summary of one configuration's samples (milliseconds unless said otherwise). */
export interface Summary {
  readonly min: number;
  /** 25th percentile: the noise of a shared machine only ever adds time, so the low quantiles move least. */
  readonly p25: number;
  readonly median: number;
  /** Interquartile mean (the mean of the middle half): the trimmed estimator, next to the median. */
  readonly iqm: number;
  readonly max: number;
  /** (max - min) / median, in percent. */
  readonly spreadPct: number;
  readonly samples: readonly number[];
}

/** How far two identical configurations' medians are apart. */
export interface TwinCheck {
  readonly configuration: string;
  readonly twin: string;
  /** |a - b| / mean(a, b), in percent. */
  readonly differencePct: number;
  /** The agreement the run must show. */
  readonly tolerancePct: number;
  readonly agree: boolean;
}

/** The agreement two identical configurations must reach (percent). */
export const TWIN_TOLERANCE_PCT = 5;

/** Rounds `x` to `digits` decimals. */
export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Median of `xs` (mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** The `q` quantile (0–1) of `xs`, linearly interpolated; NaN for none. */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const at = (s.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(at);
  const below = s[lo] ?? Number.NaN;
  return below + ((s[Math.min(lo + 1, s.length - 1)] ?? below) - below) * (at - lo);
}

/**
 * Interquartile mean: the mean of the samples between the 25th and 75th percentiles (all of them when there
 * are fewer than four). A trimmed estimator that uses more of the samples than the median does.
 */
export function interquartileMean(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const cut = s.length < 4 ? 0 : Math.floor(s.length / 4);
  const middle = s.slice(cut, s.length - cut);
  return middle.length === 0 ? Number.NaN : middle.reduce((a, b) => a + b, 0) / middle.length;
}

/** Min, p25, median, interquartile mean, max and spread of `samples`. */
export function summarize(samples: readonly number[]): Summary {
  const m = median(samples);
  const min = Math.min(...samples);
  const max = Math.max(...samples);
  return {
    min: round(min),
    p25: round(quantile(samples, 0.25)),
    median: round(m),
    iqm: round(interquartileMean(samples)),
    max: round(max),
    spreadPct: round(((max - min) / m) * 100),
    samples: samples.map((x) => round(x)),
  };
}

/**
 * Compares a configuration and its identical twin by `estimator` (the median unless given: the headline
 * statistic of every benchmark).
 */
export function twinCheck(
  configuration: string,
  a: readonly number[],
  twin: string,
  b: readonly number[],
  estimator: (xs: readonly number[]) => number = median,
): TwinCheck {
  const ma = estimator(a);
  const mb = estimator(b);
  const differencePct = round((Math.abs(ma - mb) / ((ma + mb) / 2)) * 100, 2);
  return {
    configuration,
    twin,
    differencePct,
    tolerancePct: TWIN_TOLERANCE_PCT,
    agree: differencePct <= TWIN_TOLERANCE_PCT,
  };
}

/** The order of `names` in round `r`: rotated by one each round, so every configuration runs in every slot. */
export function roundOrder<T>(names: readonly T[], r: number): T[] {
  const k = ((r % names.length) + names.length) % names.length;
  return [...names.slice(k), ...names.slice(0, k)];
}

/**
 * A stopping rule: after the minimum number of kept rounds, keep adding rounds until `converged` says the
 * samples so far are good enough (the twins agree) or `maxRounds` kept rounds are reached.
 */
export interface StoppingRule<T extends string, S> {
  readonly maxRounds: number;
  readonly converged: (samples: ReadonlyMap<T, readonly S[]>) => boolean;
}

/**
 * Runs `measure` for every configuration in every round, interleaved and rotated; the first `warmup` rounds
 * are discarded, `rounds` are kept — or, with `until`, as many more as its rule asks for. Returns each
 * configuration's kept samples.
 */
export async function interleaved<T extends string, S>(
  configurations: readonly T[],
  rounds: number,
  warmup: number,
  measure: (configuration: T) => Promise<S>,
  until?: StoppingRule<T, S>,
): Promise<Map<T, S[]>> {
  const samples = new Map<T, S[]>(configurations.map((c) => [c, []]));
  const cap = Math.max(rounds, until?.maxRounds ?? rounds);
  for (let r = -warmup; r < cap; r++) {
    if (r >= rounds && (until === undefined || until.converged(samples))) break;
    for (const c of roundOrder(configurations, r)) {
      const sample = await measure(c);
      if (r >= 0) samples.get(c)?.push(sample);
    }
  }
  return samples;
}

/** One timed run: wall-clock and process CPU time (all threads), both in milliseconds. */
export interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/**
 * Times `fn` (wall clock and this process's CPU time). On a loaded machine the CPU time moves less than the
 * wall time; both are reported.
 */
export async function timed(fn: () => Promise<void>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await fn();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/** Reads `--name N` (a positive integer) from the command line, else `fallback`. */
export function intOption(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? undefined : Number(process.argv[i + 1]);
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : fallback;
}

/** The machine a benchmark ran on, as every benchmark's JSON records it (load average at the end of the run). */
export function machineInfo(): {
  cpus: number;
  model: string;
  availableParallelism: number;
  node: string;
  loadAverage: number[];
} {
  return {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? "unknown",
    availableParallelism: availableParallelism(),
    node: process.version,
    loadAverage: loadavg(),
  };
}
