/**
 * A realistic, deterministic `ParallelReport` for the output tests and the README screenshot: two contracts
 * (Arena with a global round counter and high score, ArenaParallel with per-shard scores), a hotspot-bearing
 * workload on Arena and its parallel-friendly variant on ArenaParallel, a failed `--check`. The figures
 * follow simple closed forms (Amdahl curves) so they are plausible and stable; they are data, not results.
 */
import { roundFigure, type SpeedupPoint } from "../../../src/report/simulate/simulation-model.js";
import type { HotspotEntry, ParallelReport, WorkloadReport } from "../../../src/report/report-model.js";
import { shardingWhatIf } from "../../../src/report/sharding/sharding-what-if.js";
import { appInput, appTraffic } from "../sharding/sharding-fixture.js";
import { ARENA, ARENA_PARALLEL, arena, arenaParallel, at } from "./fixture-contracts.js";

const THREADS = [1, 2, 4, 8, 16, 32, 64];

/** Speedup points of a workload whose parallel fraction is `parallel` (Amdahl), Block-STM and shards below. */
function curve(parallel: number, stmEfficiency: number, shardEfficiency: number): SpeedupPoint[] {
  return THREADS.map((threads) => {
    const dag = 1 / (1 - parallel + parallel / threads);
    const stm = threads === 1 ? 1 / 1.05 : dag * (stmEfficiency - 0.01 * Math.log2(threads));
    return {
      threads,
      dag: roundFigure(dag),
      blockStm: roundFigure(stm),
      sharded: roundFigure(dag * (1 - ((1 - shardEfficiency) * Math.log2(threads)) / 6)),
      bound: roundFigure(Math.min(threads, 1 / (1 - parallel))),
      blockStmExecutionsPerTx: roundFigure(1 + (1 - parallel) * Math.log2(threads) * 0.3),
      blockStmAborts: Math.round((1 - parallel) * 400 * Math.log2(threads)),
      blockStmSuspensions: Math.round((1 - parallel) * 900 * Math.log2(threads)),
      blockStmWastedGas: Math.round((1 - parallel) * 2_000_000 * Math.log2(threads)),
      shardedCrossShardRatio: roundFigure(threads === 1 ? 0 : 1 - 1 / threads),
    };
  });
}

function hotspot(partial: Partial<HotspotEntry> & Pick<HotspotEntry, "label" | "location">): HotspotEntry {
  return {
    contract: undefined,
    variable: undefined,
    keyRole: undefined,
    declaration: undefined,
    writtenAt: [],
    edges: 0,
    transactions: 0,
    serializedGas: 0,
    edgeShare: 0,
    remedy: { kind: "none", text: "" },
    acknowledged: undefined,
    ...partial,
  };
}

const ARENA_ADDRESS = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
const PARALLEL_ADDRESS = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";

const battles: WorkloadReport = {
  name: "arena-battles",
  template: "gaming-battles",
  description: "Battles between 200 players with a global round counter and leaderboard",
  contracts: ["Arena"],
  parameters: { accounts: 200, transactions: 1200, blockSize: 100, hotRatio: 0.2, seed: 7 },
  transactions: 1200,
  blocks: 12,
  reverted: 14,
  revertReasons: [
    { reason: "KnockedOut(address)", count: 9 },
    { reason: "StillTired(uint256)", count: 5 },
  ],
  gas: 74_412_300,
  conflictDensity: 0.9137,
  criticalPathRatio: 0.6214,
  speedups: curve(0.4, 0.93, 0.72),
  hotspots: [
    hotspot({
      location: `storage:${ARENA_ADDRESS}:0x0000000000000000000000000000000000000000000000000000000000000001`,
      label: "Arena.round",
      contract: "Arena",
      variable: "round",
      declaration: at(ARENA, 31, 5),
      writtenAt: [at(ARENA, 60, 9)],
      edges: 1089,
      transactions: 1186,
      serializedGas: 72_960_418,
      edgeShare: 0.7123,
      remedy: { kind: "partitioned-counter", text: "Split `round` into per-shard counters summed on read" },
    }),
    hotspot({
      location: `storage:${ARENA_ADDRESS}:0x0000000000000000000000000000000000000000000000000000000000000002`,
      label: "Arena.highScore",
      contract: "Arena",
      variable: "highScore",
      declaration: at(ARENA, 33, 5),
      writtenAt: [at(ARENA, 99, 13)],
      edges: 301,
      transactions: 1186,
      serializedGas: 18_512_044,
      edgeShare: 0.1969,
      remedy: { kind: "spread-load", text: "Keep one high score per shard; compute the champion off-chain" },
    }),
    hotspot({
      location: `storage:${ARENA_ADDRESS}:0x8a35acfbc15ff81a39ae7d344fd709f28e8600b4aa8c65c6b64bfe7fe36bd19b`,
      label: "Arena.players[opponent]",
      contract: "Arena",
      variable: "players",
      keyRole: "opponent",
      declaration: at(ARENA, 29, 5),
      writtenAt: [at(ARENA, 66, 9)],
      edges: 139,
      transactions: 212,
      serializedGas: 6_104_870,
      edgeShare: 0.0908,
      remedy: { kind: "per-user-mapping", text: "Contention comes from the hot player set, not the contract" },
    }),
  ],
  functionPairs: [
    { first: "Arena.battle", second: "Arena.battle", conflicts: 5801, pairs: 5940, rate: 0.9766 },
    { first: "Arena.battle", second: "Arena.rest", conflicts: 71, pairs: 1188, rate: 0.0598 },
    { first: "Arena.rest", second: "Arena.rest", conflicts: 0, pairs: 54, rate: 0 },
  ],
  whatIf: [
    {
      label: "Arena.round",
      location: `storage:${ARENA_ADDRESS}:0x0000000000000000000000000000000000000000000000000000000000000001`,
      fix: "commutative",
      parts: null,
      threads: 16,
      dag: { before: 1.6, after: 2.4615, gain: 1.5385 },
      blockStm: { before: 1.4241, after: 2.1046, gain: 1.4778 },
      criticalPathRatio: { before: 0.6214, after: 0.4025 },
    },
    {
      label: "Arena.round",
      location: `storage:${ARENA_ADDRESS}:0x0000000000000000000000000000000000000000000000000000000000000001`,
      fix: "partitioned",
      parts: 16,
      threads: 16,
      dag: { before: 1.6, after: 2.2857, gain: 1.4286 },
      blockStm: { before: 1.4241, after: 1.9634, gain: 1.3787 },
      criticalPathRatio: { before: 0.6214, after: 0.4377 },
    },
  ],
  measured: {
    workers: 2,
    strategy: "block-stm",
    sequentialMs: 812.4,
    parallelMs: 655.2,
    speedup: 1.24,
    predicted: 1.3393,
  },
  findings: [
    {
      id: "hot-slot:Arena.round",
      kind: "hot-slot",
      subject: "Arena.round",
      contract: "Arena",
      variable: "round",
      functions: ["battle(address)"],
      source: at(ARENA, 31, 5),
      remedy: {
        kind: "partitioned-counter",
        text: "Arena.round is one global counter written by battle(address): keep N partitioned counters (indexed by msg.sender) summed on read.",
      },
      tradeOff: {
        gasPerTransaction: 0,
        gasText: "about the same gas per write (one slot either way); reads that sum the partitions cost more",
        speedup: { threads: 16, now: 1.4241, fixed: 1.9634 },
      },
      edgeShare: 0.712,
      workloads: ["arena-battles"],
      acknowledged: undefined,
      storageSlot: "1:0:t_uint256",
    },
  ],
};

const parallelBattles: WorkloadReport = {
  name: "arena-battles-parallel",
  template: "gaming-battles",
  description: "The same battles on ArenaParallel: per-player state, 16 shard high scores, no global counter",
  contracts: ["ArenaParallel"],
  parameters: { accounts: 200, transactions: 1200, blockSize: 100, hotRatio: 0.2, seed: 7 },
  transactions: 1200,
  blocks: 12,
  reverted: 0,
  revertReasons: [],
  gas: 76_208_100,
  conflictDensity: 0.0431,
  criticalPathRatio: 0.0468,
  speedups: curve(0.975, 0.97, 0.81),
  hotspots: [
    hotspot({
      location: `storage:${PARALLEL_ADDRESS}:0x52bd6b3fdbd9b0cc83c5b5e4d3b1e7e5c4ff6bc6a38e4b0c8a1b28aa0fc1f3a1`,
      label: "ArenaParallel.shardHighScore[shard]",
      contract: "ArenaParallel",
      variable: "shardHighScore",
      keyRole: "shard",
      declaration: at(ARENA_PARALLEL, 37, 5),
      writtenAt: [at(ARENA_PARALLEL, 104, 13)],
      edges: 64,
      transactions: 301,
      serializedGas: 3_520_911,
      edgeShare: 0.5517,
      remedy: { kind: "none", text: "Already sharded 16 ways" },
      acknowledged: "16 shards bound contention by design",
    }),
  ],
  functionPairs: [
    { first: "ArenaParallel.battle", second: "ArenaParallel.battle", conflicts: 116, pairs: 5940, rate: 0.0195 },
    { first: "ArenaParallel.battle", second: "ArenaParallel.rest", conflicts: 6, pairs: 1188, rate: 0.0051 },
  ],
  whatIf: [],
  measured: undefined,
  findings: [],
  // The sharding section is the what-if's output on the hand-made four-apps traffic (deterministic).
  sharding: shardingWhatIf(appTraffic(), appInput()),
};

/** The failed `--check` of the fixture: two errors, an acknowledged speedup drop, an improvement. */
function fixtureCheck(): NonNullable<ParallelReport["check"]> {
  return {
    passed: false,
    findings: [
      {
        kind: "speedup-drop",
        severity: "warning",
        message:
          "arena-battles-parallel: Block-STM speedup at 16 threads 11.42x < baseline 12.10x (-5.6%, acknowledged)",
        source: undefined,
        cause: "workload:arena-battles",
        diff: { before: "12.10x at 16 threads", after: "11.42x at 16 threads" },
      },
      {
        kind: "new-always-pair",
        severity: "error",
        message: "Arena: battle(address) x battle(address) now always conflict on round",
        source: at(ARENA, 54, 5),
        cause: "workload:arena-battles",
        diff: undefined,
      },
      {
        kind: "new-hotspot",
        severity: "error",
        message: "arena-battles: new hotspot Arena.round (71.2% of dependency edges)",
        source: at(ARENA, 31, 5),
        cause: "workload:arena-battles",
        diff: { before: "6.20x at 16 threads", after: "0.99x at 16 threads" },
      },
      {
        kind: "improvement",
        severity: "notice",
        message: "arena-battles-parallel: 1 hotspot fewer than the baseline; run --update-baseline",
        source: undefined,
        cause: "workload:arena-battles",
        diff: undefined,
      },
    ],
    hint: "Fix the errors, acknowledge them with `/// @custom:parallel-allow <reason>`, or run `npx hardhat parallel-report --update-baseline` and commit the baseline.",
  };
}

/** The fixture report (a fresh object on every call). */
export function fixtureReport(): ParallelReport {
  return {
    schemaVersion: 1,
    tool: { name: "hardhat-parallel", version: "0.1.0" },
    settings: { hardfork: "prague", strategy: "block-stm", workers: 2, threads: THREADS, tolerance: 0.05 },
    summary: {
      workloads: 2,
      transactions: 2400,
      contracts: 2,
      alwaysConflictingPairs: 1,
      unknownFunctions: 0,
      soundnessMisses: 0,
      worstSpeedup16: battles.speedups.find((point) => point.threads === 16)?.blockStm,
    },
    mode: "full",
    findings: [],
    workloads: [battles, parallelBattles],
    contracts: [arena, arenaParallel],
    soundness: { checkedTransactions: 2400, misses: [] },
    check: fixtureCheck(),
    timing: { totalMs: 8123.5, phases: { compile: 0, workloads: 6210.2, analysis: 1804.1, outputs: 109.2 } },
  };
}
