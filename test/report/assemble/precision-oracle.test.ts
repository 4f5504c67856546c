import { expect } from "chai";
import { PrecisionOracle, precisionOf } from "../../../src/report/assemble/precision-oracle.js";
import { analyzeFixtures, contractOf } from "../../analyzer/helpers/analyze-fixture.js";
import { execute } from "../../analyzer/helpers/execute.js";
import { createGroundWorld, deploy, runCalls } from "../../analyzer/helpers/ground-truth.js";

const A = `0x${"11".repeat(20)}`;
const B = `0x${"22".repeat(20)}`;
const C = `0x${"33".repeat(20)}`;

describe("report: the analyzer's precision oracle (static verdicts of executed pairs against execution)", function () {
  const run = async () => {
    const { address, txs } = await execute("Token.sol", "Token", [
      { from: A, fn: "mint", args: [A, 1000n] },
      { from: A, fn: "transfer", args: [B, 10n] },
      { from: B, fn: "transfer", args: [C, 5n] },
      { from: C, fn: "approve", args: [A, 1n] },
      { from: C, fn: "totalSupply", args: [] },
    ]);
    return [{ run: { deployments: { [address]: "Token" }, executed: txs } }];
  };

  it("confirms the predicted conflicting pairs (transfers sharing B, mint × totalSupply, A's mint then A's transfer) with no miss", async function () {
    const report = precisionOf(analyzeFixtures("0.8.28", ["Token.sol"]), await run());
    expect(report.misses).to.deep.equal([]);
    // Same sender: mint(A) × transfer from A meet on _balances[A] (the same-sender verdict, not the classes').
    expect(report.predictedPairs).to.equal(3);
    expect(report.confirmedPairs).to.equal(3);
    expect(report.confirmedRate).to.equal(1);
    expect(report.contracts.map((c) => c.contract)).to.deep.equal(["Token"]);
  });

  it("gives the same figures fed one workload at a time as over all at once (the analysis thread's way)", async function () {
    const result = analyzeFixtures("0.8.28", ["Token.sol"]);
    const [first] = await run();
    if (first === undefined) throw new Error("no run");
    const executed = first.run.executed;
    // Two workloads of the same contract: the tallies add up, the misses and never-confirmed pairs keep their order.
    const parts = [{ run: { ...first.run, executed: executed.slice(0, 3) } }, { run: { ...first.run, executed } }];
    const oracle = new PrecisionOracle(result);
    oracle.add(parts[0] as (typeof parts)[number]);
    const alone = [precisionOf(result, parts.slice(0, 1)), precisionOf(result, parts.slice(1))];
    expect(oracle.report()).to.deep.equal(alone[0]);
    oracle.add(parts[1] as (typeof parts)[number]);
    const both = oracle.report();
    expect(both.predictedPairs).to.equal((alone[0]?.predictedPairs ?? 0) + (alone[1]?.predictedPairs ?? 0));
    expect(both.confirmedPairs).to.equal((alone[0]?.confirmedPairs ?? 0) + (alone[1]?.confirmedPairs ?? 0));
    expect(both.predictedPairs).to.be.greaterThan(alone[0]?.predictedPairs ?? 0);
    expect(new PrecisionOracle(undefined).report().confirmedRate).to.equal(null);
  });

  it("shows a miss loudly when a verdict says never and execution conflicts, and lists never-confirmed predictions", async function () {
    const broken = structuredClone(analyzeFixtures("0.8.28", ["Token.sol"]));
    for (const pair of contractOf(broken, "Token").matrix.pairs)
      if (pair.a === "transfer(address,uint256)" && pair.b === "transfer(address,uint256)") pair.class = "none";
    const runs = await run();
    // totalSupply() recorded as touching nothing: mint × totalSupply, predicted, never conflicted.
    const executed = runs[0]?.run.executed.map((tx, i) => (i === 4 ? { ...tx, accesses: [] } : tx)) ?? [];
    const report = precisionOf(broken, [
      { run: { ...runs[0]?.run, deployments: runs[0]?.run.deployments ?? {}, executed } },
    ]);
    expect(report.misses).to.have.length(1);
    expect(report.misses[0]).to.include({ contract: "Token", first: "transfer(address,uint256)" });
    const never = report.contracts[0]?.neverConflicting.map((p) => [p.first, p.second].sort().join(" × "));
    expect(never).to.deep.equal(["mint(address,uint256) × totalSupply()"]);
    expect(report.confirmedRate).to.be.below(1);
  });

  it("merges an oracle fed later workloads (the test-run profile's) as if they had been added after: counts, pairs, misses", async function () {
    const broken = structuredClone(analyzeFixtures("0.8.28", ["Token.sol"]));
    for (const pair of contractOf(broken, "Token").matrix.pairs)
      if (pair.a === "transfer(address,uint256)" && pair.b === "transfer(address,uint256)") pair.class = "none";
    const [first] = await run();
    if (first === undefined) throw new Error("no run");
    const all = first.run.executed;
    // The first workload has a miss (transfer × transfer said never), the later one a never-confirmed pair too.
    const early = { run: { ...first.run, executed: all.slice(0, 3) } };
    const later = { run: { ...first.run, executed: all.map((tx, i) => (i === 4 ? { ...tx, accesses: [] } : tx)) } };
    const inOrder = precisionOf(broken, [early, later]);
    const merged = new PrecisionOracle(broken);
    merged.add(early);
    const apart = new PrecisionOracle(broken);
    apart.add(later);
    const apartBefore = apart.report();
    merged.merge(apart);
    expect(merged.report()).to.deep.equal(inOrder);
    expect(apart.report()).to.deep.equal(apartBefore);
    expect(inOrder.misses).to.have.length(2);
    expect(inOrder.contracts[0]?.neverConflicting).to.have.length(1);
    // Merged the other way round, the later workload's miss comes first: the order is the merge's, not sorted.
    const reversed = new PrecisionOracle(broken);
    reversed.add(later);
    const earlyAlone = new PrecisionOracle(broken);
    earlyAlone.add(early);
    reversed.merge(earlyAlone);
    expect(reversed.report()).to.deep.equal(precisionOf(broken, [later, early]));
  });

  it("judges a pair by the analysis instantiated on both too: batch balances at the calldata's ids, not at any id", async function () {
    this.timeout(60_000);
    const file = "PublishedTokens1155.sol";
    const result = analyzeFixtures("0.8.28", [file]);
    const g = await createGroundWorld();
    const token = await deploy(g, "0.8.28", file, "PubOz1155");
    const [a, b, c] = g.accounts as [string, string, string];
    const call = (from: string, fn: string, args: unknown[]) => ({ from, to: token, contract: "PubOz1155", fn, args });
    await runCalls(g, [
      call(a, "mintBatch", [a, [1n, 3n], [9n, 9n]]),
      call(b, "mint", [b, 2n, 9n]),
      call(c, "mint", [c, 1n, 9n]),
    ]);
    // a's batch of ids 1 and 3 and b's transfer of id 2 share no balance; c's batch of id 1 to a meets a's.
    const observed = await runCalls(g, [
      call(a, "safeBatchTransferFrom", [a, b, [1n, 3n], [5n, 5n], "0x"]),
      call(b, "safeTransferFrom", [b, a, 2n, 5n, "0x"]),
      call(c, "safeBatchTransferFrom", [c, a, [1n], [5n], "0x"]),
    ]);
    const report = precisionOf(result, [{ run: { deployments: g.deployments, executed: observed.map((o) => o.tx) } }]);
    expect(report.misses).to.deep.equal([]);
    // The classes key batch balances by `ids[?]`, which a key-dependent clause cannot value: all 3 pairs.
    expect(report.predictedPairs).to.equal(1);
    expect(report.confirmedPairs).to.equal(1);
  });

  it("a reverted transaction may meet anything through accesses the classes leave out (paths that revert)", async function () {
    // B's claim of A's id reverts after moving count[A]; A's next claim writes count[A]: a conflict the
    // classes (successful claims: ownerOf[id], count[msg.sender]) do not predict.
    const { address, txs } = await execute("DoomedPaths.sol", "Registry", [
      { from: A, fn: "claim", args: [1n] },
      { from: B, fn: "claim", args: [1n], reverts: true },
      { from: A, fn: "claim", args: [2n] },
    ]);
    const result = analyzeFixtures("0.8.28", ["DoomedPaths.sol"]);
    const runs = (executed: typeof txs) => [{ run: { deployments: { [address]: "Registry" }, executed } }];
    expect(precisionOf(result, runs(txs)).misses).to.deep.equal([]);
    const unmarked = txs.map(({ reverted: _reverted, ...tx }) => tx);
    expect(precisionOf(result, runs(unmarked)).misses.map((m) => m.transactions)).to.deep.include([
      txs[1]?.hash,
      txs[2]?.hash,
    ]);
  });

  it("two reverted transactions are never predicted conflicting: their writes were undone, they only read", async function () {
    const { address, txs } = await execute("DoomedPaths.sol", "Registry", [
      { from: A, fn: "claim", args: [1n] },
      { from: B, fn: "claim", args: [1n], reverts: true },
      { from: C, fn: "claim", args: [1n], reverts: true },
    ]);
    // As the runtime records them: a reverted transaction changed no storage (the bare EVM here saw its SSTOREs).
    const recorded = txs.map((tx) =>
      tx.reverted === true ? { ...tx, accesses: tx.accesses.map((a) => ({ ...a, kind: "read" as const })) } : tx,
    );
    const result = analyzeFixtures("0.8.28", ["DoomedPaths.sol"]);
    const report = precisionOf(result, [{ run: { deployments: { [address]: "Registry" }, executed: recorded } }]);
    expect(report.misses).to.deep.equal([]);
    // A's claim × each reverted claim (they read ownerOf[1], which A wrote): 2 predicted, 2 confirmed; B × C: not.
    expect(report.predictedPairs).to.equal(2);
    expect(report.confirmedPairs).to.equal(2);
  });

  it("checks other contracts' storage too: two payouts free in the payer's storage meet in the token's balance of the payer", async function () {
    this.timeout(60_000);
    const file = "VaultOverToken.sol";
    const result = analyzeFixtures("0.8.28", [file]);
    const g = await createGroundWorld();
    const asset = await deploy(g, "0.8.28", file, "Asset");
    const payer = await deploy(g, "0.8.28", file, "Payer", [asset]);
    const [a, b, c] = g.accounts as [string, string, string];
    const call = (from: string, to: string, contract: string, fn: string, args: unknown[]) => ({
      from,
      to,
      contract,
      fn,
      args,
    });
    await runCalls(g, [call(a, asset, "Asset", "mint", [payer, 10n ** 21n])]);
    const observed = await runCalls(g, [
      call(a, payer, "Payer", "safePay", [b, 10n ** 18n]),
      call(b, payer, "Payer", "safePay", [c, 10n ** 18n]),
    ]);
    const runs = [{ run: { deployments: g.deployments, executed: observed.map((o) => o.tx) } }];
    const report = precisionOf(result, runs);
    expect(report.misses).to.deep.equal([]);
    expect(report.predictedPairs, "free in the payer's own storage").to.equal(0);
    // Without the callee summaries composed into the payer, the meeting in the token's storage is a miss.
    const blind = structuredClone(result);
    for (const k of blind.contracts) for (const f of k.functions) delete f.composed;
    const misses = precisionOf(blind, runs).misses;
    expect(misses.map((m) => m.slot.split(":")[0])).to.deep.equal([asset]);
  });
});
