import { expect } from "chai";
import type { ExecutedTransaction } from "../../src/analyzer/index.js";
import { mayConflict, placedAccesses } from "../../src/analyzer/predict-conflict.js";
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

describe("analyzer: get-or-create locals and calls before any change (zero-defaults.ts, ExternalCall.first)", function () {
  this.timeout(120_000);
  const result = analyzeFixtures("0.5.16", [FILE]);
  const routerAbi = artifact("0.5.16", FILE, "UniswapV2Router").iface;
  const router = contractOf(result, "UniswapV2Router");
  const factory = contractOf(result, "UniswapV2Factory");
  const slotOf = (label: string) => factory.storage.find((s) => s.label === label)?.slot ?? "-1";
  const getPairSlot = (a: string, b: string) => mapSlot(b, mapSlot(a, slotOf("getPair")));

  /**
   * `addLiquidity` of `TOKENS[2i]` and `TOKENS[2i+1]` that found `pair` in the factory (the zero address: none
   * yet, so the router creates it); `recorded`: the record keeps the values read.
   */
  const add = (i: number, pair: string, recorded = true): ExecutedTransaction => {
    const [a, b] = [TOKENS[2 * i] ?? "", TOKENS[2 * i + 1] ?? ""];
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
      input: routerAbi.encodeFunctionData("addLiquidity", [a, b, 1000n, 1000n, SENDERS[i]]),
      accesses: [read(ROUTER, "0x0", FACTORY), read(FACTORY, getPairSlot(a, b), pair)],
    };
  };
  const minted = (tx: ExecutedTransaction) =>
    new Set(
      placedAccesses(result, deployments, tx)
        .filter((p) => p.contract === "UniswapV2Pair" && /\.totalSupply$/.test(p.location.text))
        .map((p) => p.address),
    );

  it("the pair addLiquidity mints at is getPair's return unless zero, then createPair's", function () {
    const mint = fnOf(router, "addLiquidity").composed?.find((a) => a.via.endsWith(".mint(address)"));
    expect(mint?.instance).to.deep.include({ kind: "expr", op: "default" });
    expect(mint?.instance.kind === "expr" ? mint.instance.args : []).to.deep.equal([
      { kind: "external-call", text: "factory.getPair()" },
      { kind: "external-call", text: "factory.createPair()" },
    ]);
  });

  it("only a static call nothing that may change storage precedes is first", function () {
    const calls = fnOf(router, "addLiquidity").externalCalls;
    expect(calls.find((c) => c.fn === "getPair")?.first).to.equal(true);
    const swap = fnOf(router, "swapExactTokensForTokens").externalCalls;
    expect(swap.find((c) => c.fn === "getReserves")?.first).to.equal(true);
    // The pair's swap reads its tokens' balances after transferring them out (and after its lock's write).
    const pairSwap = fnOf(contractOf(result, "UniswapV2Pair"), "swap").externalCalls;
    expect(pairSwap.filter((c) => c.fn === "balanceOf").map((c) => c.first)).to.not.include(true);
  });

  it("an existing pair (read before the factory may write it) places the mint there; none yet leaves it any", function () {
    expect([...minted(add(0, PAIRS[0] ?? ""))]).to.deep.equal([PAIRS[0]]);
    expect([...minted(add(0, "0x0"))]).to.deep.equal(["any"]);
    expect([...minted(add(0, PAIRS[0] ?? "", false))]).to.deep.equal(["any"]);
  });

  it("createPair's accesses are made only when getPair returned 0: left out when the record tells a pair", function () {
    const create = fnOf(router, "addLiquidity").composed?.filter((a) => a.via.startsWith("factory.createPair("));
    expect(create?.length).to.be.greaterThan(0);
    for (const a of create ?? [])
      expect(a.when).to.deep.equal([
        { key: { kind: "external-call", text: "factory.getPair()" }, value: "0", equal: true },
      ]);
    const factoryWrites = (tx: ExecutedTransaction) =>
      placedAccesses(result, deployments, tx).filter((p) => p.contract === "UniswapV2Factory" && p.write).length;
    expect(factoryWrites(add(0, PAIRS[0] ?? ""))).to.equal(0);
    expect(factoryWrites(add(0, "0x0"))).to.be.greaterThan(0);
    expect(factoryWrites(add(0, PAIRS[0] ?? "", false))).to.be.greaterThan(0);
  });

  it("liquidity added to two existing pairs is predicted free; not to one pair, nor when one may be created", function () {
    const conflict = (x: ExecutedTransaction, y: ExecutedTransaction) =>
      mayConflict(result, deployments, x, y, SENDERS).conflict;
    expect(conflict(add(0, PAIRS[0] ?? ""), add(1, PAIRS[1] ?? ""))).to.equal(false);
    expect(conflict(add(0, PAIRS[0] ?? ""), add(1, PAIRS[0] ?? ""))).to.equal(true);
    expect(conflict(add(0, PAIRS[0] ?? "", false), add(1, PAIRS[1] ?? "", false))).to.equal(true);
    expect(conflict(add(0, PAIRS[0] ?? ""), add(1, "0x0"))).to.equal(true);
  });
});

describe("analyzer: get-or-create and first calls, the variants the rules must not take (GetOrCreate.sol)", function () {
  this.timeout(120_000);
  const c = contractOf(analyzeFixtures("0.8.28", ["GetOrCreate.sol"]), "GetOrCreate");
  const instance = (fn: string) =>
    fnOf(c, fn).composed?.find((a) => a.via.endsWith(".deposit(address,uint256)"))?.instance;
  const first = (fn: string) => fnOf(c, fn).externalCalls.find((x) => x.fn === "entries")?.first === true;

  it("the idiom keys the local default(getter, creation); an assignment after it or a `!=` test leave it unknown", function () {
    expect(instance("idiom")).to.deep.include({ kind: "expr", op: "default" });
    expect(instance("reassignedAfter")).to.deep.include({ kind: "unknown" });
    expect(instance("replacedWhenSet")).to.deep.include({ kind: "unknown" });
    expect(instance("tupleAfter")).to.deep.include({ kind: "unknown" });
  });

  it("a getter is first only when no write and no call but static ones precede it, outside loops", function () {
    expect(first("idiom")).to.equal(true);
    expect(first("idiomPublic")).to.equal(true);
    // The same calls evaluated (or replayed) inside `wrapped`, after its write: neither first nor zero-tested.
    expect(first("wrapped")).to.equal(false);
    const create = (fn: string) => fnOf(c, fn).composed?.filter((a) => a.via.startsWith("registry.create(")) ?? [];
    expect(create("idiomPublic").map((a) => a.when !== undefined)).to.include(true);
    expect(create("wrapped").map((a) => a.when)).to.deep.equal(create("wrapped").map(() => undefined));
    expect(create("wrapped").length).to.be.greaterThan(0);
    expect(first("afterWrite")).to.equal(false);
    expect(first("afterCall")).to.equal(false);
    expect(first("inLoop")).to.equal(false);
    expect(fnOf(c, "loopHeader").externalCalls.find((x) => x.fn === "created")?.first).to.equal(undefined);
    // Facts on parameters (a `require` an early return may skip) are not kept on composed accesses.
    const guarded = fnOf(c, "guarded").composed ?? [];
    expect(guarded.length).to.be.greaterThan(0);
    expect(guarded.map((a) => a.when)).to.deep.equal(guarded.map(() => undefined));
  });
});
