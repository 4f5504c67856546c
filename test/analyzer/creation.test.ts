import { expect } from "chai";
import { getCreateAddress } from "ethers";
import { checkSoundness } from "../../src/analyzer/index.js";
import { analyzeFixtures, contractOf, fnOf, texts } from "./helpers/analyze-fixture.js";
import { execute } from "./helpers/execute.js";

const A = `0x${"11".repeat(20)}`;

describe("analyzer: constructors and creation", function () {
  it("summarizes creation: initializers, then the constructor with its parameters", function () {
    const child = contractOf(analyzeFixtures("0.8.28", ["Factory.sol"]), "Child");
    const creation = child.creation;
    expect(creation?.kind).to.equal("constructor");
    expect(creation?.selector).to.equal(null);
    expect(creation?.signature).to.equal("constructor(uint256)");
    expect(creation?.writes.map((w) => w.location.text).sort()).to.deep.equal([
      "credits[tx.origin]",
      "level",
      "parent",
      "seed",
    ]);
    expect(child.matrix.functions).to.not.include("constructor(uint256)");
    expect(
      fnOf(contractOf(analyzeFixtures("0.8.28", ["Factory.sol"]), "Factory"), "make").externalCalls[0]?.kind,
    ).to.equal("create");
  });

  it("a factory's transaction writing the new contract's storage through its constructor is covered (no miss)", async function () {
    const { address, txs } = await execute("Factory.sol", "Factory", [{ from: A, fn: "make", args: [7n] }]);
    const child = getCreateAddress({ from: address, nonce: 1 });
    const result = analyzeFixtures("0.8.28", ["Factory.sol"]);
    // The runtime records call frames with a target; a creation frame has none.
    const recorded = txs.map((tx) => ({ ...tx, calls: [{ from: tx.from, to: tx.to, input: tx.input }] }));
    const deployments = { [address]: "Factory", [child]: "Child" };
    const report = checkSoundness({ result, deployments, transactions: recorded });
    const childAccesses = recorded
      .flatMap((tx) => tx.accesses)
      .filter((a) => a.address.toLowerCase() === child.toLowerCase());
    expect(childAccesses.filter((a) => a.kind === "write")).to.have.length(4);
    expect(report.misses).to.deep.equal([]);
    const withoutCreation = structuredClone(result);
    delete contractOf(withoutCreation, "Child").creation;
    const misses = checkSoundness({ result: withoutCreation, deployments, transactions: recorded }).misses;
    expect(misses.filter((m) => m.contract === "Child")).to.have.length(childAccesses.length);
  });

  it("a contract created, then called, in one transaction: its constructor's writes are covered when `created` says so", async function () {
    const { address, txs } = await execute("Factory.sol", "Factory", [{ from: A, fn: "make", args: [7n] }]);
    const child = getCreateAddress({ from: address, nonce: 1 });
    const result = analyzeFixtures("0.8.28", ["Factory.sol"]);
    // A frame enters the new child after its creation (the factory calls it, as a router mints a new pair).
    const childCall = { from: address, to: child, input: "0xdeadbeef" };
    const calls = (tx: { from: string; to: string; input: string }) => [
      { from: tx.from, to: tx.to, input: tx.input },
      childCall,
    ];
    const deployments = { [address]: "Factory", [child]: "Child" };
    const called = txs.map((tx) => ({ ...tx, calls: calls(tx) }));
    const childMisses = (transactions: typeof called) =>
      checkSoundness({ result, deployments, transactions }).misses.filter((m) => m.contract === "Child");
    expect(childMisses(called).length).to.be.greaterThan(0);
    expect(childMisses(called.map((tx) => ({ ...tx, created: [child] })))).to.deep.equal([]);
  });

  it("solc 0.5 assembly (no Yul AST): create2 is a creation, storage opcodes are unknown accesses", function () {
    const result = analyzeFixtures("0.5.16", ["UniswapV2.sol"]);
    const factory = contractOf(result, "UniswapV2Factory");
    const create = fnOf(factory, "createPair").externalCalls.find((c) => c.kind === "create");
    expect(create?.fn).to.equal("create2");
    expect(create?.at?.line).to.be.greaterThan(0);
    const erc20 = contractOf(result, "UniswapV2Pair").creation;
    expect(erc20?.unknowns).to.deep.equal([]);
    expect(texts(fnOf(factory, "createPair"), "writes")).to.include("allPairs.length");
  });

  it("assembly create2 of `type(X).creationCode` creates an X: its constructor's writes are composed (solc 0.5 and Yul)", function () {
    const uni = contractOf(analyzeFixtures("0.5.16", ["UniswapV2.sol"]), "UniswapV2Factory");
    const created = (fn: {
      composed?: { via: string; contract: string; mode: string; location: { text: string } }[];
    }) =>
      (fn.composed ?? [])
        .filter((a) => a.via.endsWith(".constructor"))
        .map((a) => `${a.mode} ${a.contract}.${a.location.text}`);
    expect(fnOf(uni, "createPair").externalCalls.find((c) => c.kind === "create")?.target).to.equal(
      "<assembly> new contract UniswapV2Pair",
    );
    expect(created(fnOf(uni, "createPair"))).to.include.members([
      "write UniswapV2Pair.UniswapV2Pair(<created>).factory",
      "write UniswapV2Pair.UniswapV2Pair(<created>).unlocked",
    ]);
    const yul = contractOf(analyzeFixtures("0.8.28", ["Factory.sol"]), "Create2Factory");
    expect(created(fnOf(yul, "make"))).to.include("write Child.Child(<created>).parent");
    // Bytes the build cannot name: a creation of any class (an unknown write), as before.
    expect(created(fnOf(yul, "makeFrom"))).to.have.length(1);
    expect(created(fnOf(yul, "makeFrom"))[0]).to.match(/^write \*\./);
  });
});

describe("analyzer: call edges to other contracts", function () {
  it("names the callee contract and function, the one implementation in the build, and the argument/sender binding", function () {
    const result = analyzeFixtures("0.5.16", ["UniswapV2.sol"]);
    const mint = fnOf(contractOf(result, "UniswapV2Pair"), "mint");
    const feeTo = mint.externalCalls.find((c) => c.fn === "feeTo")?.callee;
    expect(feeTo).to.deep.include({
      contract: "IUniswapV2Factory",
      function: "feeTo()",
      selector: "017e7e58",
      implementation: "UniswapV2Factory",
      sender: "this",
    });
    const balance = mint.externalCalls.find((c) => c.fn === "balanceOf" && c.target === "token0")?.callee;
    expect(balance?.function).to.equal("balanceOf(address)");
    expect(balance?.args).to.deep.equal([{ kind: "const", text: "address(this)" }]);
    // IERC20 has no implementation in this build: none is guessed.
    expect(balance?.implementation).to.equal(undefined);
    const init = fnOf(contractOf(result, "UniswapV2Factory"), "createPair").externalCalls.find(
      (c) => c.fn === "initialize",
    );
    expect(init?.callee?.implementation).to.equal("UniswapV2Pair");
    expect(init?.callee?.args).to.have.length(2);
  });

  it("never names the calling contract itself as the implementation (a vault's asset is another token)", function () {
    const vault = contractOf(analyzeFixtures("0.8.28", ["Vault4626.sol"]), "Vault");
    const call = fnOf(vault, "totalAssets").externalCalls[0]?.callee;
    expect(call).to.deep.include({ contract: "IERC20", function: "balanceOf(address)" });
    expect(call?.implementation).to.equal(undefined);
  });
});
