/**
 * Runs one workload on a fresh parallel-network chain: setup (deploy, fund), then the transaction stream in
 * blocks of `blockSize` (automine off, sends, `evm_mine`). From each mined block it keeps what the analyses
 * need — per transaction the recorded read/write/delta sets, gas used, sender, contract and function — the
 * call frames and storage accesses for the analyzer's soundness check, and the revert reasons.
 */
import type { ExecutedTransaction } from "../../analyzer/index.js";

import type { ExecutedTx } from "../../runtime/exec/block-execution.js";
import { ExecutionObserver } from "../../runtime/evm/execution-observer.js";
import { executionRecord, type ExecutionRecord } from "../../runtime/execution-record.js";
import { createParallelNetwork } from "../../runtime/network/parallel-network.js";
import type { ParallelProvider } from "../../runtime/rpc/parallel-provider.js";
import { toHex } from "../../runtime/util/hex.js";
import { PART_SEPARATOR, PhaseTimer } from "../phase-timer.js";
import type { BlockTrace } from "./block-trace.js";
import { revertReasonOf } from "./revert-reason.js";
import { measureFirstBlock, type MeasuredRun, type MeasureOptions, type MeasureToggle } from "./measure-block.js";
import type { MeasureGate } from "./measure-lock.js";
import type { ShardedMeasurement } from "./sharded-measure.js";
import { executedTransaction, selectorOf, txTrace, type RecordNames } from "./record-views.js";

import type { WorkloadDefinition, WorkloadParams, WorkloadTx } from "../workloads/define-workload.js";
import { RuntimeWorkloadApi, WORKLOAD_TX_GAS, type ArtifactLoader } from "../workloads/runtime-workload-api.js";

/** Everything a workload run produced. */
export interface WorkloadRun {
  readonly blocks: BlockTrace[];
  readonly transactions: number;
  readonly reverted: number;
  readonly revertReasons: Map<string, number>;
  /** Address → contract name of everything the workload deployed or attached. */
  readonly deployments: Record<string, string>;
  /**
   * The code at each deployment's address (lowercase) after the stream: its immutables value the analysis'
   * keys computed from them in the precision oracle (`deployedImmutables`).
   */
  readonly codes?: Readonly<Record<string, string>>;
  /**
   * The address the tests saw and the connection (1-based) behind each per-connection address a test-run
   * profile gives an address that names different contracts in different connections.
   */
  readonly aliases?: Readonly<Record<string, AddressAlias>>;
  readonly executed: ExecutedTransaction[];
  /** Wall time spent mining the stream's blocks. */
  readonly miningMs: number;
  /** Wall time of each stream block's mining. */
  readonly blockMs: readonly number[];
  /** The parallel executor's re-run of the stream's first block, when measured. */
  readonly measured?: MeasuredRun;
  /** The sharded executor measured on the stream's first block against sequential mining, when measured. */
  readonly sharded?: ShardedMeasurement;
  /**
   * Executed transactions grouped by chain, when they come from several chains whose addresses overlap (a
   * test-run profile has one chain per connection); `deployments`/`executed` then only hold what all agree on.
   */
  readonly chains?: ReadonlyArray<{
    readonly deployments: Record<string, string>;
    readonly executed: ExecutedTransaction[];
    readonly codes?: Readonly<Record<string, string>>;
  }>;
}

/** What a per-connection address of a test-run profile stands for. */
export interface AddressAlias {
  readonly address: string;
  readonly connection: number;
}

/** Progress callback: transactions done of total. */
export type Progress = (done: number, total: number) => void;

/** Genesis time of workload chains (2024-01-01T00:00:00Z). */
const WORKLOAD_GENESIS = 1_704_067_200n;

/** Options of a run. */
export interface RunOptions {
  readonly hardfork: string;
  readonly artifacts: ArtifactLoader;
  readonly progress?: Progress;
  readonly measure?: MeasureOptions;
  /** Receives the wall time of the run's parts (`run workloads › setup`...), when given. */
  readonly timer?: PhaseTimer;
  /** When other threads record workloads at the same time: keeps the measured minings alone (measure-lock.ts). */
  readonly gate?: MeasureGate;
}

/** Phase name of a part of running the workloads. */
function part(name: string): string {
  return `run workloads${PART_SEPARATOR}${name}`;
}

function parseErrorSafely(api: RuntimeWorkloadApi, contract: string, data: Uint8Array): { name: string } | null {
  try {
    return api.interfaceOf(contract)?.parseError(toHex(data)) ?? null;
  } catch {
    return null;
  }
}

function revertReason(api: RuntimeWorkloadApi, e: ExecutedTx): string {
  if (e.error !== "revert") return e.error ?? "failed";
  const contract = e.tx.to === undefined ? undefined : api.nameAt(toHex(e.tx.to.bytes));
  return revertReasonOf(e.returnValue, (data) =>
    contract === undefined ? undefined : parseErrorSafely(api, contract, data)?.name,
  );
}

function namesOf(api: RuntimeWorkloadApi, record: ExecutionRecord): RecordNames {
  const contract = record.to === null ? undefined : api.nameAt(record.to);
  const selector = selectorOf(record);
  const fn = contract === undefined || selector === undefined ? undefined : api.functionNameOf(contract, selector);
  return { contract, function: fn };
}

async function send(provider: ParallelProvider, api: RuntimeWorkloadApi, tx: WorkloadTx): Promise<void> {
  const request: Record<string, string> = {
    from: tx.from,
    to: tx.to.address,
    data: api.encode(tx.to, tx.function, tx.args ?? []),
    gas: `0x${WORKLOAD_TX_GAS.toString(16)}`,
  };
  if (tx.value !== undefined) request.value = `0x${tx.value.toString(16)}`;
  await provider.request({ method: "eth_sendTransaction", params: [request] });
}

/** Runs `definition` with `params` on a fresh chain. */
export async function runWorkload(
  definition: WorkloadDefinition<unknown>,
  params: WorkloadParams,
  options: RunOptions,
): Promise<WorkloadRun> {
  const toggle: MeasureToggle = { parallel: false, runtime: undefined };
  const measure = options.measure;
  const timer = options.timer ?? new PhaseTimer();
  const network = await timer.time(part("start chain"), () =>
    createParallelNetwork({
      // A simulated clock from a fixed genesis: the same workload gives the same blocks and gas on every run.
      chain: { hardfork: options.hardfork, genesisTimestamp: WORKLOAD_GENESIS, simulatedClock: true },
      runtime: measure?.runtime ?? { strategy: "sequential", workers: 1 },
      parallelWhen: () => toggle.parallel && measure !== undefined,
      runtimeNow: () => toggle.runtime,
      log: () => {},
    }),
  );
  const provider = network.provider;
  const ungate = options.gate === undefined ? undefined : gateRequests(provider, options.gate);
  try {
    const api = new RuntimeWorkloadApi(provider, options.artifacts, params, definition.options ?? {});
    const { state, snapshot } = await timer.time(part("setup"), async () => {
      await api.prepare();
      const state = await definition.setup(api);
      return { state, snapshot: (await provider.request({ method: "evm_snapshot" })) as string };
    });
    const run = await mineStream(provider, api, definition, state, params, options.progress, timer);
    if (measure === undefined) return run;
    const block = firstBlock(provider, run);
    await options.gate?.acquire();
    try {
      const { measured, sharded } = await measureFirstBlock(provider, snapshot, block, toggle, measure, timer);
      return { ...run, sharded, measured };
    } finally {
      options.gate?.release();
    }
  } finally {
    ungate?.();
    await timer.time(part("close chain"), () => network.close());
  }
}

/** Makes every request to `provider` step through `gate` first; returns the undo. */
function gateRequests(provider: ParallelProvider, gate: MeasureGate): () => void {
  const request = provider.request;
  provider.request = async (args) => {
    await gate.step();
    return request.call(provider, args);
  };
  return () => {
    provider.request = request;
  };
}

/** The executed transactions of the stream's first block (the one the measured re-runs mine again). */
function firstBlock(provider: ParallelProvider, run: Omit<WorkloadRun, "measured">): ExecutedTx[] {
  const chain = provider.chain;
  const first = chain.latest.number - BigInt(run.blocks.length) + 1n;
  return [...(chain.blockByNumber(first)?.executed ?? [])];
}

async function mineStream(
  provider: ParallelProvider,
  api: RuntimeWorkloadApi,
  definition: WorkloadDefinition<unknown>,
  state: unknown,
  params: WorkloadParams,
  progress: Progress | undefined,
  timer: PhaseTimer,
): Promise<WorkloadRun> {
  const run = {
    blocks: [] as BlockTrace[],
    reverted: 0,
    revertReasons: new Map<string, number>(),
    executed: [] as ExecutedTransaction[],
  };
  // Call frames, and the preimages of mapping and array slots (keccak(key . slot) / keccak(slot)): they let the
  // soundness check verify accesses whose keys the summary leaves open.
  const observer = new ExecutionObserver({ preimages: true });
  observer.attach(provider.chain.context);
  await provider.request({ method: "evm_setAutomine", params: [false] });
  let miningMs = 0;
  const blockMs: number[] = [];
  let index = 0;
  while (index < params.transactions) {
    const size = Math.min(params.blockSize, params.transactions - index);
    await timer.time(part("send"), async () => {
      for (let i = 0; i < size; i++) await send(provider, api, definition.next(api, state, index + i));
    });
    observer.clear();
    const started = performance.now();
    await provider.request({ method: "evm_mine", params: [] });
    const ms = performance.now() - started;
    blockMs.push(ms);
    miningMs += ms;
    timer.add(part("mine"), ms);
    const recordStarted = performance.now();
    const executed = provider.chain.latest.executed;
    const seen = observer.take(executed.length);
    const records = executed.map((e, i) => executionRecord(e, seen[i]));
    run.blocks.push({ number: run.blocks.length, transactions: records.map((r, i) => txTrace(r, i, namesOf(api, r))) });
    records.forEach((r, i) => run.executed.push(executedTransaction(r, executed[i]?.access.reads)));
    executed.forEach((e) => {
      if (e.status === 1) return;
      run.reverted++;
      const reason = revertReason(api, e);
      run.revertReasons.set(reason, (run.revertReasons.get(reason) ?? 0) + 1);
    });
    timer.add(part("record"), performance.now() - recordStarted);
    index += size;
    progress?.(index, params.transactions);
  }
  observer.detach();
  const deployments = api.deployments();
  const codes = await deployedCodes(provider, deployments);
  return { ...run, transactions: index, deployments, codes, miningMs, blockMs };
}

/** The code at each deployment's address (lowercase), as the chain holds it. */
async function deployedCodes(provider: ParallelProvider, deployments: Record<string, string>) {
  const codes: Record<string, string> = {};
  for (const address of Object.keys(deployments)) {
    const code = await provider.request({ method: "eth_getCode", params: [address, "latest"] });
    if (typeof code === "string") codes[address.toLowerCase()] = code;
  }
  return codes;
}
