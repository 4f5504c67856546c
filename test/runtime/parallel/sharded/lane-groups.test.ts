import { expect } from "chai";

import { groupLane } from "../../../../src/runtime/parallel/sharded/lane-groups.js";
import type { Envelope } from "../../../../src/runtime/parallel/sharded/partitioner.js";

const addr = (n: number): string => `0x${n.toString(16).padStart(40, "0")}`;
const sender = (i: number): string => addr(0x1000 + i);
const pool = (k: number): string => addr(0xaa00 + k);
const TOKEN = addr(0xeeee);
const none = (): boolean => false;

describe("sharded: a worker lane ordered group by group", () => {
  it("puts each pool's swaps together, pools in order of their first swap, swaps in block order", () => {
    // Sender i swaps on pool i % 3.
    const envelopes: Envelope[] = Array.from({ length: 9 }, (_, i) => ({ sender: sender(i), to: pool(i % 3) }));
    const lane = [1, 2, 4, 5, 7, 8];
    const grouped = groupLane(lane, envelopes, none);
    expect(grouped.txs).to.deep.equal([1, 4, 7, 2, 5, 8]);
    expect(grouped.starts).to.deep.equal([0, 3]);
  });

  it("links nothing through a shared target: transfers of one token stay single, in block order", () => {
    const envelopes: Envelope[] = Array.from({ length: 5 }, (_, i) => ({ sender: sender(i), to: TOKEN }));
    const grouped = groupLane([0, 1, 2, 3, 4], envelopes, (a) => a === TOKEN);
    expect(grouped.txs).to.deep.equal([0, 1, 2, 3, 4]);
    expect(grouped.starts).to.deep.equal([0, 1, 2, 3, 4]);
  });

  it("joins the pools one sender trades on, and a sender's transactions (its nonces) with them", () => {
    const envelopes: Envelope[] = [
      { sender: sender(0), to: pool(0) },
      { sender: sender(1), to: pool(1) },
      { sender: sender(2), to: pool(2) },
      { sender: sender(0), to: pool(2) },
      { sender: sender(3), to: undefined },
      { sender: sender(1), to: TOKEN },
    ];
    const grouped = groupLane([0, 1, 2, 3, 4, 5], envelopes, (a) => a === TOKEN);
    // pool 0, sender 0, pool 2 and sender 2 form one group; sender 1 with pool 1 (its token call links nothing
    // but its own nonce); the creation stands alone.
    expect(grouped.txs).to.deep.equal([0, 2, 3, 1, 5, 4]);
    expect(grouped.starts).to.deep.equal([0, 3, 5]);
  });

  it("keeps every transaction exactly once, and an empty lane empty", () => {
    const envelopes: Envelope[] = Array.from({ length: 40 }, (_, i) => ({ sender: sender(i % 7), to: pool(i % 5) }));
    const lane = Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 3 !== 0);
    const grouped = groupLane(lane, envelopes, none);
    expect([...grouped.txs].sort((a, b) => a - b)).to.deep.equal(lane);
    expect(groupLane([], envelopes, none)).to.deep.equal({ txs: [], starts: [] });
  });
});
