/**
 * The committed state's changes for its followers (the parallel executors' worker replicas: state-sync.ts): one
 * map of the latest value per location changed since the last take, whoever took — a take closes it as a
 * *generation* — shared by every follower. A follower takes the generations since its last take, oldest first;
 * a generation every follower has taken is dropped.
 *
 * Why shared: a listener per follower cost one `Map.set` per change per follower — ≈ 4.9 ms of main-thread CPU
 * per 1,000-ERC20-transfer block and follower (CPU profile of bench/executor-timeline.ts, 2026-12-07), paid by
 * the sequential executor as much as by the parallel one whenever two executors follow one state (the
 * benchmarks' configurations). One follower costs what its listener cost: one `Map.set` per change; a take
 * over several generations (another follower took in between) merges them. A follower that does not take for
 * long keeps the generations the others closed: past `MAX_GENERATIONS` they are merged into one.
 */
import type { LocationKey, LocationValue } from "../vocabulary.js";

/** Generations kept before they are merged into one. */
const MAX_GENERATIONS = 32;

/** One follower's position. */
export interface ChangeFollower {
  /** The locations changed since the last call (or since following), each once, with its latest value. */
  take(): Array<[LocationKey, LocationValue]>;
  /** Stops following. */
  close(): void;
}

type Generation = Map<LocationKey, LocationValue>;

/**
 * One generation as is, or several merged into a copy (the keys are the same string objects, whose hashes the
 * engine kept: cheaper than shipping a location twice, which cost the worker's replica sync ≈ 4 ms more per
 * 1,000-ERC20 block in bench/executor-timeline.ts with two executors following).
 */
function merge(generations: readonly Generation[]): Generation {
  const [first, ...rest] = generations;
  if (first === undefined) return new Map();
  if (rest.length === 0) return first;
  const merged = new Map(first);
  for (const generation of rest) for (const [location, value] of generation) merged.set(location, value);
  return merged;
}

/** The changes not yet taken by every follower. */
export class ChangeFeed {
  #open: Generation = new Map();
  /** Closed generations not yet taken by every follower; `#closed[0]` is generation `#base`. */
  #closed: Generation[] = [];
  #base = 0;
  /** Per follower, the first generation it has not taken. */
  readonly #from = new Map<object, number>();

  /** Records a location's new value (only while followed). */
  record(key: LocationKey, value: LocationValue): void {
    if (this.#from.size > 0) this.#open.set(key, value);
  }

  /** A follower of every change from now on. */
  follow(): ChangeFollower {
    const key = {};
    this.#from.set(key, this.#end());
    return {
      take: () => this.#take(key),
      close: () => {
        this.#from.delete(key);
        this.#prune();
        if (this.#from.size === 0) this.#open = new Map();
      },
    };
  }

  #end(): number {
    return this.#base + this.#closed.length;
  }

  #take(key: object): Array<[LocationKey, LocationValue]> {
    if (this.#open.size > 0) {
      this.#closed.push(this.#open);
      this.#open = new Map();
    }
    const from = Math.max(this.#from.get(key) ?? this.#end(), this.#base);
    const generations = this.#closed.slice(from - this.#base);
    this.#from.set(key, this.#end());
    this.#prune();
    if (this.#closed.length > MAX_GENERATIONS) this.#compact();
    return [...merge(generations)];
  }

  /** Drops the generations every follower has taken. */
  #prune(): void {
    const lowest = Math.min(this.#end(), ...this.#from.values());
    if (lowest <= this.#base) return;
    this.#closed = this.#closed.slice(lowest - this.#base);
    this.#base = lowest;
  }

  /** Merges the kept generations into one; a follower inside them takes all of it again (the latest values). */
  #compact(): void {
    const merged: Generation = new Map();
    for (const generation of this.#closed) for (const [location, value] of generation) merged.set(location, value);
    const end = this.#end();
    for (const [key, position] of this.#from) this.#from.set(key, position >= end ? this.#base + 1 : this.#base);
    this.#closed = [merged];
  }
}
