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

  it("a call out past a guard an early return skipped (a callee's modifier's; the body's, before a modifier's `_;`) is composed for an argument of 0", function () {
    const out = fnOf(leaks(), "callOut");
    expect(out.externalCalls.map((c) => c.fn)).to.include("touch");
    for (const name of ["viaZero", "viaZeroAfter"]) {
      const via = fnOf(contractOf(result(), "Outer"), name).composed ?? [];
      const touches = via.filter((a) => a.contract === "Sink" && a.mode === "write").map((a) => a.location.text);
      expect(
        touches.some((t) => t.endsWith(".last")),
        `${name}: ${touches.join(", ")}`,
      ).to.equal(true);
    }
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
    // `Sink.last` goes 0 → leaks → b → leaks: each call through `Outer` changes it, each `last()` reads it.
    const outerCall = (fn: string): Call => ({ from: a, to: outer, contract: "Outer", fn, args: [] });
    const sinkCall = (fn: string): Call => ({ from: b, to: sink, contract: "Sink", fn, args: [] });
    const touched = await runCalls(g, [
      outerCall("viaZero"),
      sinkCall("last"),
      sinkCall("touch"),
      outerCall("viaZeroAfter"),
      sinkCall("last"),
    ]);
    expect(touched.map((o) => o.reverted)).to.deep.equal([false, false, false, false, false]);
    const [viaZero, read, , viaZeroAfter, readAgain] = touched;
    if (viaZero === undefined || read === undefined || viaZeroAfter === undefined || readAgain === undefined)
      throw new Error("five transactions executed");
    expect(mayConflict(analyzed, g.deployments, viaZero.tx, read.tx).conflict).to.equal(true);
    expect(mayConflict(analyzed, g.deployments, viaZeroAfter.tx, readAgain.tx).conflict).to.equal(true);
    const truth = compareWithExecution(analyzed, g.deployments, touched);
    expect(truth.falseNone).to.deep.equal([]);
    expect(truth.classViolations).to.deep.equal([]);
  });
});
