import { expect } from "chai";
import { checkSoundness } from "../../src/analyzer/index.js";
import { analyzeFixtures, contractOf, pairOf } from "./helpers/analyze-fixture.js";
import { type GroundTruth, compareWithExecution } from "./helpers/ground-truth-check.js";
import { type Call, type GroundWorld, artifact, createGroundWorld, deploy, runCalls } from "./helpers/ground-truth.js";
import { at } from "./helpers/family-check.js";
import { type Action, SEEDS, BLOCK } from "./helpers/random-blocks.js";
import { rng } from "../runtime/parallel/helpers/fuzz-world.js";

/**
 * Executed ground truth on shapes the other fixtures do not cover (fixture `SoundnessShapes.sol`): transient
 * storage, packed structs, dynamic arrays, mappings of structs of mappings, a library on storage pointers,
 * ERC-7201 namespaces (literal and computed), slots computed in assembly, try/catch and low-level call returns;
 * and OpenZeppelin 5 proxies (UUPS, Transparent, Beacon), the implementation running on the proxy's storage,
 * upgrades inside the block. Each block: 0 false "none" from `mayConflict`, no static class contradicted, and
 * every executed slot of the shapes covered by the summaries (`checkSoundness`).
 */
const FILE = "SoundnessShapes.sol";

interface Run {
  truth: GroundTruth;
  observed: Awaited<ReturnType<typeof runCalls>>;
}

/** Runs one random block per seed and compares every pair under each deployment map given. */
async function blocks(g: GroundWorld, actions: Action[], maps: Record<string, string>[]): Promise<Run[]> {
  const result = analyzeFixtures("0.8.28", [FILE]);
  const runs: Run[] = [];
  for (const seed of SEEDS) {
    const random = rng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const calls: Call[] = Array.from({ length: BLOCK }, () =>
      pick(actions)(pick(g.accounts), pick(g.accounts), BigInt(1 + Math.floor(random() * 30)), pick),
    );
    const observed = await runCalls(g, calls);
    for (const map of maps) runs.push({ truth: compareWithExecution(result, map, observed), observed });
  }
  return runs;
}

/** 0 false none, no class contradicted, and (unless `byRecord`) no contract reached only by the record. */
function expectSound(runs: Run[], byRecord = false): void {
  const unreached = runs.flatMap((r) => r.truth.unreached);
  if (byRecord) expect(unreached, "reached only by the record").to.not.deep.equal([]);
  else expect(unreached, "reached only by the record").to.deep.equal([]);
  const falseNone = runs.flatMap((r) => r.truth.falseNone);
  const violations = runs.flatMap((r) => r.truth.classViolations);
  expect(falseNone, "false none").to.deep.equal([]);
  expect(violations, "classes contradicted").to.deep.equal([]);
  const conflicting = runs.flatMap((r) => [...r.truth.byContracts.values()]).reduce((n, t) => n + t.conflicting, 0);
  expect(conflicting, "conflicting pairs").to.be.greaterThan(10);
}

describe("analyzer: executed ground truth on storage shapes and proxies", function () {
  this.timeout(600_000);

  it("transient locks, packed structs, arrays, nested mappings, namespaces, assembly slots, try/catch", async function () {
    const g = await createGroundWorld();
    const pinged = await deploy(g, "0.8.28", FILE, "Pinged");
    const shapes = await deploy(g, "0.8.28", FILE, "Shapes", [pinged]);
    const S = at(shapes, "Shapes");
    await runCalls(
      g,
      g.accounts.flatMap((a) => [S(a, "deposit", [1000n]), S(a, "push", [1n])]),
    );
    const actions: Action[] = [
      (f, _o, v) => S(f, "deposit", [v]),
      (f, o, v) => S(f, "approve", [o, v * 100n]),
      (f, o, v) => S(f, "spend", [o, v]),
      (f, o) => S(f, "freeze", [o]),
      (f, o) => S(f, "balanceOf", [o]),
      (f, _o, v) => S(f, "setB", [v % 4n, v]),
      (f, _o, v) => S(f, "setA", [v % 4n, v]),
      (f, _o, v) => S(f, "push", [v]),
      (f) => S(f, "pop", []),
      (f) => S(f, "trim", []),
      (f, _o, v) => S(f, "setAt", [v % 6n, v]),
      (f, o, v) => S(f, "rawSet", [o, v]),
      (f, o) => S(f, "rawGet", [o]),
      (f, _o, v) => S(f, "rawAt", [v % 8n]),
      (f, _o, v) => S(f, "transientSum", [v]),
      (f, _o, v) => S(f, "earn", [v]),
      (f, o, v) => S(f, "earnOther", [o, v]),
      (f, _o, v) => S(f, "tryPing", [v]),
      (f, _o, v) => S(f, "lowPing", [v]),
      (f, o) => S(f, "histories", [o, 0n]),
      (f) => S(f, "total", []),
    ];
    const runs = await blocks(g, actions, [g.deployments]);
    expectSound(runs);
    const result = analyzeFixtures("0.8.28", [FILE]);
    for (const run of runs) {
      const report = checkSoundness({
        result,
        deployments: g.deployments,
        // The record carries no call frames: the accesses of the called contract's own code.
        transactions: run.observed.map(({ tx }) => ({
          ...tx,
          accesses: tx.accesses.filter((a) => a.address.toLowerCase() === tx.to.toLowerCase()),
        })),
      });
      expect(report.misses, "soundness misses").to.deep.equal([]);
    }
  });

  it("UUPS, Transparent and Beacon proxies: the implementation's storage in the proxy, upgrades in the block", async function () {
    const g = await createGroundWorld();
    const owner = g.accounts[0] ?? "";
    const admin = g.accounts[1] ?? "";
    const v1 = await deploy(g, "0.8.28", FILE, "BoxImpl");
    const v2 = await deploy(g, "0.8.28", FILE, "BoxImplV2");
    const box = artifact("0.8.28", FILE, "BoxImplV2").iface;
    const init = box.encodeFunctionData("initialize", [owner]);
    const uups = await deploy(g, "0.8.28", FILE, "BoxUups", [v2, init]);
    const transparent = await deploy(g, "0.8.28", FILE, "BoxTransparent", [v2, admin, init]);
    const beacon = await deploy(g, "0.8.28", FILE, "BoxBeacon", [v2, owner]);
    const beaconed = await deploy(g, "0.8.28", FILE, "BoxBeaconProxy", [beacon, init]);
    g.interfaces.Box = box;
    const proxies = [uups, transparent, beaconed];
    const P = (to: string) => at(to, "Box");
    const B = at(beacon, "BoxBeacon");
    const actions: Action[] = [
      (f, o, v, pick) => P(pick(proxies))(f, "mint", [o, v]),
      (f, o, v, pick) => P(pick(proxies))(f, "mintTwice", [o, v]),
      (f, o, v, pick) => P(pick(proxies))(f, "transfer", [o, v % 3n]),
      (f, o, _v, pick) => P(pick(proxies))(f, "balances", [o]),
      (f, _o, _v, pick) => P(pick(proxies))(f, "supply", []),
      (_f, _o, _v, pick) => P(uups)(owner, "upgradeToAndCall", [pick([v1, v2]), "0x"]),
      (_f, _o, _v, pick) => B(owner, "upgradeTo", [pick([v1, v2])]),
      (f) => B(f, "implementation", []),
    ];
    await runCalls(
      g,
      proxies.flatMap((p) => g.accounts.map((a) => P(p)(a, "mint", [a, 100n]))),
    );
    // The proxies as what they are, and (as a recording names what a call reached) as the implementation.
    const asImpl = { ...g.deployments, ...Object.fromEntries(proxies.map((p) => [p, "BoxImplV2"])) };
    const [own, named] = [await blocks(g, actions, [g.deployments]), await blocks(g, actions, [asImpl])];
    expectSound(own);
    // Named as the implementation, the proxy's own code (asking the beacon) is only in the record.
    expectSound(named, true);
  });
});

describe("analyzer: a dynamic array's public getter reads the length it checks the index against", function () {
  it("push(v) (the length and a new element change) conflicts with queue(0): predicted, static class always", async function () {
    const g = await createGroundWorld();
    const pinged = await deploy(g, "0.8.28", FILE, "Pinged");
    const shapes = await deploy(g, "0.8.28", FILE, "Shapes", [pinged]);
    const S = at(shapes, "Shapes");
    const [a = "", b = ""] = g.accounts;
    await runCalls(g, [S(a, "push", [5n]), S(a, "push", [6n])]);
    const observed = await runCalls(g, [S(a, "push", [7n]), S(b, "queue", [0n])]);
    const result = analyzeFixtures("0.8.28", [FILE]);
    const truth = compareWithExecution(result, g.deployments, observed);
    expect(truth.byContracts.get("Shapes")?.conflicting, "executed conflict").to.equal(1);
    expect(truth.falseNone).to.deep.equal([]);
    expect(truth.classViolations).to.deep.equal([]);
    expect(pairOf(contractOf(result, "Shapes"), "push", "queue").class).to.equal("always");
  });

  it("trim() in assembly (only the length changes) conflicts with queue(0): predicted, static class not none", async function () {
    const g = await createGroundWorld();
    const pinged = await deploy(g, "0.8.28", FILE, "Pinged");
    const shapes = await deploy(g, "0.8.28", FILE, "Shapes", [pinged]);
    const S = at(shapes, "Shapes");
    const [a = "", b = ""] = g.accounts;
    await runCalls(g, [S(a, "push", [5n]), S(a, "push", [0n])]);
    const observed = await runCalls(g, [S(a, "trim", []), S(b, "queue", [0n])]);
    const truth = compareWithExecution(analyzeFixtures("0.8.28", [FILE]), g.deployments, observed);
    expect(truth.byContracts.get("Shapes")?.conflicting, "executed conflict").to.equal(1);
    expect(truth.falseNone).to.deep.equal([]);
    expect(truth.classViolations).to.deep.equal([]);
  });
});
