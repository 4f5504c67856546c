import { expect } from "chai";
import { getCreate2Address, keccak256, solidityPacked } from "ethers";
import type { ExecutedTransaction, Immutables } from "../../src/analyzer/index.js";
import { mayConflict, placedAccesses } from "../../src/analyzer/predict-conflict.js";
import { analyzeFixtures, contractOf, fnOf } from "./helpers/analyze-fixture.js";
import { artifact } from "./helpers/ground-truth.js";

const FILE = "SortedPairRouter.sol";
const addr = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
const [A, B, C, D] = [0x1a, 0x2b, 0x3c, 0x4d].map(addr) as [string, string, string, string];
const FACTORY = addr(0xf0);
const ROUTER = addr(0xe0);
const [ALICE, BOB] = [addr(0xa11ce), addr(0xb0b)];

describe("analyzer: keys execution computes — CREATE2 pairs of calldata path elements (key-value-sets.ts, sorted-pairs.ts)", function () {
  this.timeout(120_000);
  const result = analyzeFixtures("0.8.28", [FILE]);
  const iface = artifact("0.8.28", FILE, "SortedPairRouter").iface;
  const initHash = keccak256(artifact("0.8.28", FILE, "SortedPair").bytecode);
  const pairOf = (a: string, b: string) => {
    const [x, y] = BigInt(a) < BigInt(b) ? [a, b] : [b, a];
    return getCreate2Address(
      FACTORY,
      keccak256(solidityPacked(["address", "address"], [x, y])),
      initHash,
    ).toLowerCase();
  };
  const deployments: Record<string, string> = {
    [ROUTER]: "SortedPairRouter",
    [FACTORY]: "SortedPairFactory",
    ...Object.fromEntries([pairOf(A, B), pairOf(B, C), pairOf(C, D)].map((p) => [p, "SortedPair"])),
  };
  const immutables: Immutables = { [ROUTER]: { factory: FACTORY, initHash } };
  const call = (from: string, fn: string, args: unknown[], hash = "0x1"): ExecutedTransaction => ({
    hash,
    from,
    to: ROUTER,
    input: iface.encodeFunctionData(fn, args),
    accesses: [],
  });
  const swap = (from: string, path: string[]) => call(from, "swap", [path, 7n]);
  const conflict = (x: ExecutedTransaction, y: ExecutedTransaction, known: Immutables = immutables) =>
    mayConflict(result, deployments, x, { ...y, hash: "0x2" }, [ALICE, BOB], known).conflict;
  const pairsOf = (tx: ExecutedTransaction, known: Immutables = immutables) =>
    new Set(
      placedAccesses(result, deployments, tx, known)
        .filter((p) => p.address !== ROUTER && p.address !== "balance")
        .map((p) => p.address),
    );

  it("the pair a swap calls is unknown to the static classes, with the CREATE2 formula execution evaluates", function () {
    const trade = fnOf(contractOf(result, "SortedPairRouter"), "swap").composed?.find((a) =>
      a.via.endsWith("trade(uint256)"),
    );
    expect(trade?.instance).to.deep.include({
      kind: "unknown",
      reason: "CREATE2 address of values not known statically",
    });
    expect(JSON.stringify(trade?.instance)).to.match(/"op":"lo".*"op":"hi"/);
  });

  it("a one-hop swap is placed at its one pair; swaps on different pairs do not conflict, on the same pair they do", function () {
    expect([...pairsOf(swap(ALICE, [A, B]))]).to.deep.equal([pairOf(A, B)]);
    expect([...pairsOf(swap(ALICE, [B, A]))]).to.deep.equal([pairOf(A, B)]);
    expect(conflict(swap(ALICE, [A, B]), swap(BOB, [C, D]))).to.equal(false);
    expect(conflict(swap(ALICE, [A, B]), swap(BOB, [B, A]))).to.equal(true);
    expect(conflict(swap(ALICE, [B, C]), swap(BOB, [C, B]))).to.equal(true);
  });

  it("a two-hop swap meets every pair of its path (each element pair, over-approximated), not a pair off it", function () {
    const hops = pairsOf(swap(ALICE, [A, B, C]));
    expect(hops).to.include(pairOf(A, B)).and.to.include(pairOf(B, C));
    expect(hops).not.to.include(pairOf(C, D));
    expect(conflict(swap(ALICE, [A, B, C]), swap(BOB, [C, B]))).to.equal(true);
    expect(conflict(swap(ALICE, [A, B, C]), swap(BOB, [D, C]))).to.equal(false);
  });

  it("without the deployment's immutables, or with a path element execution does not tell, the pair is any pair", function () {
    expect(conflict(swap(ALICE, [A, B]), swap(BOB, [C, D]), {})).to.equal(true);
    expect(pairsOf(swap(ALICE, [A, B]), {}).has("any")).to.equal(true);
    const toward = call(ALICE, "swapToward", [[A, B], 7n]);
    expect(pairsOf(toward).has("any")).to.equal(true);
    expect(conflict(toward, swap(BOB, [C, D]))).to.equal(true);
  });

  it("a path of one token twice reverts in sortTokens: no pair is placed (the pair it would hash never runs)", function () {
    expect(pairsOf(swap(ALICE, [A, A])).size).to.equal(0);
  });
});
