import { expect } from "chai";
import { type ExecutedTransaction, checkSoundness, mayConflict } from "../../src/analyzer/index.js";
import { analyzeFixtures, contractOf, fnOf, pairOf, texts } from "./helpers/analyze-fixture.js";
import { compareWithExecution } from "./helpers/ground-truth-check.js";
import { type Call, createGroundWorld, deploy, runCalls } from "./helpers/ground-truth.js";

describe("analyzer: storage locks every transaction restores are reads (Locks.sol)", function () {
  this.timeout(120_000);
  const result = () => analyzeFixtures("0.8.28", ["Locks.sol"]);

  it("Uniswap V2's `lock` and OpenZeppelin's ReentrancyGuard: the guarded functions only read the lock", function () {
    const uni = contractOf(result(), "UniLock");
    for (const name of ["add", "addSome"]) {
      expect(texts(fnOf(uni, name), "writes"), name).to.deep.equal(["shares[msg.sender](+)"]);
      expect(texts(fnOf(uni, name), "reads"), name).to.include("unlocked");
    }
    expect(pairOf(uni, "add", "addSome").class).to.equal("none");
    const oz = contractOf(result(), "OzGuarded");
    expect(texts(fnOf(oz, "add"), "writes")).to.deep.equal(["shares[msg.sender](+)"]);
    expect(pairOf(oz, "add", "add").class).to.equal("none");
    // Creation does write the lock (0 → 1).
    expect(uni.creation?.writes.map((w) => w.location.text)).to.include("unlocked");
  });

  it("keeps the writes of locks not restored on every path: no initializer, early return, branch, call out after, conditional operand, two final values", function () {
    const not = contractOf(result(), "NotRestored");
    const cases: [string, string][] = [
      ["zeroth", "noInit"],
      ["first", "early"],
      ["second", "branchy"],
      ["third", "called"],
      ["fourth", "ternary"],
      ["fifth", "differs"],
      ["sixth", "differs"],
    ];
    for (const [fn, variable] of cases) expect(texts(fnOf(not, fn), "writes"), fn).to.include(variable);
    expect(pairOf(not, "fifth", "sixth").class).to.equal("always");
  });

  it("a lock set and reset inside one block (a branch) is restored; not past a return, nor also written outside the block", function () {
    const locks = contractOf(result(), "BlockLocks");
    expect(texts(fnOf(locks, "guarded"), "writes")).to.deep.equal(["total(+)"]);
    expect(texts(fnOf(locks, "guarded"), "reads")).to.include("consuming");
    expect(texts(fnOf(locks, "leaking"), "writes")).to.include("leaky");
    expect(texts(fnOf(locks, "spreading"), "writes")).to.include("spread");
  });

  it("Uniswap v3's lock, set by initialize: a guard at the start proves the value, so the locked functions only read it", function () {
    const v3 = contractOf(result(), "V3Lock");
    expect(texts(fnOf(v3, "add"), "writes")).to.deep.equal(["shares[msg.sender](+)"]);
    expect(texts(fnOf(v3, "add"), "reads")).to.include("slot0.unlocked");
    expect(texts(fnOf(v3, "move"), "writes")).to.deep.equal(["slot0.tick"]);
    expect(pairOf(v3, "add", "add").class).to.equal("none");
    expect(texts(fnOf(v3, "guarded"), "writes")).to.deep.equal([]);
    // No guard, a guard reading the function's own write, a guard after a call out: the writes stay.
    expect(texts(fnOf(v3, "unguarded"), "writes")).to.deep.equal(["slot0.unlocked"]);
    expect(texts(fnOf(v3, "late"), "writes")).to.include("level");
    expect(texts(fnOf(v3, "afterCall"), "writes")).to.include("level");
    expect(texts(fnOf(v3, "initialize"), "writes")).to.include.members(["slot0", "level"]);
  });

  it("Uniswap v3's lock against our runtime: 0 false none, 0 misses, the locked functions record no lock write", async function () {
    const g = await createGroundWorld();
    const v3 = await deploy(g, "0.8.28", "Locks.sol", "V3Lock");
    const [a, b] = g.accounts as [string, string];
    const call = (from: string, fn: string, args: unknown[] = []): Call => ({
      from,
      to: v3,
      contract: "V3Lock",
      fn,
      args,
    });
    // Before initialize: the lock reads 0, `add` reverts; `late` moves the level 0 → 1 (a real write).
    const before = await runCalls(g, [call(a, "add", [1n]), call(b, "late"), call(a, "guarded")]);
    expect(before.map((o) => o.reverted)).to.deep.equal([true, false, false]);
    await runCalls(g, [call(a, "initialize", [2n ** 96n])]);
    const observed = await runCalls(g, [
      call(a, "add", [5n]),
      call(b, "add", [6n]),
      call(b, "move", [7n]),
      call(a, "guarded"),
      call(b, "unguarded"),
      call(a, "late"),
    ]);
    expect(observed.filter((o) => o.reverted)).to.deep.equal([]);
    expect(observed.map((o) => o.writes.size)).to.deep.equal([1, 1, 1, 0, 0, 0]);
    for (const block of [before, observed]) {
      const truth = compareWithExecution(result(), g.deployments, block);
      expect(truth.falseNone).to.deep.equal([]);
      expect(truth.classViolations).to.deep.equal([]);
      const soundness = checkSoundness({
        result: result(),
        deployments: g.deployments,
        transactions: block.map((o) => o.tx),
      });
      expect(soundness.misses).to.deep.equal([]);
    }
    // Different senders' adds are predicted free (the lock is only read); add × move still meet on slot0.
    const [addA, addB, move] = observed.map((o) => o.tx) as [
      ExecutedTransaction,
      ExecutedTransaction,
      ExecutedTransaction,
    ];
    expect(mayConflict(result(), g.deployments, addA, addB).conflict).to.equal(false);
    expect(mayConflict(result(), g.deployments, addA, move).conflict).to.equal(true);
  });

  it("against our runtime: no lock write is recorded where none is predicted, the others are (0 false none, 0 misses)", async function () {
    const g = await createGroundWorld();
    const file = "Locks.sol";
    const uni = await deploy(g, "0.8.28", file, "UniLock");
    const oz = await deploy(g, "0.8.28", file, "OzGuarded");
    const not = await deploy(g, "0.8.28", file, "NotRestored");
    const [a, b] = g.accounts as [string, string];
    const call = (to: string, contract: string, from: string, fn: string, args: unknown[] = []): Call => ({
      from,
      to,
      contract,
      fn,
      args,
    });
    const observed = await runCalls(g, [
      call(uni, "UniLock", a, "add", [5n]),
      call(uni, "UniLock", b, "add", [6n]),
      call(uni, "UniLock", b, "addSome", [0n]),
      call(oz, "OzGuarded", a, "add", [1n]),
      call(oz, "OzGuarded", b, "add", [2n]),
      call(not, "NotRestored", a, "zeroth"),
      call(not, "NotRestored", b, "zeroth"),
      call(not, "NotRestored", a, "first", [0n]),
      call(not, "NotRestored", b, "second", [false]),
      call(not, "NotRestored", a, "fifth"),
      call(not, "NotRestored", b, "sixth"),
    ]);
    expect(observed.filter((o) => o.reverted)).to.deep.equal([]);
    const written = (i: number) => observed[i]?.writes.size ?? 0;
    // add wrote only shares[sender]; zeroth's first run wrote noInit (0 → 1), the second nothing new.
    expect([written(0), written(3), written(5), written(6)]).to.deep.equal([1, 1, 1, 0]);
    const truth = compareWithExecution(result(), g.deployments, observed);
    expect(truth.falseNone).to.deep.equal([]);
    expect(truth.classViolations).to.deep.equal([]);
    // Only b's add × b's addSome is predicted (shares[b]; addSome(0) returned before adding): none on the lock.
    expect(truth.byContracts.get("UniLock")).to.deep.include({ pairs: 3, predicted: 1 });
    expect(truth.byContracts.get("OzGuarded")).to.deep.include({ predicted: 0, conflicting: 0 });
    const soundness = checkSoundness({
      result: result(),
      deployments: g.deployments,
      transactions: observed.map((o) => o.tx),
    });
    expect(soundness.misses).to.deep.equal([]);
  });
});
