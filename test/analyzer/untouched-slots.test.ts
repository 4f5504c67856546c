import { expect } from "chai";
import type { ExecutedTransaction } from "../../src/analyzer/index.js";
import { calleeCallKeys } from "../../src/analyzer/callee-instances.js";
import { locationFromJson } from "../../src/analyzer/classify-instances.js";
import type { Placed } from "../../src/analyzer/placed-conflict.js";
import { deploymentIndex, mayConflict, placedAccesses } from "../../src/analyzer/predict-conflict.js";
import { untouchedValue, withUntouched } from "../../src/analyzer/untouched-slots.js";
import { analyzeFixtures, contractOf, fnOf } from "./helpers/analyze-fixture.js";
import { artifact } from "./helpers/ground-truth.js";
import {
  FACTORY,
  FILE,
  PAIRS,
  ROUTER,
  SENDERS,
  TOKENS,
  deployments,
  mapSlot,
  word,
} from "./helpers/uniswap-router-world.js";

describe("analyzer: slots a transaction never wrote, valued by its record (untouched-slots.ts)", function () {
  this.timeout(120_000);
  const result = analyzeFixtures("0.5.16", [FILE]);
  const router = artifact("0.5.16", FILE, "UniswapV2Router").iface;
  const factory = contractOf(result, "UniswapV2Factory");
  const pair = contractOf(result, "UniswapV2Pair");
  const slotOf = (c: typeof pair, label: string) => c.storage.find((s) => s.label === label)?.slot ?? "-1";
  const getPairSlot = (a: string, b: string) => mapSlot(b, mapSlot(a, slotOf(factory, "getPair")));

  /** A swap of `TOKENS[2i]` for `TOKENS[2i+1]` through `PAIRS[i]`, recording the reads its keys come from. */
  const swap = (i: number, recorded = true): ExecutedTransaction => {
    const [tokenIn, tokenOut, at] = [TOKENS[2 * i] ?? "", TOKENS[2 * i + 1] ?? "", PAIRS[i] ?? ""];
    const read = (address: string, slot: string, value: string) => ({
      address,
      slot: word(slot),
      kind: "read" as const,
      ...(recorded ? { value: word(value) } : {}),
    });
    return {
      hash: `0x0${i}`,
      from: SENDERS[i] ?? "",
      to: ROUTER,
      input: router.encodeFunctionData("swapExactTokensForTokens", [1000n, tokenIn, tokenOut, SENDERS[i]]),
      accesses: [
        read(ROUTER, "0x0", FACTORY),
        read(FACTORY, getPairSlot(tokenIn, tokenOut), at),
        read(at, slotOf(pair, "token0"), tokenIn),
        read(at, slotOf(pair, "token1"), tokenOut),
      ],
    };
  };
  const at = (tx: ExecutedTransaction, contract: string, text: RegExp) =>
    new Set(
      placedAccesses(result, deployments, tx)
        .filter((p) => p.contract === contract && text.test(p.location.text))
        .map((p) => p.address),
    );

  it("a router's stored factory and the pair its getPair getter returned are the values the swap read", function () {
    expect([...at(swap(0), "UniswapV2Factory", /^UniswapV2Factory\(factory\)\.getPair/)]).to.deep.equal([FACTORY]);
    expect([...at(swap(0), "UniswapV2Pair", /reserve0$/)]).to.deep.equal([PAIRS[0]]);
    // Without values in the record, nothing is told: the pair is any instance.
    expect([...at(swap(0, false), "UniswapV2Pair", /reserve0$/)]).to.deep.equal(["any"]);
  });

  it("the pair's token0, read in its swap, places the token transfers at the token the swap read", function () {
    const transfers = at(swap(0), "TestToken", /^TestToken\(token[01]\)\.balanceOf/);
    expect([...transfers].sort()).to.deep.equal([TOKENS[0], TOKENS[1]].sort());
  });

  it("two swaps through different pairs of different tokens are predicted free (any pair before)", function () {
    expect(mayConflict(result, deployments, swap(0), swap(1), SENDERS).conflict).to.equal(false);
    expect(mayConflict(result, deployments, swap(0, false), swap(1, false), SENDERS).conflict).to.equal(true);
  });

  it("a direct callee's own getter call (the pair's factory.feeTo() in mint) is valued at a known callee", function () {
    const FEE = "0x00000000000000000000000000000000000fee00";
    const mint = fnOf(contractOf(result, "UniswapV2Router"), "addLiquidity").composed?.find(
      (a) =>
        a.via.endsWith(".mint(address)") &&
        a.mode === "write" &&
        /balanceOf\[factory\.feeTo\(\)\]$/.test(a.location.text),
    );
    if (mint === undefined) throw new Error("no fee mint in addLiquidity");
    const tx: ExecutedTransaction = {
      ...swap(0),
      accesses: [
        { address: PAIRS[0] ?? "", slot: word(slotOf(pair, "factory")), kind: "read", value: word(FACTORY) },
        { address: FACTORY, slot: word(slotOf(factory, "feeTo")), kind: "read", value: word(FEE) },
      ],
    };
    const key = (writes: Placed[]) =>
      withUntouched(tx, { result, writes, byAddress: deploymentIndex(deployments) }, () =>
        calleeCallKeys(mint, PAIRS[0] ?? "", tx),
      ).levels[1]?.key;
    expect(key([])).to.deep.include({ kind: "const", value: BigInt(FEE).toString() });
    // The factory's feeTo possibly written in the transaction (setFeeTo): not told.
    const setFeeTo = fnOf(factory, "setFeeTo").writes[0]?.location;
    if (setFeeTo === undefined) throw new Error("no write in setFeeTo");
    const written: Placed = {
      address: FACTORY,
      contract: "UniswapV2Factory",
      write: true,
      location: locationFromJson(setFeeTo, (k) => k),
    };
    expect(key([written])).to.deep.include({ kind: "external-call" });
  });

  it("a slot one of the transaction's possible writes may reach stays any, as does one it did not read", function () {
    const tx = swap(0);
    const location = fnOf(factory, "getPair").reads[0]?.location;
    if (location === undefined) throw new Error("no getPair read");
    const slot = BigInt(getPairSlot(TOKENS[0] ?? "", TOKENS[1] ?? ""));
    const param = (k: { kind: string; index?: number }) =>
      k.kind === "param" ? BigInt((k.index === 0 ? TOKENS[0] : TOKENS[1]) ?? 0) : ("any" as const);
    const createPair = fnOf(factory, "createPair").writes.find((w) => w.location.text.startsWith("getPair"));
    if (createPair === undefined) throw new Error("no getPair write in createPair");
    const anyKey = () => ({ kind: "unknown" as const, reason: "any" });
    const written: Placed = {
      address: "any",
      contract: "UniswapV2Factory",
      write: true,
      location: locationFromJson(createPair.location, anyKey),
    };
    const known = (writes: Placed[]) => ({ result, writes, byAddress: deploymentIndex(deployments) });
    const value = (writes: Placed[], s: bigint) =>
      withUntouched(tx, known(writes), () => untouchedValue(tx, FACTORY, location, s, param));
    expect(value([], slot)).to.equal(BigInt(PAIRS[0] ?? 0));
    expect(value([written], slot)).to.equal("any");
    expect(value([], slot + 1n)).to.equal("any");
    // Outside `withUntouched` (the soundness check, the static classes) nothing is valued.
    expect(untouchedValue(tx, FACTORY, location, slot, param)).to.equal("any");
  });
});

describe("analyzer: a fixed-size array element of a function that calls out, valued by the record (stored-keys.ts)", function () {
  this.timeout(120_000);
  const result = analyzeFixtures("0.8.28", ["LendingOverToken.sol"]);
  const pool = contractOf(result, "ShardedLendingPool");
  const POOL = "0x00000000000000000000000000000000000c0001";
  const VAULT = "0x00000000000000000000000000000000000c0002";
  const SENDER = "0x000000000000000000000000000000000000a123";
  const vaults = BigInt(pool.storage.find((s) => s.label === "vaults")?.slot ?? "-1");
  const deposit = (recorded: boolean, shard = BigInt(SENDER) % 16n): ExecutedTransaction => ({
    hash: "0x11",
    from: SENDER,
    to: POOL,
    input: artifact("0.8.28", "LendingOverToken.sol", "ShardedLendingPool").iface.encodeFunctionData("deposit", [5n]),
    accesses: [
      { address: POOL, slot: word(vaults + shard), kind: "read", ...(recorded ? { value: word(VAULT) } : {}) },
    ],
  });
  /** The keys the deposit's token transfer credits, as placed. */
  const credited = (tx: ExecutedTransaction) =>
    placedAccesses(result, { [POOL]: "ShardedLendingPool" }, tx)
      .filter((p) => p.write && /_balances\[vaults\[/.test(p.location.text))
      .map((p) => {
        const key = p.location.levels[1]?.key;
        return key?.kind === "const" ? key.value : key?.kind;
      });

  it("deposit's transfer to vaults[msg.sender % SHARDS] credits the vault the transaction read", function () {
    expect(credited(deposit(true))).to.deep.equal([BigInt(VAULT).toString()]);
    expect(credited(deposit(false))).to.not.include(BigInt(VAULT).toString());
    // A read of another element is not this sender's vault: nothing is told.
    expect(credited(deposit(true, (BigInt(SENDER) + 1n) % 16n))).to.not.include(BigInt(VAULT).toString());
  });
});
