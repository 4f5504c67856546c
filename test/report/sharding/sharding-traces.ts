/**
 * Hand-made traffic for the sharding tests: contracts at `contract(n)` (on shard n mod S under address
 * hashing), users at 0x…f000 + i, call frames between contracts.
 */
import type { BlockTrace, TxTrace } from "../../../src/report/record/block-trace.js";
import { storageKey } from "../../../src/report/record/block-trace.js";
import { address } from "../simulate/trace-builders.js";

/** Contract `n` (above the precompiles; its address-hash shard is still n mod S for S up to 4096). */
export function contract(n: number): string {
  return address(0x1000 + n);
}

/** A user account. */
export function user(i: number): string {
  return address(0xf000 + i);
}

/** One call: `from` calls `to` with selector `selector`. */
export interface Hop {
  readonly to: number;
  readonly selector?: string;
}

/**
 * A transaction from user `sender` entering contract `path[0]`, which calls `path[1]`, which calls `path[2]`…;
 * every contract on the path reads and writes its slot `slot` (per-user when `slot` is the user index).
 */
export function chainTx(index: number, sender: number, path: readonly Hop[], gas = 60_000, slot = 0): TxTrace {
  const keys = path.map((hop) => storageKey(contract(hop.to), slot));
  const calls = path.map((hop, i) => ({
    from: i === 0 ? user(sender) : contract(path[i - 1]?.to ?? 0),
    to: contract(hop.to),
    input: `${hop.selector ?? "0xaabbccdd"}${"00".repeat(32)}`,
  }));
  return {
    index,
    gasUsed: gas,
    sender: user(sender),
    to: contract(path[0]?.to ?? 0),
    reads: keys,
    writes: keys,
    deltas: [],
    calls,
  };
}

/** One block of transactions built by `make(i)`. */
export function blockOf(n: number, make: (i: number) => TxTrace): BlockTrace {
  return { transactions: Array.from({ length: n }, (_, i) => make(i)) };
}

/**
 * Two independent apps: router 1 → pair 3 (even and odd transactions), router 2 → pair 4. Address hashing at
 * 2 shards puts 1 and 3 on shard 1, 2 and 4 on shard 0: clean. `crossed` uses routers 1 → 2 and 3 → 4
 * instead, so hashing splits every call while a co-access partition keeps each app together.
 */
export function twoApps(crossed: boolean, n = 40): BlockTrace[] {
  const apps = crossed
    ? [
        [{ to: 1 }, { to: 2 }],
        [{ to: 3 }, { to: 4 }],
      ]
    : [
        [{ to: 1 }, { to: 3 }],
        [{ to: 2 }, { to: 4 }],
      ];
  return [blockOf(n, (i) => chainTx(i, i, apps[i % 2] ?? [], 60_000, i + 10))];
}
