/**
 * The chain's blocks by number and hash, including runs of "reserved" blocks: `hardhat_mine` of many blocks
 * does not mine each one (Hardhat's network reserves them and makes each only when it is asked for), so a
 * million blocks cost as much as one. A reserved block is made on first access, as Hardhat's network makes
 * it — empty, the run's base fee, a 1,000,000 gas limit and zero parent hash, coinbase, mixHash and beacon
 * root (measured against EDR) — and then kept like any mined block.
 */
import type { StoredBlock } from "./chain-types.js";

/** A run of reserved blocks. */
export interface ReservedRun {
  readonly first: bigint;
  count: bigint;
  /** Timestamp of the block before the run; block `first + k` is `k + 1` intervals after it. */
  readonly baseTimestamp: bigint;
  readonly interval: bigint;
  /** Makes reserved block `n` (a stored block of the run's state). */
  readonly make: (n: bigint, timestamp: bigint) => StoredBlock;
  readonly made: Map<bigint, StoredBlock>;
}

type Entry = StoredBlock | ReservedRun;

const isRun = (e: Entry): e is ReservedRun => "make" in e;
const entryEnd = (e: Entry): bigint => (isRun(e) ? e.first + e.count : e.number + 1n);

/** Blocks in number order: mined ones and reserved runs. */
export class BlockList {
  readonly #entries: Entry[] = [];
  readonly #byHash = new Map<string, StoredBlock>();

  /** Number of blocks (the next block's number). */
  get length(): bigint {
    const last = this.#entries[this.#entries.length - 1];
    return last === undefined ? 0n : entryEnd(last);
  }

  /** Appends a mined block. */
  push(stored: StoredBlock): void {
    this.#entries.push(stored);
    this.#byHash.set(stored.hash, stored);
  }

  /** Appends `count` reserved blocks (count ≥ 1). */
  reserve(run: Omit<ReservedRun, "first" | "made">): void {
    this.#entries.push({ ...run, first: this.length, made: new Map() });
  }

  /** Block `n` (made now if reserved), or undefined past the end. */
  at(n: bigint): StoredBlock | undefined {
    const entry = this.#entryOf(n);
    if (entry === undefined || !isRun(entry)) return entry;
    const cached = entry.made.get(n);
    if (cached !== undefined) return cached;
    const stored = entry.make(n, entry.baseTimestamp + (n - entry.first + 1n) * entry.interval);
    entry.made.set(n, stored);
    this.#byHash.set(stored.hash, stored);
    return stored;
  }

  /** True if block `n` is reserved and not made yet (empty: no transactions, no logs). */
  isUnmadeReserved(n: bigint): boolean {
    const entry = this.#entryOf(n);
    return entry !== undefined && isRun(entry) && !entry.made.has(n);
  }

  /** A block seen so far by 0x hash. */
  byHash(hash: string): StoredBlock | undefined {
    return this.#byHash.get(hash);
  }

  /** Drops blocks from the end until `length` is `count`; returns the dropped mined and made blocks. */
  truncate(count: bigint): StoredBlock[] {
    const dropped: StoredBlock[] = [];
    for (let last = this.#entries.at(-1); last !== undefined && entryEnd(last) > count; last = this.#entries.at(-1)) {
      if (!isRun(last)) {
        dropped.push(last);
        this.#entries.pop();
        continue;
      }
      for (const [n, stored] of last.made) {
        if (n < count) continue;
        dropped.push(stored);
        last.made.delete(n);
      }
      if (last.first >= count) this.#entries.pop();
      else last.count = count - last.first;
    }
    for (const stored of dropped) this.#byHash.delete(stored.hash);
    return dropped;
  }

  #entryOf(n: bigint): Entry | undefined {
    if (n < 0n || n >= this.length) return undefined;
    // Without reserved runs entry i is block i (the common case, and `latest` on every request): no search.
    const direct = this.#entries[Number(n)];
    if (direct !== undefined && !isRun(direct) && direct.number === n) return direct;
    let lo = 0;
    let hi = this.#entries.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      const e = this.#entries[mid];
      const first = e === undefined ? 0n : isRun(e) ? e.first : e.number;
      if (first <= n) lo = mid;
      else hi = mid - 1;
    }
    return this.#entries[lo];
  }
}
