import { expect } from "chai";
import { AbiCoder, keccak256 } from "ethers";
import type { ExecutedTransaction } from "../../src/analyzer/index.js";
import { mayConflict, placedAccesses } from "../../src/analyzer/predict-conflict.js";
import { analyzeFixtures, contractOf } from "./helpers/analyze-fixture.js";
import { artifact } from "./helpers/ground-truth.js";

const FILE = "UnchangedWrites.sol";
const AT = "0x00000000000000000000000000000000000c0001";
const SENDERS = ["0x000000000000000000000000000000000000a11c", "0x0000000000000000000000000000000000000b0b"];
const WHO = "0x00000000000000000000000000000000000d0001";
const deployments = { [AT]: "UnchangedWrites" };
const coder = AbiCoder.defaultAbiCoder();
const word = (n: bigint | string) => `0x${BigInt(n).toString(16).padStart(64, "0")}`;

describe("analyzer: writes that store what their slot held are not writes (unchanged-writes.ts)", function () {
  this.timeout(120_000);
  const result = analyzeFixtures("0.8.28", [FILE]);
  const iface = artifact("0.8.28", FILE, "UnchangedWrites").iface;
  const slotOf = (label: string) => contractOf(result, "UnchangedWrites").storage.find((s) => s.label === label)?.slot;
  const flagSlot = keccak256(coder.encode(["address", "uint256"], [WHO, slotOf("flags") ?? "-1"]));
  const packedSlot = slotOf("paused") ?? "-1";

  /** A call by `SENDERS[i]` that read `slot` holding `value` (no value: the record keeps none). */
  const call = (i: number, fn: string, args: unknown[], slot: string, value?: bigint): ExecutedTransaction => ({
    hash: `0x0${i}`,
    from: SENDERS[i] ?? "",
    to: AT,
    input: iface.encodeFunctionData(fn, args),
    accesses: [{ address: AT, slot: word(slot), kind: "read", ...(value === undefined ? {} : { value: word(value) }) }],
  });
  const writes = (tx: ExecutedTransaction) =>
    placedAccesses(result, deployments, tx)
      .filter((p) => p.write && p.address === AT)
      .map((p) => p.location.text);
  const conflict = (x: ExecutedTransaction, y: ExecutedTransaction) =>
    mayConflict(result, deployments, x, y, SENDERS).conflict;

  it("a flag set to the value it held is a read: two such calls and a reader run free", function () {
    expect(writes(call(0, "setFlag", [WHO, true], flagSlot, 1n))).to.deep.equal([]);
    expect(writes(call(0, "setFlag", [WHO, true], flagSlot, 0n))).to.deep.equal(["flags[who]"]);
    expect(writes(call(0, "setFlag", [WHO, false], flagSlot, 1n))).to.deep.equal(["flags[who]"]);
    // No value recorded: not told.
    expect(writes(call(0, "setFlag", [WHO, true], flagSlot))).to.deep.equal(["flags[who]"]);
    const reader = call(1, "flagOf", [WHO], flagSlot, 1n);
    expect(conflict(call(0, "setFlag", [WHO, true], flagSlot, 1n), reader)).to.equal(false);
    expect(conflict(call(0, "setFlag", [WHO, true], flagSlot, 0n), reader)).to.equal(true);
  });

  it("packed writes: unchanged only when each one's bytes hold its value", function () {
    // paused (byte 0) = 1, open (byte 1) = 0: pause() changes nothing.
    expect(writes(call(0, "pause", [], packedSlot, 0x0001n))).to.deep.equal([]);
    // open was 1: the slot changes, both writes stay (they share the slot).
    expect(writes(call(0, "pause", [], packedSlot, 0x0101n)).sort()).to.deep.equal(["open", "paused"]);
    expect(conflict(call(0, "pause", [], packedSlot, 0x0001n), call(1, "isOpen", [], packedSlot, 0x0001n))).to.equal(
      false,
    );
  });

  it("a write another write may alias, or storing a value read from storage, stays a write", function () {
    expect(writes(call(0, "setFlagAndClearOne", [WHO, true], flagSlot, 1n))).to.include("flags[who]");
    const linkSlot = keccak256(coder.encode(["address", "uint256"], [WHO, slotOf("links") ?? "-1"]));
    expect(writes(call(0, "copyLink", [SENDERS[1], WHO], linkSlot, 0n))).to.deep.equal(["links[to]"]);
  });
});
