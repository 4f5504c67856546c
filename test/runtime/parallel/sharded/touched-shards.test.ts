import { expect } from "chai";

import type { ExecutedTx } from "../../../../src/runtime/exec/block-execution.js";
import { GraphPartitioner } from "../../../../src/runtime/parallel/sharded/graph-partitioner.js";
import { touchedAddresses } from "../../../../src/runtime/parallel/sharded/partitioner.js";
import { spanCounts, touchedShards, withLazySpans } from "../../../../src/runtime/parallel/sharded/touched-shards.js";
import { balanceKey, codeKey, nonceKey, storageKey } from "../../../../src/runtime/vocabulary.js";

import { rng } from "../helpers/fuzz-world.js";

const addr = (n: number): string => `0x${n.toString(16).padStart(40, "0")}`;
const COINBASE = addr(0xc0);

/** A random execution over a small address space (the coinbase and a hub among them). */
function randomExecution(random: () => number): ExecutedTx {
  const pick = (): string => (random() < 0.1 ? COINBASE : addr(0x100 + Math.floor(random() * 24)));
  const key = (): string => {
    const a = pick();
    const kind = Math.floor(random() * 4);
    if (kind === 0) return balanceKey(a);
    if (kind === 1) return nonceKey(a);
    if (kind === 2) return codeKey(a);
    return storageKey(a, `0x${Math.floor(random() * 4).toString(16)}`);
  };
  const map = (): Map<string, bigint> => new Map(Array.from({ length: Math.floor(random() * 6) }, () => [key(), 1n]));
  return { sender: pick(), access: { reads: map(), writes: map(), deltas: map() } } as unknown as ExecutedTx;
}

describe("touchedShards", () => {
  it("gives the shards of touchedAddresses, key by key remembered, over random executions", () => {
    const random = rng(41);
    const partitioner = new GraphPartitioner(3);
    // A hub every transaction touches becomes shared (no shard); the rest is spread over the shards.
    const hub = addr(0x100);
    const learnt = Array.from({ length: 60 }, (_, i) => {
      const e = randomExecution(random);
      e.access.writes.set(storageKey(hub, "0x0"), BigInt(i));
      return e;
    });
    partitioner.observe(learnt, COINBASE);
    expect(partitioner.shardOf(hub)).to.equal(undefined);
    const shards = touchedShards(partitioner, COINBASE);
    for (let i = 0; i < 300; i++) {
      const e = randomExecution(random);
      const expected = new Set<number>();
      for (const a of touchedAddresses(e, COINBASE)) {
        const s = partitioner.shardOf(a);
        if (s !== undefined) expected.add(s);
      }
      expect([...shards(e)].sort()).to.deep.equal([...expected].sort());
    }
  });
});

describe("withLazySpans", () => {
  it("counts escaped and spanning transactions over the partition frozen at the block, not a later one", () => {
    const random = rng(43);
    const partitioner = new GraphPartitioner(3);
    partitioner.observe(
      Array.from({ length: 40 }, () => randomExecution(random)),
      COINBASE,
    );
    const finals = Array.from({ length: 80 }, (_, j) => [j, randomExecution(random)] as const);
    const homes = finals.map(([j]) => (j % 4 === 3 ? undefined : j % 3));
    const atBlock = spanCounts(finals, homes, partitioner, COINBASE);
    let computed = 0;
    const frozen = partitioner.frozen();
    const stats = withLazySpans({ strategy: "sharded" }, () => {
      computed++;
      return spanCounts(finals, homes, frozen, COINBASE);
    });
    // Learning from other traffic moves addresses between shards (checked, so the test can fail).
    const before = Array.from({ length: 24 }, (_, k) => partitioner.shardOf(addr(0x100 + k)));
    for (let round = 0; round < 4; round++)
      partitioner.observe(
        Array.from({ length: 40 }, () => randomExecution(random)),
        COINBASE,
      );
    const after = Array.from({ length: 24 }, (_, k) => partitioner.shardOf(addr(0x100 + k)));
    expect(after).to.not.deep.equal(before);
    expect(spanCounts(finals, homes, partitioner, COINBASE)).to.not.deep.equal(atBlock);
    expect(computed).to.equal(0);
    expect(JSON.parse(JSON.stringify(stats))).to.deep.equal({ strategy: "sharded", ...atBlock });
    expect({ ...stats }.escaped).to.equal(atBlock.escaped);
    expect(computed).to.equal(1);
    expect(atBlock.spanning).to.be.greaterThan(0);
  });
});
