import { expect } from "chai";

import type { ExecutedTx } from "../../../../src/runtime/exec/block-execution.js";
import { GraphPartitioner } from "../../../../src/runtime/parallel/sharded/graph-partitioner.js";
import { homeOf } from "../../../../src/runtime/parallel/sharded/shard-plan.js";
import { nonceKey, storageKey } from "../../../../src/runtime/vocabulary.js";

const addr = (n: number): string => `0x${n.toString(16).padStart(40, "0")}`;
const COINBASE = addr(0xc0);
const ROUTER = addr(0x7777);
const trader = (i: number): string => addr(0x1000 + i);
/** Pool k: the pair and its two tokens. */
const pool = (k: number): [string, string, string] => [addr(0xa000 + k), addr(0xb000 + k), addr(0xc000 + k)];

/** An execution that touched `addresses` (one storage slot each) besides its sender's nonce. */
function executed(sender: string, addresses: readonly string[]): ExecutedTx {
  const writes = new Map<string, bigint>([[nonceKey(sender), 1n]]);
  for (const a of addresses) writes.set(storageKey(a, "0x1"), 1n);
  return { sender, access: { reads: new Map(), writes, deltas: new Map() } } as unknown as ExecutedTx;
}

describe("sharded: graph partitioner", () => {
  it("keeps a pair with its tokens and its own traders; a direct swap stays in its shard", () => {
    const partitioner = new GraphPartitioner(2);
    // 8 pools, trader i swapping directly on pool i % 8 (pair and both tokens touched).
    const block = Array.from({ length: 64 }, (_, i) => executed(trader(i), pool(i % 8)));
    partitioner.observe(block, COINBASE);
    for (let k = 0; k < 8; k++) {
      const [pair, t0, t1] = pool(k).map((a) => partitioner.shardOf(a));
      expect(pair).to.not.equal(undefined);
      expect([t0, t1]).to.deep.equal([pair, pair]);
    }
    for (let i = 0; i < 64; i++) {
      expect(homeOf(partitioner, { sender: trader(i), to: pool(i % 8)[0] })).to.equal(
        partitioner.shardOf(pool(i % 8)[0]),
      );
    }
    expect(partitioner.exportPartition().cutRatio).to.equal(0);
  });

  it("predicts a router swap cross-shard when its trader's pools lie mostly in other shards", () => {
    const partitioner = new GraphPartitioner(2);
    // Through a router every trader swaps on every pool: the router is shared, the pools split.
    const block = Array.from({ length: 64 }, (_, i) => executed(trader(i % 8), [ROUTER, ...pool(i % 8)]));
    partitioner.observe(block, COINBASE);
    expect(partitioner.shardOf(ROUTER)).to.equal(undefined);
    const shards = new Set([0, 1, 2, 3, 4, 5, 6, 7].map((k) => partitioner.shardOf(pool(k)[0])));
    expect(shards).to.deep.equal(new Set([0, 1]));
    // Each trader touched only its own pool here: local. Now every trader swaps on all pools.
    const mixed = Array.from({ length: 64 }, (_, i) => executed(trader(i % 8), [ROUTER, ...pool(Math.floor(i / 8))]));
    const spread = new GraphPartitioner(2);
    spread.observe(mixed, COINBASE);
    const crossing = [0, 1, 2, 3, 4, 5, 6, 7].filter(
      (t) => homeOf(spread, { sender: trader(t), to: ROUTER }) === undefined,
    );
    expect(crossing.length).to.be.greaterThan(0);
    expect(homeOf(partitioner, { sender: trader(0), to: ROUTER })).to.equal(partitioner.shardOf(pool(0)[0]));
  });

  it("sizes the shards to the shares it is given (the main thread's shard smaller or larger)", () => {
    const partitioner = new GraphPartitioner(2);
    partitioner.balance([0.7, 0.3]);
    const block = Array.from({ length: 100 }, (_, i) => executed(trader(i), pool(i % 20)));
    partitioner.observe(block, COINBASE);
    const perShard = [0, 0];
    for (let i = 0; i < 100; i++) {
      const s = partitioner.shardOf(trader(i)) ?? -1;
      perShard[s] = (perShard[s] ?? 0) + 1;
    }
    expect(perShard[0]).to.be.within(65, 75);
    partitioner.balance([1, 2, 3]); // malformed: ignored
    partitioner.observe(block, COINBASE);
    expect(partitioner.shardOf(trader(0))).to.not.equal(undefined);
  });
});

describe("sharded: graph partitioner fork", () => {
  /** A partitioner that has seen 16 traders on 4 pools. */
  function learned(): GraphPartitioner {
    const partitioner = new GraphPartitioner(2);
    partitioner.observe(
      Array.from({ length: 16 }, (_, i) => executed(trader(i), pool(i % 4))),
      COINBASE,
    );
    return partitioner;
  }
  /** A block of 16 traders on one pool, `k`. */
  const block = (k: number): ExecutedTx[] =>
    Array.from({ length: 16 }, (_, i) => executed(trader(100 * k + i), pool(k)));

  it("is an independent copy: what either learns or is told leaves the other as it was", () => {
    const partitioner = learned();
    const twin = learned();
    const fork = partitioner.fork();
    expect(fork.exportPartition()).to.deep.equal(twin.exportPartition());
    // The fork learns new traders and pools, block after block, and is told other shares.
    fork.balance([0.9, 0.1]);
    fork.prepare(Array.from({ length: 16 }, (_, i) => ({ sender: trader(1000 + i), to: pool(10 + (i % 2))[0] })));
    for (let k = 20; k < 30; k++) fork.observe(block(k), COINBASE);
    expect(fork.exportPartition()).to.not.deep.equal(twin.exportPartition());
    expect(partitioner.exportPartition()).to.deep.equal(twin.exportPartition());
    // The original goes on learning exactly as a partitioner that was never forked.
    const forked = fork.exportPartition();
    partitioner.observe(block(5), COINBASE);
    twin.observe(block(5), COINBASE);
    expect(partitioner.exportPartition()).to.deep.equal(twin.exportPartition());
    expect(fork.exportPartition()).to.deep.equal(forked);
  });
});
