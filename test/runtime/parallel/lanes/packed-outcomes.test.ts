import { deserialize, serialize } from "node:v8";

import { expect } from "chai";
import type { Interface } from "ethers";

import type { WireOutcome } from "../../../../src/runtime/parallel/lanes/lane-task.js";
import { toWireOutcome } from "../../../../src/runtime/parallel/lanes/lane-task.js";
import { packOutcomes, unpackOutcomes } from "../../../../src/runtime/parallel/lanes/packed-outcomes.js";
import { fromHex } from "../../../../src/runtime/util/hex.js";
import { COINBASES, createWorld, runBlock, tx } from "../helpers/fuzz-world.js";

/** Through a structured clone, as a message between threads. */
const cloned = <T>(value: T): T => deserialize(serialize(value)) as T;

describe("packed outcomes", () => {
  let outcomes: WireOutcome[] = [];

  before(async function () {
    this.timeout(60_000);
    const w = await createWorld(12);
    const token = w.interfaces.Token as Interface;
    const txs = w.accounts.slice(0, 6).map((from, i) => {
      const to = `0x${(0xbeef0000 + i).toString(16).padStart(40, "0")}`;
      return tx(w, from, w.contracts.Token, fromHex(token.encodeFunctionData("transfer", [to, 1n])), 0n, 80_000n);
    });
    const block = await runBlock(w, w.sequential, txs, COINBASES[0] ?? "", 200_000_000n);
    outcomes = block.executed.map((e) => toWireOutcome({ kind: "executed", result: e }));
  });

  it("gives back every field of executed outcomes (logs, return value, receipt and its bloom) and the others as they were", () => {
    expect(outcomes.length).to.equal(6);
    const first = outcomes[0];
    if (first?.kind !== "executed") throw new Error("expected an executed outcome");
    expect(first.result.logs.length).to.be.greaterThan(0);
    // A receipt whose logs are a distinct (equal) array, as when the EVM reported none.
    const distinct: WireOutcome = {
      kind: "executed",
      result: { ...first.result, receipt: { ...first.result.receipt, logs: [...first.result.logs] } },
    };
    const all: WireOutcome[] = [
      ...outcomes,
      distinct,
      { kind: "invalid", message: "nonce too low" },
      { kind: "deferred", reason: "blockhash" },
    ];
    const back = unpackOutcomes(cloned(packOutcomes(all)));
    expect(back).to.deep.equal(all);
    const unpacked = back[0];
    if (unpacked?.kind !== "executed") throw new Error("expected an executed outcome");
    expect(unpacked.result.receipt.logs).to.equal(unpacked.result.logs);
    const other = back[outcomes.length];
    if (other?.kind !== "executed") throw new Error("expected an executed outcome");
    expect(other.result.receipt.logs).not.to.equal(other.result.logs);
  });

  it("posts one buffer for all the byte arrays of a message", () => {
    const packed = packOutcomes(outcomes);
    const first = outcomes[0];
    if (first?.kind !== "executed") throw new Error("expected an executed outcome");
    const perOutcome =
      first.result.returnValue.length +
      first.result.receipt.bitvector.length +
      first.result.logs.reduce(
        (n, [address, topics, data]) => n + address.length + data.length + 32 * topics.length,
        0,
      );
    expect(packed.bytes.length).to.equal(perOutcome * outcomes.length);
    const serialized = JSON.stringify(packed.outcomes, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v));
    expect(serialized).not.to.include('"0":');
  });
});
