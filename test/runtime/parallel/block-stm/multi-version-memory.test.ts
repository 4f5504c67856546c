import { expect } from "chai";

import { FlatState } from "../../../../src/runtime/state/flat-state.js";
import { MultiVersionMemory } from "../../../../src/runtime/parallel/block-stm/multi-version-memory.js";
import { VersionedView } from "../../../../src/runtime/parallel/block-stm/versioned-view.js";
import { GraphPartitioner, HashPartitioner } from "../../../../src/runtime/parallel/sharded/partitioner.js";
import { contiguousSegments } from "../../../../src/runtime/parallel/block-stm/block-stm-executor.js";
import {
  decideBeforeExecution,
  decideFromProbe,
  DEFAULT_FALLBACK_POLICY,
} from "../../../../src/runtime/parallel/fallback-policy.js";
import type { ExecutedTx } from "../../../../src/runtime/exec/block-execution.js";
import type { AccessSets } from "../../../../src/runtime/vocabulary.js";

const A = "0x00000000000000000000000000000000000000aa";
const B = "0x00000000000000000000000000000000000000bb";
const access = (
  writes: Array<[string, bigint]>,
  deltas: Array<[string, bigint]> = [],
  reads: Array<[string, bigint]> = [],
): AccessSets => ({
  reads: new Map(reads),
  writes: new Map(writes),
  deltas: new Map(deltas),
  codes: new Map(),
});

describe("multi-version memory", () => {
  const base = new FlatState();
  base.apply(
    new Map([
      [`balance:${A}`, 100n],
      [`storage:${B}:0x01`, 7n],
    ]),
  );

  it("reads the highest version below the reader, else the base state", () => {
    const mv = new MultiVersionMemory(base);
    mv.record(3, 0, access([[`storage:${B}:0x01`, 9n]]));
    mv.record(1, 0, access([[`storage:${B}:0x01`, 8n]]));
    expect(mv.read(`storage:${B}:0x01`, 0)).to.deep.equal({ kind: "value", value: 7n, writer: undefined });
    expect(mv.read(`storage:${B}:0x01`, 2)).to.deep.equal({ kind: "value", value: 8n, writer: 1 });
    expect(mv.read(`storage:${B}:0x01`, 4)).to.deep.equal({ kind: "value", value: 9n, writer: 3 });
    expect(new VersionedView(mv, 2).storage(B, "0x01")).to.equal(8n);
  });

  it("resolves a chain of deltas down to the first full value", () => {
    const mv = new MultiVersionMemory(base);
    mv.record(0, 0, access([], [[`balance:${A}`, 5n]]));
    mv.record(2, 0, access([[`balance:${A}`, 1000n]]));
    mv.record(4, 0, access([], [[`balance:${A}`, 3n]]));
    mv.record(5, 0, access([], [[`balance:${A}`, 4n]]));
    expect(mv.read(`balance:${A}`, 1)).to.deep.include({ value: 105n });
    expect(mv.read(`balance:${A}`, 6)).to.deep.include({ value: 1007n, writer: 5 });
    expect(new VersionedView(mv, 3).account(A)?.balance).to.equal(1000n);
  });

  it("reports ESTIMATEs to readers above them and replaces a re-executed incarnation", () => {
    const mv = new MultiVersionMemory(base);
    mv.record(1, 0, access([[`storage:${B}:0x01`, 8n]]));
    mv.markEstimate(1, 0);
    expect(mv.read(`storage:${B}:0x01`, 2)).to.deep.equal({ kind: "estimate", blocking: 1 });
    expect(mv.validate(2, new Map([[`storage:${B}:0x01`, 8n]]))).to.deep.include({ valid: false, blocking: 1 });
    expect(() => new VersionedView(mv, 2).storage(B, "0x01")).to.throw(/ESTIMATE/);
    mv.record(1, 1, access([[`storage:${B}:0x01`, 8n]]));
    expect(mv.validate(2, new Map([[`storage:${B}:0x01`, 8n]]))).to.deep.equal({ valid: true });
    expect(mv.validate(2, new Map([[`storage:${B}:0x01`, 7n]]))).to.deep.include({
      valid: false,
      location: `storage:${B}:0x01`,
    });
    mv.remove(1);
    expect(mv.validate(2, new Map([[`storage:${B}:0x01`, 7n]]))).to.deep.equal({ valid: true });
  });
});

describe("lane planning, fallback policy and partitioners", () => {
  it("cuts contiguous segments covering the block once", () => {
    const segments = contiguousSegments(1000, 3);
    expect(segments.flat()).to.deep.equal(Array.from({ length: 1000 }, (_, i) => i));
    expect(segments[0]?.length).to.be.lessThan(segments[1]?.length ?? 0);
  });

  it("falls back for one thread, small blocks and dense conflicts", () => {
    expect(decideBeforeExecution(1000, 1, DEFAULT_FALLBACK_POLICY).parallel).to.equal(false);
    expect(decideBeforeExecution(5, 2, DEFAULT_FALLBACK_POLICY).reason).to.match(/^small-block/);
    expect(decideBeforeExecution(1000, 2, DEFAULT_FALLBACK_POLICY).parallel).to.equal(true);
    expect(decideFromProbe({ sampled: 16, dependent: 15, ratio: 1, ms: 1 }, DEFAULT_FALLBACK_POLICY).reason).to.match(
      /^dense-conflicts/,
    );
    expect(
      decideFromProbe({ sampled: 16, dependent: 1, ratio: 1 / 15, ms: 1 }, DEFAULT_FALLBACK_POLICY).parallel,
    ).to.equal(true);
  });

  it("hash partitioner is deterministic and in range; graph partitioner keeps linked addresses together", () => {
    const hash = new HashPartitioner(3);
    expect(hash.shardOf(A)).to.equal(hash.shardOf(A));
    expect(hash.shardOf(B)).to.be.within(0, 2);
    const graph = new GraphPartitioner(2);
    const executed = (sender: string, contract: string): ExecutedTx =>
      ({
        sender,
        access: access([[`storage:${contract}:0x01`, 1n]], [], [[`nonce:${sender}`, 0n]]),
      }) as unknown as ExecutedTx;
    const users = Array.from({ length: 20 }, (_, i) => `0x${(0x100 + i).toString(16).padStart(40, "0")}`);
    const c1 = `0x${"c1".padStart(40, "0")}`;
    const c2 = `0x${"c2".padStart(40, "0")}`;
    graph.observe(
      users.map((u, i) => executed(u, i < 10 ? c1 : c2)),
      "0x0000000000000000000000000000000000000000",
    );
    const exported = graph.exportPartition();
    expect(exported.cutRatio).to.equal(0);
    for (const u of users.slice(0, 10)) expect(graph.shardOf(u)).to.equal(graph.shardOf(c1));
    for (const u of users.slice(10)) expect(graph.shardOf(u)).to.equal(graph.shardOf(c2));
    expect(graph.shardOf(c1)).to.not.equal(graph.shardOf(c2));
  });
});
