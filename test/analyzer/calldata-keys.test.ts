import { expect } from "chai";
import { AbiCoder, Interface, keccak256 } from "ethers";
import { type ExecutedTransaction, mayConflict } from "../../src/analyzer/index.js";
import { keyValue } from "../../src/analyzer/key-values.js";
import { analyzeFixtures, contractOf, fnOf, texts } from "./helpers/analyze-fixture.js";

const FILE = "PublishedOzAccess.sol";
const COUNTER = "0x00000000000000000000000000000000000c0de1";
const FORWARDER = "0x00000000000000000000000000000000000f0a2d";
const ALICE = "0x000000000000000000000000000000000000a11c";
const BOB = "0x0000000000000000000000000000000000000b0b";

describe("analyzer: keys read from the frame's own calldata (calldata-keys.ts)", function () {
  const result = analyzeFixtures("0.8.28", [FILE]);
  const counter = contractOf(result, "RelayedCounter");
  const bump = fnOf(counter, "bump");
  const iface = new Interface(["function bump()", "function counts(address) view returns (uint256)"]);
  const tx = (from: string, input: string, hash: string): ExecutedTransaction => ({
    hash,
    from,
    to: COUNTER,
    input,
    accesses: [],
  });
  const deployments = { [COUNTER]: "RelayedCounter", [FORWARDER]: "PubForwarder" };

  it("ERC2771Context's _msgSender() is msg.sender or the address in the last 20 calldata bytes", function () {
    expect(texts(bump, "writes")).to.deep.equal([
      "counts[address(bytes20(msg.data[msg.data.length - 20:]))](+)",
      "counts[msg.sender](+)",
    ]);
  });

  it("execution values the suffix from the frame's calldata; a slice past the end takes no shared value", function () {
    const key = bump.writes.map((w) => w.location.levels[1]?.key).find((k) => k?.kind === "expr");
    if (key === undefined) throw new Error("no calldata key");
    const relayed = `${iface.encodeFunctionData("bump", [])}${ALICE.slice(2)}`;
    const call = (from: string, input: string) => ({ from, to: COUNTER, input });
    expect(keyValue(key, call(FORWARDER, relayed), tx(FORWARDER, relayed, "0x01"), bump)).to.equal(BigInt(ALICE));
    const direct = iface.encodeFunctionData("bump", []);
    const a = keyValue(key, call(ALICE, direct), tx(ALICE, direct, "0x02"), bump);
    const b = keyValue(key, call(BOB, direct), tx(BOB, direct, "0x03"), bump);
    expect(a).to.not.equal(b);
    expect(typeof a === "bigint" && a >= 1n << 160n, "not an address").to.equal(true);
  });

  it("two direct bumps by different senders do not conflict; a read of the bumper's count does", function () {
    const direct = iface.encodeFunctionData("bump", []);
    const x = tx(ALICE, direct, "0x04");
    expect(mayConflict(result, deployments, x, tx(BOB, direct, "0x05")).conflict).to.equal(false);
    const read = tx(BOB, iface.encodeFunctionData("counts", [ALICE]), "0x06");
    expect(mayConflict(result, deployments, x, read).conflict).to.equal(true);
  });

  it("a callee's calldata key is unbound when composed into a caller (another frame's calldata)", function () {
    const composed = fnOf(contractOf(result, "CounterPoker"), "poke").composed ?? [];
    const keys = composed.map((a) => a.location.levels[1]?.key);
    expect(composed.map((a) => a.location.text)).to.include("RelayedCounter(counter).counts[address(this)]");
    expect(keys.map((k) => k?.kind)).to.not.include("expr");
    expect(keys.some((k) => k?.kind === "unknown" && k.reason.startsWith("the callee's calldata"))).to.equal(true);
  });

  it("AccessManager's operation id hashes the frame's whole msg.data (keccak256(abi.encode(caller, this, msg.data)))", function () {
    const manager = contractOf(result, "PubManager");
    const grant = fnOf(manager, "grantRole");
    const access = grant.writes.find((w) => w.location.text.startsWith("_schedules["));
    const key = access?.location.levels[1]?.key;
    expect(key?.kind === "expr" && key.op).to.equal("keccak:32,32,d");
    const MANAGER = "0x000000000000000000000000000000000000a3a9";
    const input = new Interface(["function grantRole(uint64,address,uint32)"]).encodeFunctionData("grantRole", [
      7n,
      BOB,
      0n,
    ]);
    const call = { from: ALICE, to: MANAGER, input };
    const id = keccak256(AbiCoder.defaultAbiCoder().encode(["address", "address", "bytes"], [ALICE, MANAGER, input]));
    expect(keyValue(key, call, { ...tx(ALICE, input, "0x05"), to: MANAGER }, grant)).to.equal(BigInt(id));
  });
});
