import { expect } from "chai";
import { MaxUint256 } from "ethers";
import { checkSoundness } from "../../src/analyzer/index.js";
import { analyzeFixtures, contractOf, fnOf, pairOf, texts } from "./helpers/analyze-fixture.js";
import { compareWithExecution } from "./helpers/ground-truth-check.js";
import { type Call, createGroundWorld, deploy, runCalls } from "./helpers/ground-truth.js";

const FILE = "PublishedOz.sol";

describe("analyzer: a delegatecall to the contract itself runs its own entry points (self-delegatecall.ts)", function () {
  this.timeout(120_000);
  const result = () => analyzeFixtures("0.8.28", [FILE]);

  it("OpenZeppelin's Multicall is the union of the other entry points, parameters unknown, the sender kept", function () {
    const token = contractOf(result(), "MultiVotes");
    const multicall = fnOf(token, "multicall");
    expect(multicall.unknowns.filter((u) => u.includes("delegatecall"))).to.deep.equal([]);
    const writes = texts(multicall, "writes");
    // transfer's, approve's and transferFrom's writes, keyed by the sender where they were.
    expect(writes).to.include.members(["_balances[msg.sender]", "_balances[?]", "_allowances[msg.sender][?]"]);
    expect(writes.every((w) => !w.endsWith("(+)"))).to.equal(true);
    // Nothing writes the name: that pair is free, where an unknown delegatecall conflicted with everything.
    expect(pairOf(token, "multicall", "name").class).to.equal("none");
    expect(pairOf(token, "multicall", "approve").class).to.not.equal("none");
  });

  it("against our runtime: 0 false none, 0 soundness misses for blocks of multicalls", async function () {
    const g = await createGroundWorld();
    const token = await deploy(g, "0.8.28", FILE, "MultiVotes");
    const iface = g.interfaces.MultiVotes;
    if (iface === undefined) throw new Error("no ABI");
    const [a, b, c] = g.accounts as [string, string, string];
    const T = (from: string, fn: string, args: unknown[]): Call => ({
      from,
      to: token,
      contract: "MultiVotes",
      fn,
      args,
    });
    await runCalls(g, [T(a, "mint", [a, 10n ** 21n]), T(b, "mint", [b, 10n ** 21n]), T(b, "approve", [a, MaxUint256])]);
    const batch = (...calls: [string, unknown[]][]) => calls.map(([fn, args]) => iface.encodeFunctionData(fn, args));
    const observed = await runCalls(g, [
      T(a, "multicall", [batch(["transfer", [c, 5n]], ["delegate", [a]], ["transferFrom", [b, c, 7n]])]),
      T(b, "multicall", [batch(["approve", [c, 9n]], ["mint", [b, 3n]])]),
      T(c, "name", []),
      T(c, "transfer", [a, 1n]),
      T(b, "delegate", [c]),
      T(a, "multicall", [batch(["multicall", [batch(["transfer", [b, 2n]])]])]),
    ]);
    expect(observed.filter((o) => o.reverted)).to.deep.equal([]);
    const truth = compareWithExecution(result(), g.deployments, observed);
    expect(truth.falseNone).to.deep.equal([]);
    expect(truth.classViolations).to.deep.equal([]);
    const soundness = checkSoundness({
      result: result(),
      deployments: g.deployments,
      transactions: observed.map((o) => o.tx),
    });
    expect(soundness.misses).to.deep.equal([]);
    expect(soundness.checked).to.be.greaterThan(0);
  });
});
