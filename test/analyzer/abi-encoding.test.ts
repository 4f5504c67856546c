import { expect } from "chai";
import { solidityPackedKeccak256 } from "ethers";
import { analyze, checkSoundness } from "../../src/analyzer/index.js";
import { compileFixtures } from "./helpers/compile.js";
import { analyzeFixtures, contractOf, fnOf, pairOf, texts } from "./helpers/analyze-fixture.js";
import { execute } from "./helpers/execute.js";

const A = `0x${"11".repeat(20)}`;
const B = `0x${"22".repeat(20)}`;

describe("analyzer: keys hashed from values, keccak256(abi.encodePacked(...)) (abi-encoding.ts)", function () {
  const pool = () => contractOf(analyzeFixtures("0.8.28", ["V3Pool.sol"]), "V3Pool");

  it("a v3-style position is keyed by the hash of owner and ticks, not by any key", function () {
    expect(texts(fnOf(pool(), "mint"), "writes")).to.include(
      "positions[keccak256(msg.sender, tickLower, tickUpper)].liquidity(+)",
    );
    expect(texts(fnOf(pool(), "positionOf"), "reads")).to.deep.equal([
      "positions[keccak256(owner, tickLower, tickUpper)].liquidity",
    ]);
  });

  it("two hashes laid out alike are equal only when every value is: other senders never share a position", function () {
    const collect = pairOf(pool(), "collect", "collect");
    expect(collect.class).to.equal("none");
    expect(collect.sameSender?.class).to.equal("key-dependent");
    expect(pairOf(pool(), "positionOf", "mint").words).to.contain(
      "keccak256(msg.sender, tickLower, tickUpper) = keccak256(owner, tickLower, tickUpper)′",
    );
  });

  it("an address cut from a hash keeps its low 160 bits (CREATE2-style), folded or not", function () {
    const [pair] = fnOf(pool(), "creditPair").writes;
    expect(pair?.location.levels[1]?.key).to.deep.include({ kind: "expr", op: "&" });
    const [constant] = fnOf(pool(), "creditConstant").writes;
    const hash = solidityPackedKeccak256(
      ["bytes1", "address", "address"],
      ["0xff", `0x${"0".repeat(39)}1`, `0x${"0".repeat(39)}2`],
    );
    expect(constant?.location.levels[1]?.key).to.deep.include({
      kind: "const",
      value: (BigInt(hash) & ((1n << 160n) - 1n)).toString(),
    });
  });

  it("a hash of constants is folded to its value", function () {
    const [write] = fnOf(pool(), "creditProtocol").writes;
    const key = write?.location.levels[1]?.key;
    const expected = solidityPackedKeccak256(["address", "int24", "int24"], [`0x${"00".repeat(20)}`, 0, 60]);
    expect(key).to.deep.include({ kind: "const", value: BigInt(expected).toString() });
  });

  it("every slot executed mints, burns and collects touch is covered, hashed keys evaluated (nothing unverified)", async function () {
    const { address, txs } = await execute("V3Pool.sol", "V3Pool", [
      { from: A, fn: "mint", args: [-60n, 60n, 1000n] },
      { from: B, fn: "mint", args: [-60n, 60n, 500n] },
      { from: A, fn: "burn", args: [-60n, 60n, 400n] },
      { from: A, fn: "collect", args: [-60n, 60n] },
      { from: B, fn: "positionOf", args: [A, -60n, 60n] },
      { from: B, fn: "creditProtocol", args: [] },
      { from: B, fn: "swap", args: [-10n] },
      { from: A, fn: "creditPair", args: [A, B] },
      { from: B, fn: "creditConstant", args: [] },
    ]);
    const result = analyzeFixtures("0.8.28", ["V3Pool.sol"]);
    const report = checkSoundness({ result, deployments: { [address]: "V3Pool" }, transactions: txs });
    expect(report.checked).to.be.greaterThan(10);
    expect(report.misses).to.deep.equal([]);
    expect(report.unverified).to.equal(0);
  });
});

describe("analyzer: CREATE2 addresses of values not known statically (abi-encoding.ts)", function () {
  this.timeout(120_000);
  const keyOf = (fn: string) =>
    fnOf(contractOf(analyzeFixtures("0.8.28", ["Create2Keys.sol"]), "Create2Keys"), fn).writes[0]?.location.levels[1]
      ?.key;

  it("the CREATE2 formula over unknown values is an address with code; other hashes and narrower cuts are not", function () {
    expect(keyOf("creditPair")).to.deep.include({ kind: "unknown", code: true });
    expect(keyOf("creditHash")).to.not.have.property("code");
    expect(keyOf("creditSmall")).to.not.have.property("code");
  });

  it("so it never is another transaction's sender: creditPair × creditSender never meet, creditHash's may", function () {
    const c = contractOf(analyzeFixtures("0.8.28", ["Create2Keys.sol"]), "Create2Keys");
    expect(pairOf(c, "creditPair", "creditSender").class).to.equal("none");
    expect(pairOf(c, "creditHash", "creditSender").class).to.not.equal("none");
  });

  it("Router02's pairFor on solc 0.6.6 (hex'ff' typed as a non-UTF-8 string literal) is one", function () {
    const builds = [
      compileFixtures("0.5.16", ["PublishedUniswapV2.sol"]),
      compileFixtures("0.6.6", ["PublishedUniswapV2Periphery.sol"]),
    ];
    const result = analyze(builds.map((b, i) => ({ file: `uniswap-v2-${i}`, ...b })));
    const swap = fnOf(contractOf(result, "UniswapV2Router02"), "swapExactTokensForTokens");
    const toPair = swap.composed?.find((a) => /^ERC20\(path\[\?\]\)\.balanceOf\[\?\]$/.test(a.location.text));
    expect(toPair?.location.levels[1]?.key).to.deep.include({ kind: "unknown", code: true });
  });
});
