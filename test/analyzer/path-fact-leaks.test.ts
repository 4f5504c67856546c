import { expect } from "chai";
import { mayConflict } from "../../src/analyzer/index.js";
import { analyzeFixtures, contractOf, fnOf, pairOf, texts } from "./helpers/analyze-fixture.js";
import { compareWithExecution } from "./helpers/ground-truth-check.js";
import { type Call, createGroundWorld, deploy, runCalls } from "./helpers/ground-truth.js";

/** Entry points that write `zeroSeen` when called with 0 (`skip` is true), past a guard on some other path. */
const WRITERS = [
  "callEarly",
  "callModifier",
  "callOr",
  "callTernary",
  "callSkipBody",
  "callElseBody",
  "callLoop",
  "callBreak",
  "callBranch",
  "callLoopStep",
  "callPointer",
  "callAfterBody",
  "callDoWhile",
];

/** Arguments that make each writer write `zeroSeen` (execution says so). */
const ZERO_ARGS: Record<string, unknown[]> = { callLoop: [0n, 0n], callBranch: [0n, false], callLoopStep: [0n, 0n] };

describe("analyzer: guards that hold on some paths only stay out of later decisions (PathFactLeaks.sol)", function () {
  this.timeout(120_000);
  const result = () => analyzeFixtures("0.8.28", ["PathFactLeaks.sol"]);
  const leaks = () => contractOf(result(), "PathFactLeaks");

  it("every writer keeps its write of `zeroSeen`, made (and kept) on a path that skipped the guard", function () {
    for (const name of WRITERS) {
      const fn = fnOf(leaks(), name);
      expect(texts(fn, "writes"), name).to.include("zeroSeen");
      expect(
        (fn.reverting ?? []).map((a) => a.location.text),
        name,
      ).to.not.include("zeroSeen");
      expect(pairOf(leaks(), name, "peek").class, name).to.not.equal("none");
    }
  });

  it("keeps the precision of guards that do hold after the call: a modifier that always reaches `_;`", function () {
    expect(texts(fnOf(leaks(), "callAlways"), "writes")).to.deep.equal([]);
    expect(pairOf(leaks(), "callAlways", "peek").class).to.equal("none");
  });

  it("a call out after a guarded callee whose modifier returned early is composed for an argument of 0", function () {
    const out = fnOf(leaks(), "callOut");
    expect(out.externalCalls.map((c) => c.fn)).to.include("touch");
    const via = fnOf(contractOf(result(), "Outer"), "viaZero").composed ?? [];
    const touches = via.filter((a) => a.contract === "Sink" && a.mode === "write").map((a) => a.location.text);
    expect(
      touches.some((t) => t.endsWith(".last")),
      touches.join(", "),
    ).to.equal(true);
  });

  it("executed: each writer called with 0 conflicts with `peek`, and the analyzer says so (0 false none)", async function () {
    const g = await createGroundWorld(WRITERS.length + 1);
    const [a, b] = g.accounts as [string, string];
    const sink = await deploy(g, "0.8.28", "PathFactLeaks.sol", "Sink");
    const target = await deploy(g, "0.8.28", "PathFactLeaks.sol", "PathFactLeaks", [sink]);
    const outer = await deploy(g, "0.8.28", "PathFactLeaks.sol", "Outer", [target]);
    const call = (from: string, fn: string, args: unknown[]): Call => ({
      from,
      to: target,
      contract: "PathFactLeaks",
      fn,
      args,
    });
    const analyzed = result();
    // Each writer from its own account: a write of the value already stored changes nothing.
    for (const [i, name] of WRITERS.entries()) {
      const writer = g.accounts[i + 1] ?? a;
      const observed = await runCalls(g, [call(writer, name, ZERO_ARGS[name] ?? [0n]), call(a, "peek", [])]);
      expect(
        observed.map((o) => o.reverted),
        name,
      ).to.deep.equal([false, false]);
      const truth = compareWithExecution(analyzed, g.deployments, observed);
      expect(truth.falseNone, name).to.deep.equal([]);
      expect(truth.classViolations, name).to.deep.equal([]);
    }
    const touched = await runCalls(g, [
      { from: a, to: outer, contract: "Outer", fn: "viaZero", args: [] },
      { from: b, to: outer, contract: "Outer", fn: "viaZero", args: [] },
      { from: b, to: sink, contract: "Sink", fn: "last", args: [] },
    ]);
    expect(touched.map((o) => o.reverted)).to.deep.equal([false, false, false]);
    const [first, , read] = touched;
    if (first === undefined || read === undefined) throw new Error("three transactions executed");
    expect(mayConflict(analyzed, g.deployments, first.tx, read.tx).conflict).to.equal(true);
    const truth = compareWithExecution(analyzed, g.deployments, touched);
    expect(truth.falseNone).to.deep.equal([]);
    expect(truth.classViolations).to.deep.equal([]);
  });
});
