import { expect } from "chai";
import { Interface } from "ethers";

import { ALICE, CompatPair, outcomeOf } from "./helpers/compat-pair.js";

type Listener = (payload: unknown) => void;
type Emitter = { on(event: string, listener: Listener): void; off(event: string, listener: Listener): void };

const compat = new Interface(["function increment()"]);

/** What a notification must agree on between the networks (hashes and timestamps aside). */
function essence(payload: unknown): unknown {
  const { data } = payload as { data: { result: Record<string, unknown> } };
  const r = data.result;
  return "topics" in r
    ? {
        kind: "log",
        address: r.address,
        topics: r.topics,
        data: r.data,
        blockNumber: r.blockNumber,
        logIndex: r.logIndex,
      }
    : { kind: "head", number: r.number, gasUsed: r.gasUsed, baseFeePerGas: r.baseFeePerGas };
}

/** Notifications by block, heads before logs. */
function sorted(items: unknown[]): unknown[] {
  const key = (e: unknown): string => {
    const o = e as { kind: string; number?: string; blockNumber?: string };
    return `${BigInt(o.number ?? o.blockNumber ?? "0x0")
      .toString()
      .padStart(8, "0")} ${o.kind}`;
  };
  return [...items].sort((a, b) => key(a).localeCompare(key(b)));
}

describe("compat: in-process eth_subscribe, as Hardhat's network serves it", () => {
  let pair: CompatPair;
  let target: string;

  before(async () => {
    pair = await CompatPair.open();
    target = await pair.deploy("Compat.sol", "Compat");
  });
  after(() => pair.close());

  it("newHeads and logs notifications as `message` and `notification` events, until unsubscribed", async () => {
    const seen: Record<"edr" | "parallel", { message: unknown[]; notification: unknown[] }> = {
      edr: { message: [], notification: [] },
      parallel: { message: [], notification: [] },
    };
    const listeners: Array<[Emitter, string, Listener]> = [];
    const ids: Record<string, string[]> = { edr: [], parallel: [] };
    for (const side of ["edr", "parallel"] as const) {
      const emitter = pair[side].provider as unknown as Emitter;
      for (const event of ["message", "notification"] as const) {
        const listener: Listener = (payload) => seen[side][event].push(payload);
        emitter.on(event, listener);
        listeners.push([emitter, event, listener]);
      }
      for (const params of [["newHeads"], ["logs", { address: target }]]) {
        const answer = await outcomeOf(pair[side], "eth_subscribe", params);
        expect(answer.ok, JSON.stringify(answer)).to.equal(true);
        if (answer.ok) ids[side]?.push(String(answer.result));
      }
    }
    await pair.both("eth_sendTransaction", [{ from: ALICE, to: target, data: compat.encodeFunctionData("increment") }]);
    await pair.both("evm_mine", []);
    await pair.both("hardhat_mine", ["0x2"]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const side of ["edr", "parallel"] as const) {
      const answer = await outcomeOf(pair[side], "eth_unsubscribe", [ids[side]?.[0]]);
      expect(answer).to.deep.equal({ ok: true, result: true });
    }
    await pair.both("evm_mine", []);
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const [emitter, event, listener] of listeners) emitter.off(event, listener);

    // Within one block EDR sends the head and the logs in either order (from its own threads): compared sorted.
    const edr = sorted(seen.edr.message.map(essence));
    expect(sorted(seen.parallel.message.map(essence))).to.deep.equal(edr);
    const kinds = edr.map((e) => (e as { kind: string }).kind);
    expect(kinds.filter((k) => k === "head")).to.have.length(4);
    expect(kinds.filter((k) => k === "log")).to.have.length(1);
    expect(seen.parallel.notification).to.have.length(seen.edr.notification.length);
    const [first] = seen.parallel.notification as Array<{ subscription: string }>;
    expect(first?.subscription).to.equal(ids.parallel?.[0]);
  });

  it("newPendingTransactions: the hash of every transaction entering the pool, automined or not, per subscription", async () => {
    const seen: Record<"edr" | "parallel", unknown[]> = { edr: [], parallel: [] };
    const listeners: Array<[Emitter, Listener]> = [];
    for (const side of ["edr", "parallel"] as const) {
      const listener: Listener = (payload) => seen[side].push((payload as { data: unknown }).data);
      (pair[side].provider as unknown as Emitter).on("message", listener);
      listeners.push([pair[side].provider as unknown as Emitter, listener]);
    }
    const ids = [
      await pair.results("eth_subscribe", ["newPendingTransactions"]),
      await pair.results("eth_subscribe", ["newPendingTransactions", {}]),
    ];
    const send = { from: ALICE, to: target, data: compat.encodeFunctionData("increment") };
    const [automined] = await pair.results("eth_sendTransaction", [send]);
    await pair.both("evm_setAutomine", [false]);
    const [pooled] = await pair.results("eth_sendTransaction", [send]);
    await pair.both("evm_mine", []);
    await pair.both("evm_setAutomine", [true]);
    for (const [edrId, parallelId] of ids) {
      await pair.both("eth_unsubscribe", [edrId]);
      if (parallelId !== edrId) await outcomeOf(pair.parallel, "eth_unsubscribe", [parallelId]);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const [emitter, listener] of listeners) emitter.off("message", listener);

    // The first test's logs subscription is still on: only this test's subscriptions are read.
    const mine = (side: "edr" | "parallel") => new Set(ids.map(([edr, parallel]) => (side === "edr" ? edr : parallel)));
    const results = (side: "edr" | "parallel") =>
      (seen[side] as Array<{ subscription: unknown; result: unknown }>)
        .filter((d) => mine(side).has(d.subscription))
        .map((d) => d.result);
    expect(results("edr")).to.deep.equal([automined, automined, pooled, pooled]);
    expect(results("parallel")).to.deep.equal(results("edr"));
  });

  it("refuses what EDR refuses", async () => {
    for (const params of [["nonsense"], []]) {
      const { edr, parallel } = await pair.both("eth_subscribe", params);
      expect(parallel.ok).to.equal(edr.ok);
      if (!parallel.ok && !edr.ok) expect(parallel.code).to.equal(edr.code);
    }
    const { edr, parallel } = await pair.both("eth_unsubscribe", ["0x1234"]);
    expect(parallel).to.deep.equal(edr);
  });
});
