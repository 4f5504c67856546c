/**
 * Small builders for hand-made block traces, and a seeded generator for the property tests.
 */
import {
  balanceKey,
  type BlockTrace,
  type LocationKey,
  storageKey,
  type TxTrace,
} from "../../../src/report/record/block-trace.js";

/** Address number `n` (0x000…0n), handy because its shard is `n mod S`. */
export function address(n: number): string {
  return `0x${n.toString(16).padStart(40, "0")}`;
}

/** Storage slot `slot` of contract address(1000). */
export function slot(slotNumber: number): LocationKey {
  return storageKey(address(1000), slotNumber);
}

/** The coinbase balance. */
export const COINBASE = balanceKey(address(999));

/** Access sets of one transaction, everything optional. */
export interface TxSpec {
  gas?: number | bigint;
  reads?: LocationKey[];
  writes?: LocationKey[];
  deltas?: LocationKey[];
  contract?: string;
  function?: string;
}

/** A block from transaction specs, indices filled in. */
export function block(specs: TxSpec[], number?: number): BlockTrace {
  const transactions = specs.map((spec, index): TxTrace => ({
    index,
    gasUsed: spec.gas ?? 100,
    reads: spec.reads ?? [],
    writes: spec.writes ?? [],
    deltas: spec.deltas ?? [],
    ...(spec.contract === undefined ? {} : { contract: spec.contract }),
    ...(spec.function === undefined ? {} : { function: spec.function }),
  }));
  return number === undefined ? { transactions } : { number, transactions };
}

/** `n` transactions touching only their own slot (read-modify-write). */
export function independentBlock(n: number, gas = 100): BlockTrace {
  return block(Array.from({ length: n }, (_, i) => ({ gas, reads: [slot(i)], writes: [slot(i)] })));
}

/** `n` transactions incrementing one counter (read-modify-write of slot 0), each also touching its own slot. */
export function counterBlock(n: number, gas = 100): BlockTrace {
  return block(
    Array.from({ length: n }, (_, i) => ({
      gas,
      reads: [slot(0), slot(100 + i)],
      writes: [slot(0), slot(100 + i)],
      contract: "Counter",
      function: "increment",
    })),
  );
}

/** Mulberry32: a tiny seeded PRNG, enough for reproducible random blocks. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random block: `n` transactions over `locations` slots, with a hot set drawn with probability `hot`. */
export function randomBlock(random: () => number, n: number, locations: number, hot: number): BlockTrace {
  const pick = (): LocationKey =>
    slot(random() < hot ? Math.floor(random() * 2) : 2 + Math.floor(random() * locations));
  return block(
    Array.from({ length: n }, () => {
      const reads = Array.from({ length: 1 + Math.floor(random() * 3) }, pick);
      const writes = reads.filter(() => random() < 0.6);
      if (random() < 0.2) writes.push(pick()); // a blind write now and then
      return { gas: 21_000 + Math.floor(random() * 80_000), reads, writes, deltas: [COINBASE] };
    }),
  );
}

/** Diamond 0 → {1, 2} → 3 with gas 10, 30, 20, 10. */
export function diamond(gas: [number, number, number, number] = [10, 30, 20, 10]): BlockTrace {
  const [a, b, c, d] = [slot(1), slot(2), slot(3), slot(4)];
  return block([
    { gas: gas[0], writes: [a, b] },
    { gas: gas[1], reads: [a], writes: [c] },
    { gas: gas[2], reads: [b], writes: [d] },
    { gas: gas[3], reads: [c, d] },
  ]);
}
