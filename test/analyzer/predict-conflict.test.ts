import { expect } from "chai";
import { Interface } from "ethers";
import { type AnalysisResult, type ExecutedTransaction, analyze, mayConflict } from "../../src/analyzer/index.js";
import { keyEquality } from "../../src/analyzer/alias.js";
import { deploymentIndex, placedAccesses } from "../../src/analyzer/predict-conflict.js";
import { placedConflict } from "../../src/analyzer/placed-conflict.js";
import { analyzeFixtures, contractOf, fnOf } from "./helpers/analyze-fixture.js";
import { compileFixtures } from "./helpers/compile.js";

const FILE = "PublishedSolmate.sol";
const VAULT = "0x00000000000000000000000000000000000000f1";
const TOKEN = "0x00000000000000000000000000000000000000f2";
const WETH = "0x00000000000000000000000000000000000000f3";
const [ALICE, BOB, CAROL] = ["0xa1", "0xb2", "0xc3"].map((a) => `0x${a.slice(2).padStart(40, "0")}`) as [
  string,
  string,
  string,
];
const deployments = { [VAULT]: "PubVault", [TOKEN]: "PubToken", [WETH]: "PubWETH" };

function call(from: string, to: string, signature: string, args: unknown[]): ExecutedTransaction {
  const input = new Interface([`function ${signature}`]).encodeFunctionData(signature.split("(")[0] ?? "", args);
  return { hash: `0x${from.slice(-4)}${to.slice(-4)}`, from, to, input, accesses: [] };
}

describe("analyzer: mayConflict on executed transactions (predict-conflict.ts)", function () {
  let result: AnalysisResult;
  before(function () {
    // solmate 6.8.0 verbatim: the vault's `asset` is an immutable ERC20, which may be the build's WETH.
    result = analyzeFixtures("0.8.28", [FILE]);
  });

  it("a deposit into the vault reaches no ETH balance: a call does not read the callee's balance", function () {
    const deposit = call(ALICE, VAULT, "deposit(uint256,address)", [10n, ALICE]);
    const balances = placedAccesses(result, deployments, deposit).filter((p) => p.address === "balance");
    expect(balances.map((p) => p.location.text)).to.deep.equal([`ETH balance of ${ALICE}`]);
    const transfer = call(BOB, TOKEN, "transfer(address,uint256)", [CAROL, 5n]);
    expect(mayConflict(result, deployments, deposit, transfer)).to.deep.equal({ conflict: false });
  });

  it("…but its asset may be the WETH: the depositor's own WETH transfer conflicts, another's wrap does not", function () {
    const deposit = call(ALICE, VAULT, "deposit(uint256,address)", [10n, ALICE]);
    expect(
      mayConflict(result, deployments, deposit, call(ALICE, WETH, "transfer(address,uint256)", [BOB, 1n])).conflict,
    ).to.equal(true);
    // Bob's wrap credits WETH's balance and his own WETH balance: nothing the vault's deposit touches.
    expect(mayConflict(result, deployments, deposit, call(BOB, WETH, "deposit()", [])).conflict).to.equal(false);
    // Two wraps credit WETH's balance (deltas that commute) but both add to `totalSupply` in storage (a read and
    // a write each); a withdrawal debits the balance (reads it).
    const wrap = (from: string) => call(from, WETH, "deposit()", []);
    expect(mayConflict(result, deployments, wrap(ALICE), wrap(BOB)).on).to.deep.equal(["totalSupply", "totalSupply"]);
    expect(mayConflict(result, deployments, wrap(ALICE), call(BOB, WETH, "withdraw(uint256)", [1n])).conflict).to.equal(
      true,
    );
  });
});

describe("analyzer: ETH sent by a high-level call goes to an account with code (eth-balance.ts)", function () {
  this.timeout(120_000);

  it("Router02's `IWETH(WETH).deposit{value: v}()`: WETH is never a sender, so no gas payment meets its balance", function () {
    const builds = [
      compileFixtures("0.5.16", ["PublishedUniswapV2.sol"]),
      compileFixtures("0.6.6", ["PublishedUniswapV2Periphery.sol"]),
    ];
    const result = analyze(builds.map((b, i) => ({ file: `uniswap-v2-${i}`, ...b })));
    const swap = fnOf(contractOf(result, "UniswapV2Router02"), "swapExactETHForTokens");
    const weth = swap.writes.find((w) => w.location.text === "ETH balance of WETH");
    const account = weth?.location.levels[1]?.key;
    // An immutable: its value is the deployment's (`key-value-sets.ts`).
    expect(account).to.deep.equal({ kind: "const", text: "WETH", code: true, immutable: true });
    expect(keyEquality({ kind: "sender" }, account)).to.equal("never");
    // A value sent with a low-level call may go to any account: `to` stays a plain parameter.
    const eth = fnOf(contractOf(result, "UniswapV2Router02"), "swapExactTokensForETH");
    const paid = eth.writes.find((w) => w.location.text === "ETH balance of to");
    expect(paid?.location.levels[1]?.key).to.deep.include({ kind: "param", name: "to" });
  });
});

describe("analyzer: a call forwarding a calldata parameter runs that calldata at that target (predict-conflict.ts)", function () {
  const result = analyzeFixtures("0.8.28", ["PublishedOzGovernance.sol"]);
  const [TIMELOCK, BOX, OTHER_BOX] = ["0xe1", "0xe2", "0xe3"].map((a) => `0x${a.slice(2).padStart(40, "0")}`) as [
    string,
    string,
    string,
  ];
  const where = { [TIMELOCK]: "PubTimelock", [BOX]: "Box", [OTHER_BOX]: "Box" };
  const box = new Interface(["function note(address)", "function store(uint256)"]);
  const execute = (target: string, payload: string) =>
    call(ALICE, TIMELOCK, "execute(address,uint256,bytes,bytes32,bytes32)", [
      target,
      0n,
      payload,
      `0x${"00".repeat(32)}`,
      `0x${"11".repeat(32)}`,
    ]);

  it("TimelockController.execute(target, 0, payload, ...) places the payload's function at the target, sent by the timelock", function () {
    const placed = placedAccesses(result, where, execute(BOX, box.encodeFunctionData("note", [BOB])));
    expect(placed.some((p) => p.location.root.kind === "unknown")).to.equal(false);
    const atBox = placed.filter((p) => p.address === BOX);
    expect(atBox.map((p) => `${p.write ? "W" : "R"} ${p.location.text}`)).to.include("W notes[account]");
    expect(atBox.find((p) => p.location.text === "notes[account]")?.location.levels[1]?.key).to.deep.include({
      kind: "const",
      value: BigInt(BOB).toString(),
    });
  });

  it("two executions meet only where their payloads do: other accounts' notes, another box, a box's value", function () {
    const noteBob = execute(BOX, box.encodeFunctionData("note", [BOB]));
    const noteCarol = execute(BOX, box.encodeFunctionData("note", [CAROL]));
    const elsewhere = execute(OTHER_BOX, box.encodeFunctionData("note", [BOB]));
    const bobNotes = call(CAROL, BOX, "notes(address)", [BOB]);
    // Both executions also touch the timelock's storage and (payable, sending `value`) its ETH balance: compare
    // what they place in the boxes' storage only.
    const atBox = (t: ExecutedTransaction) =>
      placedAccesses(result, where, t).filter((p) => p.address === BOX || p.address === OTHER_BOX);
    const meet = (a: ExecutedTransaction, b: ExecutedTransaction) =>
      placedConflict(atBox(a), atBox(b), deploymentIndex(where), [a.from, b.from]) !== undefined;
    expect(meet(noteBob, noteCarol)).to.equal(false);
    expect(meet(noteBob, elsewhere)).to.equal(false);
    expect(meet(noteBob, bobNotes)).to.equal(true);
  });
});
