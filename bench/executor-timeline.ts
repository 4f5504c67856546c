/**
 * Timeline of warm 1,000-ERC20-transfer Block-STM blocks on 2 threads (`node --import tsx/esm
 * bench/executor-timeline.ts [blocks]`): per phase of the main thread (dispatch, the overlapped probe, the main
 * lane, stolen tails, the in-order commit with its waiting and applying, the state root, garbage collection) its
 * wall and thread-CPU milliseconds, and the worker lane's (start latency, replica sync, execution, the answer's
 * way back) on the same clock; sequential blocks interleaved for the comparison. Means over the measured
 * blocks, after 10 warm-up blocks; JSON to stdout. Where E1's time goes (issue 14), not a goal check.
 */
import { loadavg } from "node:os";
import { PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";
import { Worker } from "node:worker_threads";

import type { Interface } from "ethers";

import type { BlockExecutor } from "../src/runtime/exec/block-execution.js";
import { threadCpuMs, type ParallelExecutionStats } from "../src/runtime/parallel/execution-stats.js";
import type { WorkerLaneTiming } from "../src/runtime/parallel/lanes/lane-balance.js";
import { ParallelExecution } from "../src/runtime/parallel/parallel-execution.js";
import { fromHex } from "../src/runtime/util/hex.js";
import { COINBASES, createWorld, runBlock, tx, type FuzzWorld } from "../test/runtime/parallel/helpers/fuzz-world.js";

import { median, round } from "./stats.js";

const N = 1000;
const BLOCKS = Number(process.argv[2] ?? 20) || 20;
const WARM_UP = 10;
const coinbase = COINBASES[0] ?? "";
/** The engine variants compared (the main lane speculative, or in place when it is the block's prefix). */
const VARIANTS = ["speculative prefix", "exact prefix"];
/** `--always`: no loss guard (every block in parallel, the probe before the lanes); default the real executor. */
const ALWAYS = process.argv.includes("--always");

const gcLog: PerformanceEntry[] = [];
const gcObserver = new PerformanceObserver((list) => gcLog.push(...list.getEntries()));
gcObserver.observe({ entryTypes: ["gc"] });

interface Mark {
  readonly label: string;
  readonly at: number;
  readonly cpu: number;
}

function transfers(w: FuzzWorld) {
  const token = w.interfaces.Token as Interface;
  return w.accounts.slice(0, N).map((from, i) => {
    const to = `0x${(0xbeef0000 + i).toString(16).padStart(40, "0")}`;
    return tx(w, from, w.contracts.Token, fromHex(token.encodeFunctionData("transfer", [to, 1n])), 0n, 80_000n);
  });
}

/** One block: its marks (ms since the block started, main-thread CPU ms since then), worker timings, stats. */
async function block(
  w: FuzzWorld,
  executor: BlockExecutor,
  txs: ReturnType<typeof transfers>,
  marks: Mark[],
  workers: WorkerLaneTiming[],
): Promise<Record<string, number | string>> {
  marks.length = 0;
  workers.length = 0;
  const t0 = performance.now();
  const p0 = process.cpuUsage();
  const c0 = threadCpuMs();
  const result = await runBlock(w, executor, txs, coinbase, 200_000_000n);
  const executed = { at: performance.now(), cpu: threadCpuMs() };
  w.state.stateRoot();
  const end = { at: performance.now(), cpu: threadCpuMs() };
  const processCpu = process.cpuUsage(p0);
  await new Promise((resolve) => setImmediate(resolve));
  gcLog.push(...gcObserver.takeRecords());
  const gcMs = gcLog.filter((e) => e.startTime >= t0 && e.startTime < end.at).reduce((a, e) => a + e.duration, 0);
  gcLog.length = 0;
  const stats = result.stats as ParallelExecutionStats;
  const row: Record<string, number | string> = { strategy: stats.strategy, wallMs: end.at - t0, cpuMs: end.cpu - c0 };
  // Every thread of the process: the worker lanes, and V8's GC helpers and background compiler.
  row.processCpuMs = (processCpu.user + processCpu.system) / 1000;
  let previous = { at: t0, cpu: c0 };
  for (const m of marks) {
    row[`${m.label} wall`] = m.at - previous.at;
    row[`${m.label} cpu`] = m.cpu - previous.cpu;
    previous = m;
  }
  row["after engine wall"] = executed.at - previous.at;
  row["after engine cpu"] = executed.cpu - previous.cpu;
  row["root wall"] = end.at - executed.at;
  row["root cpu"] = end.cpu - executed.cpu;
  row.gcMs = gcMs;
  if (stats.strategy !== "sequential") {
    const t = stats.timings;
    Object.assign(row, { waitMs: t.waitMs, applyMs: t.applyMs, probeMs: t.probeMs, stolen: stats.stolen });
    Object.assign(row, {
      workerCpuMs: t.workerCpuMs,
      workerSyncCpuMs: t.workerSyncCpuMs,
      mainLane: stats.laneSizes[0] ?? 0,
    });
    Object.assign(row, { reExecutions: stats.reExecutions });
  }
  const origin = performance.timeOrigin + t0;
  for (const [k, wt] of workers.entries()) {
    row[`w${k} dispatched`] = wt.dispatchedAt - origin;
    row[`w${k} started`] = wt.startedAt - origin;
    row[`w${k} finished`] = wt.finishedAt - origin;
    row[`w${k} answered`] = wt.answeredAt - origin;
    row[`w${k} executeMs`] = wt.executeMs;
    row[`w${k} txs`] = wt.txs;
  }
  return row;
}

/** The sequential executor while another thread of the process runs JavaScript: the cost of sharing the cores. */
const BESIDE_BUSY = "sequential beside a busy thread";

/**
 * A thread that, while `flag[0]` is 1, allocates and hashes like an interpreter (Maps, bigints, small byte
 * arrays) — what a worker lane does, without its EVM: the sequential executor beside it measures what two
 * threads of one process on this machine's 2 cores cost each other (caches, memory, V8's shared GC helpers).
 */
function busyThread(): { worker: Worker; flag: Int32Array } {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const source = `const { workerData: flag } = require("node:worker_threads");
    const m = new Map(); let acc = 0n;
    for (;;) {
      Atomics.wait(flag, 0, 0);
      for (let i = 0; Atomics.load(flag, 0) === 1; i++) {
        const k = "0x" + (i % 5000).toString(16);
        const v = (m.get(k) ?? 0n) + BigInt(i);
        m.set(k, v); acc ^= v;
        const a = new Uint8Array(32); a[i & 31] = i; acc += BigInt(a[i & 31]);
      }
    }`;
  return { worker: new Worker(source, { eval: true, workerData: flag }), flag };
}

function besideBusyThread(sequential: BlockExecutor, flag: Int32Array): BlockExecutor {
  return {
    async execute(input) {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
      try {
        return await sequential.execute(input);
      } finally {
        Atomics.store(flag, 0, 0);
      }
    },
  };
}

/** Means (they add up across phases, medians do not), with the medians of the block's wall and CPU time. */
function summary(rows: ReadonlyArray<Record<string, number | string>>): Record<string, number | string> {
  const out: Record<string, number | string> = { blocks: rows.length };
  for (const key of new Set(rows.flatMap((r) => Object.keys(r)))) {
    const values = rows.map((r) => r[key] ?? 0);
    if (typeof values[0] !== "number") out[key] = String(values[0]);
    else out[key] = round(values.reduce<number>((a, b) => a + Number(b), 0) / values.length, 2);
  }
  out["wallMs median"] = round(median(rows.map((r) => Number(r.wallMs))), 2);
  out["cpuMs median"] = round(median(rows.map((r) => Number(r.cpuMs))), 2);
  return out;
}

async function main(): Promise<void> {
  const w = await createWorld(N + 1);
  const marks: Mark[] = [];
  const workers: WorkerLaneTiming[] = [];
  const runtimes = VARIANTS.map((variant) => {
    const runtime = new ParallelExecution({ strategy: "block-stm", workers: 2 });
    runtime.engine.exactPrefix = variant === "exact prefix";
    runtime.engine.timeline = (label, worker) => {
      if (worker !== undefined) workers.push(worker);
      else marks.push({ label, at: performance.now(), cpu: threadCpuMs() });
    };
    return runtime;
  });
  const mark = w.state.mark();
  const txs = transfers(w);
  for (const runtime of runtimes) {
    for (let b = 0; b < WARM_UP; b++) {
      await block(w, runtime.warmUpExecutor(w.sequential), txs, marks, workers);
      w.state.rollback(mark);
    }
  }
  const busy = busyThread();
  const configs: Array<[string, BlockExecutor]> = [
    ["sequential", w.sequential],
    ["sequential twin", w.sequential],
    [BESIDE_BUSY, besideBusyThread(w.sequential, busy.flag)],
  ];
  runtimes.forEach((r, k) =>
    configs.push([VARIANTS[k] ?? "", ALWAYS ? r.warmUpExecutor(w.sequential) : r.executorFor(w.sequential)]),
  );
  const rows = new Map<string, Array<Record<string, number | string>>>(configs.map(([name]) => [name, []]));
  const load = [loadavg()[0] ?? 0];
  // Each sample's [configuration, start, end] in µs of the monotonic clock a --cpu-prof profile uses.
  const windows: Array<[string, number, number]> = [];
  for (let b = 0; b < BLOCKS; b++) {
    for (let k = 0; k < configs.length; k++) {
      const [name, executor] = configs[(b + k) % configs.length] ?? ["", w.sequential];
      const from = process.hrtime.bigint() / 1000n;
      rows.get(name)?.push(await block(w, executor, txs, marks, workers));
      windows.push([name, Number(from), Number(process.hrtime.bigint() / 1000n)]);
      w.state.rollback(mark);
    }
  }
  load.push(loadavg()[0] ?? 0);
  for (const r of runtimes) await r.close();
  await busy.worker.terminate();
  const out: Record<string, unknown> = { load };
  if (process.argv.includes("--windows")) out.windows = windows;
  for (const [name, list] of rows) {
    const parallel = list.filter((r) => r.strategy !== "sequential");
    out[name] = summary(name.startsWith("sequential") ? list : parallel);
    if (!name.startsWith("sequential"))
      out[`${name}: blocks the loss guard ran sequentially`] = list.length - parallel.length;
  }
  console.log(JSON.stringify(out, null, 2));
}

await main();
