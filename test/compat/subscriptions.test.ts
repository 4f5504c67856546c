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

  it("newPendingTransactions: each transaction's hash as it enters the pool, before its block's head", async () => {
    const seen: Record<"edr" | "parallel", Array<{ subscription: string; result: unknown }>> = {
      edr: [],
      parallel: [],
    };
    const stops: Array<() => void> = [];
    const ids: Record<string, string> = {};
    for (const side of ["edr", "parallel"] as const) {
      const emitter = pair[side].provider as unknown as Emitter;
      const listener: Listener = (payload) => seen[side].push(payload as { subscription: string; result: unknown });
      emitter.on("notification", listener);
      stops.push(() => emitter.off("notification", listener));
      for (const kind of ["newPendingTransactions", "newHeads"]) {
        const answer = await outcomeOf(pair[side], "eth_subscribe", [kind]);
        expect(answer.ok, JSON.stringify(answer)).to.equal(true);
        if (answer.ok) ids[`${side} ${kind}`] = String(answer.result);
      }
    }
    const send = { from: ALICE, to: target, data: compat.encodeFunctionData("increment") };
    const { edr: sent } = await pair.both("eth_sendTransaction", [send]);
    await pair.both("evm_setAutomine", [false]);
    await pair.both("eth_sendTransaction", [send]);
    await pair.both("evm_mine", []);
    await pair.both("evm_setAutomine", [true]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const stop of stops) stop();
    const shape = (side: "edr" | "parallel") =>
      seen[side].map((n) =>
        n.subscription === ids[`${side} newPendingTransactions`] ? `pending ${String(n.result)}` : "head",
      );
    expect(shape("parallel")).to.deep.equal(shape("edr"));
    expect(shape("edr")[0]).to.equal(`pending ${sent.ok ? String(sent.result) : ""}`);
    expect(ids["parallel newPendingTransactions"]).to.equal(ids["edr newPendingTransactions"]);
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
