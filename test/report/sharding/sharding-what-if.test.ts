import { expect } from "chai";

import { storageKey } from "../../../src/report/record/block-trace.js";
import { REFERENCE_SHARDS } from "../../../src/report/sharding/sharding-model.js";
import { shardingWhatIf } from "../../../src/report/sharding/sharding-what-if.js";
import { blockOf, chainTx, contract, twoApps, user } from "./sharding-traces.js";

/** Every number in `value`, recursively. */
function numbers(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value.flatMap(numbers);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(numbers);
  return [];
}

describe("report/sharding: sharding what-if", () => {
  it("the access-graph policy keeps co-accessed contracts together where address hashing splits them", () => {
    const section = shardingWhatIf(twoApps(true), {
      deployments: { [contract(1)]: "RouterA", [contract(2)]: "PairA" },
    });
    const at2 = (policy: string) => section.placements.find((p) => p.policy === policy && p.shards === 2);
    expect(at2("address-hash")?.crossShardRatio).to.equal(1);
    expect(at2("access-graph")?.crossShardRatio).to.equal(0);
    expect(at2("access-graph")?.loadImbalance).to.equal(1);
    expect(at2("access-graph")?.cutWeight).to.equal(0);
    expect(at2("address-hash")?.cutWeight).to.equal(40);
    expect(at2("access-graph")?.syncSpeedup).to.equal(2);
    expect(at2("address-hash")?.syncSpeedup).to.be.below(1);
    expect(section.recommended?.policy).to.equal("access-graph");
    expect(section.coLocate[0]?.first.name).to.equal("RouterA");
    expect(section.coLocate[0]?.second.name).to.equal("PairA");
    expect(section.coLocate[0]?.together).to.equal(true);
  });

  it("asynchronous messages: a cut call costs two one-block hops", () => {
    const section = shardingWhatIf(twoApps(true));
    const hash = section.placements.find((p) => p.policy === "address-hash" && p.shards === 2);
    expect(hash?.asyncLatencyBlocks).to.equal(3);
    const graph = section.placements.find((p) => p.policy === "access-graph" && p.shards === 2);
    expect(graph?.asyncLatencyBlocks).to.equal(1);
  });

  it("says in words when there is no transaction (never NaN, no empty table without a reason)", () => {
    const section = shardingWhatIf([{ transactions: [] }], { subject: "test-run profile" });
    expect(section.status).to.equal("empty");
    expect(section.placements).to.deep.equal([]);
    expect(section.notes.join(" ")).to.match(/test-run profile holds no transaction/);
    expect(section.atomicityNote).to.match(/No transaction/);
    expect(numbers(section).every(Number.isFinite)).to.equal(true);
  });

  it("one contract: every placement keeps it on one shard, and the section says so and flags it hot", () => {
    const blocks = [blockOf(10, (i) => chainTx(i, i, [{ to: 7 }], 50_000, i))];
    const section = shardingWhatIf(blocks, { deployments: { [contract(7)]: "Token" } });
    expect(section.notes.join(" ")).to.match(/one account only \(Token\)/);
    expect(section.notes.join(" ")).to.match(/Only 1 account to place: at 2, 4, 8, 16 shards/);
    expect(section.atomicityNote).to.match(/No transaction calls from one contract into another/);
    const at16 = section.placements.find((p) => p.policy === "per-contract" && p.shards === 16);
    expect(at16?.loadImbalance).to.equal(16);
    expect(at16?.emptyShards).to.equal(15);
    expect(section.hotAccounts[0]?.account.name).to.equal("Token");
    expect(section.hotAccounts[0]?.share).to.equal(1);
    expect(numbers(section).every(Number.isFinite)).to.equal(true);
  });

  it("more shards than accounts: the note names the shard counts that leave shards empty", () => {
    const section = shardingWhatIf(twoApps(false, 8));
    expect(section.accounts).to.equal(4);
    expect(section.notes.join(" ")).to.match(/Only 4 accounts to place: at 8, 16 shards/);
  });

  it("lists a cut router → pair call and the segmentation estimate of a hot token", () => {
    // Every swap: router 1 → pair (10 + i mod 4) → token 5; the token is touched by all transactions.
    const blocks = [
      blockOf(40, (i) =>
        chainTx(i, i, [{ to: 1, selector: "0x11111111" }, { to: 10 + (i % 4) }, { to: 5 }], 90_000, i),
      ),
    ];
    const section = shardingWhatIf(blocks, { deployments: { [contract(1)]: "Router", [contract(5)]: "Token" } });
    const token = section.hotAccounts.find((h) => h.account.name === "Token");
    expect(token?.transactions).to.equal(40);
    expect(token?.crossShardRatio.segmented).to.be.at.most(token?.crossShardRatio.now ?? 0);
    expect(section.recommended?.shards).to.equal(REFERENCE_SHARDS);
    if (section.atomicityBreaks.length > 0) {
      const first = section.atomicityBreaks[0];
      expect(first?.callerShard).to.not.equal(first?.calleeShard);
      expect(first?.path[0]).to.match(/^Router\./);
    } else {
      expect(section.atomicityNote).to.match(/keeps every caller on its callee's shard/);
    }
  });

  it("users' own nonce and fee never make a transaction cross-shard", () => {
    const tx = chainTx(0, 3, [{ to: 9 }], 30_000, 0);
    const withSender = { ...tx, reads: [...tx.reads, storageKey(contract(9), 1)], writes: tx.writes };
    const section = shardingWhatIf([{ transactions: [withSender] }]);
    expect(section.accounts).to.equal(1);
    expect(section.assignment.map((a) => a.account.address)).to.not.include(user(3));
  });

  it("is deterministic: two runs give the same JSON", () => {
    const blocks = [
      blockOf(60, (i) => chainTx(i, i % 7, [{ to: 1 + (i % 3) }, { to: 20 + (i % 5) }, { to: 5 }], 40_000 + i, i)),
    ];
    const a = JSON.stringify(shardingWhatIf(blocks));
    const b = JSON.stringify(shardingWhatIf(blocks));
    expect(a).to.equal(b);
  });
});
