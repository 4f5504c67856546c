import { expect } from "chai";
import { AbiCoder, Interface } from "ethers";
import { type AnalysisResult, type ExecutedTransaction, mayConflict } from "../../src/analyzer/index.js";
import { analyzeFixtures, contractOf, fnOf } from "./helpers/analyze-fixture.js";

const FILE = "PublishedOzAccess.sol";
const FORWARDER = "0x00000000000000000000000000000000000000f1";
const COUNTER = "0x00000000000000000000000000000000000000f2";
const [ALICE, BOB, RELAYER] = ["0xa1", "0xb2", "0xc3"].map((a) => `0x${a.slice(2).padStart(40, "0")}`) as [
  string,
  string,
  string,
];
const deployments = { [FORWARDER]: "PubForwarder", [COUNTER]: "RelayedCounter" };
const REQUEST = "(address,address,uint256,uint256,uint48,bytes,bytes)";
const counter = new Interface(["function bump()", "function bumpBoth()"]);

/** `execute(request)` sent by the relayer: `from`'s request to call the counter's `fn` (signature not checked here). */
function relayed(from: string, fn: string): ExecutedTransaction {
  const request = [from, COUNTER, 0n, 100_000n, 2n ** 48n - 1n, counter.encodeFunctionData(fn, []), "0x1234"];
  const args = AbiCoder.defaultAbiCoder().encode([REQUEST], [request]);
  const input = `${new Interface([`function execute(${REQUEST})`]).getFunction("execute")?.selector}${args.slice(2)}`;
  return { hash: `0x${from.slice(-4)}01`, from: RELAYER, to: FORWARDER, input, accesses: [] };
}

function direct(from: string, fn: string): ExecutedTransaction {
  return { hash: `0x${from.slice(-4)}02`, from, to: COUNTER, input: counter.encodeFunctionData(fn, []), accesses: [] };
}

describe("analyzer: calldata packed with a sender and passed on in assembly (forwarded-calldata.ts)", function () {
  let result: AnalysisResult;
  before(function () {
    // OpenZeppelin 5.7's ERC2771Forwarder verbatim: `call(reqGas, to, value, add(data, 0x20), mload(data), 0, 0)`
    // on `data = abi.encodePacked(request.data, request.from)`.
    result = analyzeFixtures("0.8.28", [FILE]);
  });

  it("the forwarder's execute passes on request.data with request.from packed after it, to request.to", function () {
    const execute = fnOf(contractOf(result, "PubForwarder"), `execute(${REQUEST})`);
    const forwards = (execute.composed ?? []).flatMap((a) => (a.forward === undefined ? [] : [a.forward]));
    expect(forwards.length).to.be.above(0);
    for (const f of forwards) {
      expect(f.target).to.deep.include({ kind: "param", name: "request.to", index: 0, member: 1 });
      expect(f.data).to.deep.include({ kind: "param", name: "request.data", index: 0, member: 5 });
      expect(f.suffix).to.deep.include({ kind: "param", name: "request.from", index: 0, member: 0 });
    }
  });

  it("a relayed call runs at its target with the request's sender: it meets only that sender's counter", function () {
    // Inside the relayed call `_msgSender()` is the calldata's last 20 bytes: `request.from`.
    expect(mayConflict(result, deployments, relayed(ALICE, "bump"), direct(BOB, "bump")).conflict).to.equal(false);
    expect(mayConflict(result, deployments, relayed(ALICE, "bump"), direct(ALICE, "bump")).conflict).to.equal(true);
    expect(mayConflict(result, deployments, relayed(ALICE, "bumpBoth"), direct(BOB, "bumpBoth")).conflict).to.equal(
      true,
    );
  });

  it("only bytes called whole and unchanged are forwarded: not a prefix, changed bytes or overwritten memory", function () {
    const relay = contractOf(analyzeFixtures("0.8.28", ["ForwardedCalldata.sol"]), "PackedRelay");
    const forwards = (name: string) =>
      (fnOf(relay, name).composed ?? []).flatMap((a) => (a.forward === undefined ? [] : [a.forward]));
    expect(forwards("relay")[0]?.data).to.deep.include({ name: "request.data", member: 2 });
    // A whole `bytes calldata` parameter, the caller's own sender packed after it.
    expect(forwards("relayBytes")[0]).to.deep.include({ data: { kind: "param", name: "payload", index: 1 } });
    expect(forwards("relayBytes")[0]?.suffix).to.deep.equal({ kind: "sender" });
    for (const name of ["relayPrefix", "relayChanged", "relayOverwritten"]) {
      expect(forwards(name), name).to.deep.equal([]);
      expect(fnOf(relay, name).composed?.length, `${name} still calls code not known`).to.be.above(0);
    }
  });
});
