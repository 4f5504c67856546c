import { expect } from "chai";
import { MaxUint256 } from "ethers";
import { type AnalysisResult, classifyInstances } from "../../src/analyzer/index.js";
import { balanceKey } from "../../src/runtime/vocabulary.js";
import { rng } from "../runtime/parallel/helpers/fuzz-world.js";
import { analyzeFixtures, contractOf, fnOf, pairOf, texts } from "./helpers/analyze-fixture.js";
import { type GroundTruth, compareWithExecution, figures } from "./helpers/ground-truth-check.js";
import { type Call, type Observed, conflicts, createGroundWorld, deploy, runCalls } from "./helpers/ground-truth.js";

const FILE = "EthBalance.sol";
const SELF = "ETH balance of address(this)";
const REPORT = process.env.GROUND_TRUTH_REPORT === "1";

type Action = (from: string, other: string, amount: bigint) => Call;

describe("analyzer: the contract's ETH balance as a location (eth-balance.ts)", function () {
  this.timeout(600_000);
  let result: AnalysisResult;
  before(function () {
    result = analyzeFixtures("0.8.28", [FILE]);
  });

  it("a payable entry point reads and writes the contract's balance; every entry point then reads it", function () {
    const weth = contractOf(result, "WETH9");
    expect(texts(fnOf(weth, "deposit"), "writes")).to.deep.equal([SELF, "balanceOf[msg.sender](+)"]);
    expect(texts(fnOf(weth, "transfer"), "reads")).to.include(SELF);
    expect(texts(fnOf(weth, "totalSupply"), "reads")).to.deep.equal([SELF]);
    const pair = pairOf(weth, "deposit", "deposit");
    expect(pair.class).to.equal("always");
    expect(pair.words).to.equal(`always conflict on ${SELF}`);
    expect(pairOf(weth, "deposit", "transfer").class).to.equal("always");
    // Neither side can change the balance: storage alone decides.
    expect(pairOf(weth, "transfer", "approve").class).to.equal("none");
    const hotspot = weth.hotspots.find((h) => h.location === SELF);
    expect(hotspot?.remediation.kind).to.equal("pull-payments");
    expect(hotspot?.writers.map((w) => w.function)).to.include.members(["deposit()", "withdraw(uint256)"]);
  });

  it("ETH sent out reads and writes both balances (transfer, call{value}, a payable callee's own balance)", function () {
    const vault = contractOf(result, "EthVault");
    expect(texts(fnOf(vault, "withdraw"), "writes")).to.include.members([SELF, "ETH balance of msg.sender"]);
    expect(texts(fnOf(vault, "sweep"), "writes")).to.include.members([SELF, "ETH balance of owner"]);
    expect(fnOf(vault, "deposit").unknowns).to.deep.equal([]);
    expect(pairOf(vault, "deposit", "deposit").class).to.equal("always");
    const forwarder = contractOf(result, "Forwarder");
    expect(texts(fnOf(forwarder, "pay"), "writes")).to.deep.equal([SELF, "ETH balance of to"]);
    // solmate: SafeTransferLib's assembly call with a value
    const solmate = contractOf(result, "SolmateWETH");
    expect(texts(fnOf(solmate, "withdraw"), "writes")).to.include.members([SELF, "ETH balance of msg.sender"]);
    expect(pairOf(solmate, "deposit", "transfer").class).to.equal("always");
    // OpenZeppelin 5: Address.sendValue through LowLevelCall's assembly call (not a top-level send: written)
    const oz = contractOf(result, "OzPayer");
    expect(texts(fnOf(oz, "pay"), "writes")).to.include.members([SELF, "ETH balance of to"]);
    expect(texts(fnOf(oz, "refund"), "writes")).to.include.members([SELF, "ETH balance of to"]);
    const wrap = fnOf(forwarder, "wrap");
    expect((wrap.composed ?? []).filter((a) => a.mode === "write").map((a) => a.location.text)).to.include(
      "ETH balance of weth",
    );
    expect(pairOf(forwarder, "wrap", "wrap").across?.class).to.equal("always");
    // WETH's withdraw pays the caller: the forwarder's own balance changes through the callee.
    expect(texts(fnOf(forwarder, "unwrap"), "writes")).to.include(SELF);
    expect(pairOf(forwarder, "unwrap", "touch").class).to.equal("always");
  });

  it("a payment passed on unchanged (msg.value, or a guarded memory value; checked call) only reads the balance", function () {
    const market = contractOf(result, "PassThrough");
    expect(texts(fnOf(market, "buy"), "writes")).to.not.include(SELF);
    expect(texts(fnOf(market, "buy"), "reads")).to.include(SELF);
    expect(texts(fnOf(market, "buyUnchecked"), "writes")).to.include(SELF);
    expect(texts(fnOf(market, "buyStorage"), "writes")).to.include(SELF);
    expect(pairOf(market, "buy", "list").class).to.equal("key-dependent");
    expect(pairOf(market, "buy", "buyUnchecked").class).to.equal("always");
    expect(texts(fnOf(contractOf(result, "Forwarder"), "wrap"), "writes")).to.not.include(SELF);
  });

  it("two contracts: each one's balance is its own account's (classifyInstances)", function () {
    const wrap = classifyInstances(
      result,
      { contract: "Forwarder", function: "wrap" },
      { contract: "WETH9", function: "deposit" },
    );
    expect(wrap.class).to.equal("key-dependent");
    expect(wrap.words).to.match(/^conflict iff ETH balance of weth: weth = address\(WETH9′\)/);
    const deposits = classifyInstances(
      result,
      { contract: "WETH9", function: "deposit" },
      { contract: "SolmateWETH", function: "deposit" },
    );
    expect(deposits.class).to.equal("none");
  });

  it("a contract that never changes its balance keeps its classes (no balance read added)", function () {
    const logger = contractOf(result, "Logger");
    expect(texts(fnOf(logger, "ping"), "reads")).to.deep.equal([]);
    expect(pairOf(logger, "ping", "ping").class).to.equal("none");
  });

  it("executed: deposits, withdrawals, sweeps, transfers and payouts with balances counted — 0 false none", async function () {
    const g = await createGroundWorld();
    const weth = await deploy(g, "0.8.28", FILE, "WETH9");
    const vault = await deploy(g, "0.8.28", FILE, "EthVault", [0n]);
    const forwarder = await deploy(g, "0.8.28", FILE, "Forwarder", [weth]);
    const market = await deploy(g, "0.8.28", FILE, "PassThrough");
    const solmate = await deploy(g, "0.8.28", FILE, "SolmateWETH");
    const ozPayer = await deploy(g, "0.8.28", FILE, "OzPayer");
    g.world.state.apply(new Map([[balanceKey(ozPayer), 10n ** 20n]]));
    g.world.state.apply(new Map([[balanceKey(forwarder), 10n ** 20n]]));
    const prev = (a: string) => g.accounts[(g.accounts.indexOf(a) + g.accounts.length - 1) % g.accounts.length] ?? a;
    const W = (from: string, fn: string, args: unknown[], value = 0n): Call => ({
      from,
      to: weth,
      contract: "WETH9",
      fn,
      args,
      value,
    });
    const V = (from: string, fn: string, args: unknown[], value = 0n): Call => ({
      from,
      to: vault,
      contract: "EthVault",
      fn,
      args,
      value,
    });
    const O = (from: string, fn: string, args: unknown[], value = 0n): Call => ({
      from,
      to: ozPayer,
      contract: "OzPayer",
      fn,
      args,
      value,
    });
    const S = (from: string, fn: string, args: unknown[], value = 0n): Call => ({
      from,
      to: solmate,
      contract: "SolmateWETH",
      fn,
      args,
      value,
    });
    const P = (from: string, fn: string, args: unknown[], value = 0n): Call => ({
      from,
      to: market,
      contract: "PassThrough",
      fn,
      args,
      value,
    });
    const F = (from: string, fn: string, args: unknown[], value = 0n): Call => ({
      from,
      to: forwarder,
      contract: "Forwarder",
      fn,
      args,
      value,
    });
    await runCalls(g, [
      ...g.accounts.flatMap((a) => [
        W(a, "deposit", [], 10n ** 18n),
        W(a, "approve", [prev(a), MaxUint256]),
        V(a, "deposit", [], 10n ** 18n),
        S(a, "deposit", [], 10n ** 18n),
        S(a, "approve", [prev(a), MaxUint256]),
      ]),
    ]);
    const actions: Action[] = [
      (f, _o, v) => W(f, "deposit", [], v),
      (f) => W(f, "deposit", [], 0n),
      (f, _o, v) => W(f, "withdraw", [v]),
      (f, o, v) => W(f, "transfer", [o, v]),
      (f, o, v) => W(f, "transferFrom", [prev(f), o, v]),
      (f, o, v) => W(f, "approve", [o, v]),
      (f) => W(f, "totalSupply", []),
      (f, _o, v) => V(f, "deposit", [], v),
      (f, _o, v) => V(f, "withdraw", [v]),
      (f) => V(f, "sweep", []),
      (f, _o, v) => V(f, "note", [v]),
      (f, _o, v) => F(f, "wrap", [], v),
      (f, o, v) => F(f, "pay", [o, v]),
      (f, _o, v) => F(f, "touch", [v]),
      (f, _o, v) => F(f, "unwrap", [v]),
      (f, o, v) => O(f, "pay", [o], v),
      (f, o, v) => O(f, "refund", [o, v]),
      (f, _o, v) => S(f, "deposit", [], v),
      (f, _o, v) => S(f, "withdraw", [v]),
      (f, o, v) => S(f, "transfer", [o, v]),
      (f, o, v) => S(f, "transferFrom", [prev(f), o, v]),
      (f, _o, v) => P(f, "list", [v % 8n, 1000n + (v % 8n)]),
      (f, _o, v) => P(f, "buy", [v % 8n], 1000n + (v % 8n)),
      (f, _o, v) => P(f, "buyUnchecked", [v % 8n], 1000n + (v % 8n)),
      (f, _o, v) => P(f, "buyStorage", [v % 8n], 1000n + (v % 8n)),
    ];
    let truth: GroundTruth | undefined;
    let balanceOnly = 0;
    for (const seed of [1, 2, 3]) {
      const random = rng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
      const calls = Array.from({ length: 36 }, () =>
        pick(actions)(pick(g.accounts), pick(g.accounts), BigInt(1 + Math.floor(random() * 1000))),
      );
      const observed = await runCalls(g, calls, { balances: true });
      balanceOnly += pairsConflictingOnlyOnBalances(observed);
      truth = compareWithExecution(result, g.deployments, observed, truth);
    }
    if (truth === undefined) throw new Error("no seeds");
    if (REPORT) console.log(`ETH balances: ${figures(truth)}\npairs conflicting only on balances: ${balanceOnly}`);
    // Storage alone would have called these free: the balance model must catch them.
    expect(balanceOnly).to.be.greaterThan(0);
    expect(truth.falseNone).to.deep.equal([]);
    expect(truth.classViolations).to.deep.equal([]);
  });
});

function pairsConflictingOnlyOnBalances(observed: Observed[]): number {
  const storage = (o: Observed): Observed => ({
    ...o,
    reads: new Set([...o.reads].filter((k) => k.startsWith("storage:"))),
    writes: new Set([...o.writes].filter((k) => k.startsWith("storage:"))),
    deltas: new Set(),
  });
  let n = 0;
  for (let i = 0; i < observed.length; i++)
    for (let j = i + 1; j < observed.length; j++) {
      const [x, y] = [observed[i], observed[j]] as [Observed, Observed];
      if (conflicts(x, y) && !conflicts(storage(x), storage(y))) n += 1;
    }
  return n;
}
