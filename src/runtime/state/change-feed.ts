/**
 * The committed state's changes for its followers (the parallel executor's worker replicas: state-sync.ts): one
 * map of the latest value per changed location, each stamped with the epoch it changed in, shared by every
 * follower. A follower takes the locations changed since its last take (latest values, each location once);
 * a location every follower has taken since it last changed is dropped.
 *
 * Why one shared map: a listener per follower cost one `Map.set` per change per follower — ≈ 4.9 ms of
 * main-thread CPU per 1,000-ERC20-transfer block and follower (a CPU profile of bench/executor-timeline.ts,
 * 2026-12-07), paid by the sequential executor as much as by the parallel one whenever two executors follow one
 * state (the benchmarks' configurations; a network's warm-up and measured executors).
 */
import type { LocationKey, LocationValue } from "../vocabulary.js";

/** One follower's position. */
export interface ChangeFollower {
  /** Every location changed since the last call (or since following) with its latest value, each once. */
  take(): Array<[LocationKey, LocationValue]>;
  /** Stops following. */
  close(): void;
}

interface Stamped {
  readonly value: LocationValue;
  readonly epoch: number;
}

/** The changes not yet taken by every follower. */
export class ChangeFeed {
  #changes = new Map<LocationKey, Stamped>();
  #epoch = 0;
  /** Per follower, the first epoch it has not taken. */
  readonly #from = new Map<object, number>();

  /** Records a location's new value (only while followed). */
  record(key: LocationKey, value: LocationValue): void {
    if (this.#from.size > 0) this.#changes.set(key, { value, epoch: this.#epoch });
  }

  /** A follower of every change from now on. */
  follow(): ChangeFollower {
    const key = {};
    this.#from.set(key, this.#epoch);
    return {
      take: () => this.#take(key),
      close: () => {
        this.#from.delete(key);
        if (this.#from.size === 0) this.#changes = new Map();
      },
    };
  }

  #take(key: object): Array<[LocationKey, LocationValue]> {
    const from = this.#from.get(key) ?? this.#epoch;
    this.#epoch++;
    this.#from.set(key, this.#epoch);
    const taken: Array<[LocationKey, LocationValue]> = [];
    const lowest = Math.min(...this.#from.values());
    // Another follower has not taken everything: keep what it has not taken (deleting while iterating is safe).
    const keep = lowest < this.#epoch;
    for (const [location, change] of this.#changes) {
      if (change.epoch >= from) taken.push([location, change.value]);
      if (keep && change.epoch < lowest) this.#changes.delete(location);
    }
    if (!keep) this.#changes = new Map();
    return taken;
  }
}
