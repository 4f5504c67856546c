import { expect } from "chai";

import type { ConflictProbe } from "../../../../src/runtime/parallel/conflict-probe.js";
import { GraphPartitioner } from "../../../../src/runtime/parallel/sharded/graph-partitioner.js";
import { HashPartitioner, type Envelope } from "../../../../src/runtime/parallel/sharded/partitioner.js";
import {
  crossShardProbe,
  crossShardReason,
  hotTarget,
  planShards,
} from "../../../../src/runtime/parallel/sharded/shard-plan.js";

const addr = (n: number): string => `0x${n.toString(16).padStart(40, "0")}`;
const sender = (i: number): string => addr(0x1000 + i);
const pool = (k: number): string => addr(0xaa00 + k);

/** `n` transactions, sender i calling pool i % pools. */
function ownTraders(n: number, pools: number): Envelope[] {
  return Array.from({ length: n }, (_, i) => ({ sender: sender(i), to: pool(i % pools) }));
}

describe("sharded: partition and block plan", () => {
  it("keeps each pool with its own traders: no cross-shard transaction, shards balanced, one shard per thread", () => {
    const partitioner = new GraphPartitioner(2);
    const envelopes = ownTraders(64, 8);
    partitioner.prepare(envelopes);
    const plan = planShards(partitioner, envelopes, 2, 32);
    expect(plan.crossShard).to.equal(0);
    for (let i = 0; i < 64; i++) expect(plan.homes[i]).to.equal(partitioner.shardOf(pool(i % 8)));
    expect(plan.lanes.map((l) => l.length)).to.deep.equal([32, 32]);
    expect([...plan.laneOfShard].sort()).to.deep.equal([0, 1]);
    // Lanes keep block order.
    for (const lane of plan.lanes) expect(lane).to.deep.equal([...lane].sort((a, b) => a - b));
  });

  it("shares a contract every transaction calls, so it makes no transaction cross-shard", () => {
    const partitioner = new GraphPartitioner(2);
    const envelopes = Array.from({ length: 40 }, (_, i) => ({ sender: sender(i), to: pool(0) }));
    partitioner.prepare(envelopes);
    expect(partitioner.shardOf(pool(0))).to.equal(undefined);
    expect(partitioner.exportPartition().shared).to.deep.equal([pool(0)]);
    expect(planShards(partitioner, envelopes, 2, 20).crossShard).to.equal(0);
    expect(hotTarget(envelopes)).to.deep.equal({ address: pool(0), share: 1 });
    expect(hotTarget(ownTraders(40, 8))).to.equal(undefined);
  });

  it("follows the current traffic: a contract hot in earlier blocks is shared once it dominates a new block", () => {
    const partitioner = new GraphPartitioner(2);
    for (let b = 0; b < 3; b++)
      partitioner.prepare(ownTraders(100, 8).map((e) => ({ ...e, sender: sender(b * 1000) })));
    // A new block: a new token called by 100 new senders.
    const token = addr(0xbeef);
    const block = Array.from({ length: 100 }, (_, i) => ({ sender: sender(5000 + i), to: token }));
    partitioner.prepare(block);
    expect(partitioner.shardOf(token)).to.equal(undefined);
    expect(planShards(partitioner, block, 2, 50).crossShard).to.equal(0);
  });

  it("says why it falls back when too many transactions span shards", () => {
    const partitioner = new HashPartitioner(2);
    // Senders and targets chosen in different shards by their low bits.
    const envelopes = Array.from({ length: 10 }, (_, i) => ({ sender: addr(2 * i), to: addr(2 * i + 1) }));
    const plan = planShards(partitioner, envelopes, 2, 5);
    expect(plan.crossShard).to.equal(10);
    expect(plan.lanes.flat()).to.deep.equal([]);
    expect(crossShardReason(plan, 0.5)).to.equal(
      "cross-shard: 100% of 10 transactions span shards (limit 50%); they would run one after another at their commit points",
    );
    expect(crossShardReason(plan, 1)).to.equal(undefined);
    expect(crossShardReason(planShards(partitioner, [], 2, 0), 0.5)).to.equal(undefined);
  });

  it("packs more shards than threads towards the main thread's target, cross-shard work counted on it", () => {
    const partitioner = new GraphPartitioner(8);
    const envelopes = ownTraders(80, 8);
    partitioner.prepare(envelopes);
    const plan = planShards(partitioner, envelopes, 2, 50);
    expect(plan.lanes.map((l) => l.length)).to.deep.equal([50, 30]);
    const withCross = planShards(partitioner, [...envelopes, { sender: sender(0), to: pool(1) }], 2, 51);
    expect(withCross.crossShard).to.equal(1);
    expect(withCross.lanes[0]?.length).to.equal(50);
  });

  it("counts probe dependencies across shards or through a shared contract, not chains inside one shard", () => {
    const partitioner = new GraphPartitioner(2);
    const envelopes = ownTraders(40, 4);
    partitioner.prepare(envelopes);
    const homes = planShards(partitioner, envelopes, 2, 20).homes;
    const [a, b] = [0, 4];
    const other = homes.findIndex((h) => h !== homes[0]);
    expect(homes[b]).to.equal(homes[a]);
    expect(other).to.be.greaterThan(0);
    const probe: ConflictProbe = {
      sampled: 5,
      dependent: 3,
      ratio: 0.75,
      ms: 1,
      edges: [
        [a, b], // sender 4 calls pool 0, as sender 0 does: one shard
        [a, other], // another shard
        [-1, 8], // could not run at the pre-block state
      ],
    };
    const seen = crossShardProbe(probe, homes, partitioner, envelopes);
    expect(seen.dependent).to.equal(2);
    expect(seen.ratio).to.equal(0.5);
    // A later nonce of a sender waits for its previous transaction, in the same shard: not counted.
    const again = [...envelopes, { sender: sender(0), to: pool(0) }];
    const againHomes = planShards(partitioner, again, 2, 20).homes;
    expect(crossShardProbe({ ...probe, edges: [[-1, 40]] }, againHomes, partitioner, again).dependent).to.equal(0);
    // Through a shared contract every dependency counts.
    const hub = Array.from({ length: 40 }, (_, i) => ({ sender: sender(i), to: pool(0) }));
    const shared = new GraphPartitioner(2);
    shared.prepare(hub);
    const hubHomes = planShards(shared, hub, 2, 20).homes;
    const same = hubHomes.findIndex((h, j) => j > 0 && h === hubHomes[0]);
    expect(same).to.be.greaterThan(0);
    const through = crossShardProbe({ ...probe, edges: [[0, same]] }, hubHomes, shared, hub);
    expect(through.dependent).to.equal(1);
  });
});
