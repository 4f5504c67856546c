import { expect } from "chai";
import { Interface } from "ethers";
import { type ExecutedTransaction, mayConflict } from "../../src/analyzer/index.js";
import { analyzeFixtures, contractOf, fnOf, texts } from "./helpers/analyze-fixture.js";

const LEDGER = "0x00000000000000000000000000000000001ed9e4";
const ALICE = "0x000000000000000000000000000000000000a11c";
const BOB = "0x0000000000000000000000000000000000000b0b";
const CAROL = "0x000000000000000000000000000000000000ca01";

describe("analyzer: elements of calldata array parameters (calldata-arrays.ts)", function () {
  const result = analyzeFixtures("0.8.28", ["CalldataArrays.sol"]);
  const ledger = contractOf(result, "ArrayLedger");
  const iface = new Interface([
    "function credit(uint256[] ids)",
    "function move(address to, uint256[] ids, uint256[] amounts)",
    "function mixed(uint256[] ids, uint256 extra)",
    "function link(uint256[] ids)",
    "function creditAll(uint256[] ids)",
    "function creditShifted(uint256[] ids)",
    "function send(address to, uint256 id)",
    "function balanceOf(address, uint256) view returns (uint256)",
    "function links(uint256, uint256) view returns (uint256)",
  ]);
  let n = 0;
  const tx = (from: string, fn: string, args: unknown[]): ExecutedTransaction => ({
    hash: `0x${(n++).toString(16)}`,
    from,
    to: LEDGER,
    input: iface.encodeFunctionData(fn, args),
    accesses: [],
  });
  const deployments = { [LEDGER]: "ArrayLedger" };
  const meet = (a: ExecutedTransaction, b: ExecutedTransaction, accounts: string[] = []) =>
    mayConflict(result, deployments, a, b, accounts).conflict;

  it("an element of a calldata array is a key: `ids[?]`, also through a local every write of which is one", function () {
    expect(texts(fnOf(ledger, "credit"), "writes")).to.deep.equal(["balanceOf[msg.sender][ids[?]](+)"]);
    expect(texts(fnOf(ledger, "move"), "writes")).to.have.members([
      "balanceOf[msg.sender][0](+)",
      "balanceOf[msg.sender][ids[?]](+)",
      "balanceOf[to][0](+)",
      "balanceOf[to][ids[?]](+)",
    ]);
    expect(texts(fnOf(ledger, "mixed"), "writes")).to.deep.equal(["balanceOf[msg.sender][?]"]);
  });

  it("a transaction's accesses are at its own elements: batches with other ids, or none, run free", function () {
    const reader = tx(ALICE, "balanceOf", [BOB, 7n]);
    expect(meet(tx(BOB, "credit", [[1n, 2n]]), reader)).to.equal(false);
    expect(meet(tx(BOB, "credit", [[1n, 7n]]), reader)).to.equal(true);
    expect(meet(tx(BOB, "credit", [[]]), reader)).to.equal(false);
    const moved = tx(BOB, "move", [CAROL, [3n, 4n], [1n, 1n]]);
    expect(meet(moved, tx(ALICE, "balanceOf", [CAROL, 5n]))).to.equal(false);
    expect(meet(moved, tx(ALICE, "balanceOf", [CAROL, 4n]))).to.equal(true);
    expect(meet(tx(BOB, "mixed", [[3n], 9n]), tx(ALICE, "balanceOf", [BOB, 8n]))).to.equal(true);
  });

  it("two elements of one array in one location stay any elements (not one element twice)", function () {
    const linked = tx(BOB, "link", [[1n, 2n]]);
    expect(meet(linked, tx(ALICE, "links", [1n, 2n]))).to.equal(true);
  });

  it("a memory array parameter kept unchanged has the calldata's elements; one changed in place does not", function () {
    const reader = tx(ALICE, "balanceOf", [BOB, 7n]);
    expect(texts(fnOf(ledger, "creditAll"), "writes")).to.deep.equal(["balanceOf[msg.sender][ids[?]](+)"]);
    expect(meet(tx(BOB, "creditAll", [[1n, 2n]]), reader)).to.equal(false);
    expect(meet(tx(BOB, "creditAll", [[7n]]), reader)).to.equal(true);
    expect(meet(tx(BOB, "creditShifted", [[6n]]), reader)).to.equal(true);
  });

  it("an array passed to `this.f(...)` after a change in place is not the transaction's calldata array", function () {
    const caller = "0x00000000000000000000000000000000005e1fca";
    const selfIface = new Interface(["function relay(uint256[] ids)", "function hits(uint256) view returns (uint256)"]);
    const call = (from: string, fn: string, args: unknown[]): ExecutedTransaction => ({
      hash: `0x${(n++).toString(16)}`,
      from,
      to: caller,
      input: selfIface.encodeFunctionData(fn, args),
      accesses: [],
    });
    const relayed = call(BOB, "relay", [[1n]]);
    // `relay([1])` increments `hits[2]`: the prediction must meet a read of it.
    expect(mayConflict(result, { [caller]: "SelfCaller" }, relayed, call(ALICE, "hits", [2n])).conflict).to.equal(true);
  });

  it("a call to an account that sends transactions runs nothing there (EIP-3607)", function () {
    const a = tx(ALICE, "send", [CAROL, 1n]);
    const b = tx(BOB, "send", [CAROL, 2n]);
    expect(meet(a, b)).to.equal(true);
    expect(meet(a, b, [CAROL])).to.equal(false);
    expect(meet(a, tx(BOB, "send", [CAROL, 1n]), [CAROL])).to.equal(true);
  });
});
