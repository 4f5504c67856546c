import { expect } from "chai";
import { getCreate2Address, keccak256, solidityPacked } from "ethers";
import { readFileSync } from "node:fs";
import path from "node:path";
import { analyze, deployedImmutables } from "../../../src/analyzer/index.js";
import { precisionOf } from "../../../src/report/assemble/precision-oracle.js";
import { toHex } from "../../../src/runtime/util/hex.js";
import { contractOf } from "../../analyzer/helpers/analyze-fixture.js";
import { CONTRACTS_DIR, compileSources, standardSettings } from "../../analyzer/helpers/compile.js";
import { artifact, createGroundWorld, deploy, register, runCalls } from "../../analyzer/helpers/ground-truth.js";

const FILE = "SortedPairRouter.sol";

/** The fixture compiled as Hardhat 3 compiles (its build-infos carry `immutableReferences`), then analyzed. */
function analyzedAsHardhat() {
  const settings = standardSettings();
  const selection = settings.outputSelection as Record<string, Record<string, string[]>>;
  const outputs = [...(selection["*"]?.["*"] ?? []), "evm.deployedBytecode.immutableReferences"];
  const withRefs = { ...settings, outputSelection: { "*": { "*": outputs, "": ["ast"] } } };
  const pair = compileSources("0.8.28", { [FILE]: readFileSync(path.join(CONTRACTS_DIR, FILE), "utf8") }, withRefs);
  return analyze({ file: FILE, input: pair.input, output: pair.output, solcVersion: pair.solcVersion });
}

describe("report: the precision oracle values keys computed from immutables with the deployments' code", function () {
  this.timeout(120_000);

  const world = async () => {
    const g = await createGroundWorld();
    const factory = await deploy(g, "0.8.28", FILE, "SortedPairFactory");
    const initHash = keccak256(artifact("0.8.28", FILE, "SortedPair").bytecode);
    const router = await deploy(g, "0.8.28", FILE, "SortedPairRouter", [factory, initHash]);
    const [t1, t2, t3, t4] = [0x1a, 0x2b, 0x3c, 0x4d].map((n) => `0x${n.toString(16).padStart(40, "0")}`) as [
      string,
      string,
      string,
      string,
    ];
    const [a, b, c] = g.accounts as [string, string, string];
    const pairOf = (x: string, y: string) => {
      const [lo, hi] = BigInt(x) < BigInt(y) ? [x, y] : [y, x];
      return getCreate2Address(factory, keccak256(solidityPacked(["address", "address"], [lo, hi])), initHash);
    };
    const create = (x: string, y: string) => ({
      from: a,
      to: factory,
      contract: "SortedPairFactory",
      fn: "createPair",
      args: [x, y],
    });
    await runCalls(g, [create(t1, t2), create(t3, t4)]);
    for (const p of [pairOf(t1, t2), pairOf(t3, t4)]) register(g, "0.8.28", FILE, "SortedPair", p);
    const swap = (from: string, p: string[]) => ({
      from,
      to: router,
      contract: "SortedPairRouter",
      fn: "swap",
      args: [p, 7n],
    });
    // a's and c's swaps meet in the pair of t1 and t2 (its reserve), b's is alone in the pair of t3 and t4.
    const observed = await runCalls(g, [swap(a, [t1, t2]), swap(b, [t3, t4]), swap(c, [t2, t1])]);
    const codeAt = (address: string) => {
      const account = g.world.state.account(address);
      return account === undefined ? "0x" : toHex(g.world.state.code(account.codeHash));
    };
    const codes = Object.fromEntries(Object.keys(g.deployments).map((x) => [x, codeAt(x)]));
    const executed = observed.map((o) => o.tx);
    return { g, router, initHash, codes, executed, pair: pairOf(t1, t2).toLowerCase() };
  };

  it("reads the router's immutables from its deployed code, as deployed (factory, init code hash)", async function () {
    const result = analyzedAsHardhat();
    const { g, router, initHash, codes } = await world();
    const offsets = contractOf(result, "SortedPairRouter").immutables;
    expect(Object.keys(offsets ?? {}).sort()).to.deep.equal(["factory", "initHash"]);
    const values = deployedImmutables(result, g.deployments, codes)[router];
    const factory = Object.entries(g.deployments).find(([, n]) => n === "SortedPairFactory")?.[0] ?? "";
    expect(BigInt(values?.factory ?? 0)).to.equal(BigInt(factory));
    expect(BigInt(values?.initHash ?? 0)).to.equal(BigInt(initHash));
    // Without the code, nothing is known; contracts without immutables (the pairs) get no entry.
    expect(deployedImmutables(result, g.deployments, {})).to.deep.equal({});
    expect(Object.keys(deployedImmutables(result, g.deployments, codes))).to.deep.equal([router]);
  });

  it("checks the swaps' meeting in the pair's storage at the pair execution computes: a wrong pair is a miss", async function () {
    const result = analyzedAsHardhat();
    const { g, codes, executed, pair } = await world();
    const run = (withCodes: boolean) => [
      { run: { deployments: g.deployments, executed, ...(withCodes ? { codes } : {}) } },
    ];
    // The analysis places each swap at its pair: the meeting execution saw (a's and c's, in one pair) is predicted.
    expect(precisionOf(result, run(true)).misses).to.deep.equal([]);
    // An analysis reading `factory` where the init code hash is places the swaps at pairs no one deployed: with
    // the code, the oracle finds the meeting it did not predict; without it every pair is any pair, and it is blind.
    const wrong = structuredClone(result);
    const offsets = contractOf(wrong, "SortedPairRouter").immutables ?? {};
    offsets.factory = offsets.initHash ?? 0;
    const misses = precisionOf(wrong, run(true)).misses;
    expect(misses.map((m) => m.slot.split(":")[0])).to.deep.equal([pair]);
    expect(precisionOf(wrong, run(false)).misses).to.deep.equal([]);
  });
});
