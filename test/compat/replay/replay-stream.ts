/**
 * Replays one recorded request stream on a fresh pair of connections — Hardhat's network (EDR) and the parallel
 * network, both with the recorded network's settings and its `initialDate` (so recorded timestamps mean the same
 * again) — request by request, and compares each pair of answers after the fuzzer's normalisations
 * (`../fuzz/compat-replay.ts`, `../fuzz/normalise.ts`). Handles that each network picks for itself are mapped
 * from the recorded answers: snapshot, filter and subscription ids, and block hashes (which cover timestamps).
 * The replayed EDR answers are also compared with the recorded ones: where they first differ, the replay stopped
 * being faithful to the run (timing), which the report shows.
 */
import { isDeepStrictEqual } from "node:util";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";

import { comparable, firstDifference, Side } from "../fuzz/compat-replay.js";
import { outcomeOf, type Outcome } from "../helpers/compat-pair.js";

import type { Answer, RecordedRequest, RecordedStream } from "./recording.js";

/** Methods whose answer is a handle later requests name in their first parameter. */
const HANDLE_MAKERS = new Set([
  "evm_snapshot",
  "eth_newFilter",
  "eth_newBlockFilter",
  "eth_newPendingTransactionFilter",
  "eth_subscribe",
]);
const HANDLE_USERS = new Set([
  "evm_revert",
  "eth_getFilterChanges",
  "eth_getFilterLogs",
  "eth_uninstallFilter",
  "eth_unsubscribe",
]);
const HASH = /^0x[0-9a-f]{64}$/i;
/**
 * Methods only the parallel network serves (docs/COMPATIBILITY.md, "ours only"): where EDR answers -32004, the
 * answers are not compared. (`hardhat_reset` is among them: after it the two chains differ, as documented.)
 */
const OURS_ONLY = new Set([
  "eth_requestAccounts",
  "eth_createAccessList",
  "hardhat_reset",
  "eth_getBlockAccessList",
  "eth_getBlockAccessListByBlockHash",
  "eth_getBlockAccessListByBlockNumber",
  "debug_getBlockAccessList",
  "debug_getRawBlockAccessList",
  "eth_getBlockAccessListRaw",
]);

/** Requests that may mine a block (with automine on, every send does). */
const MINING = new Set(["eth_sendTransaction", "eth_sendRawTransaction", "evm_mine", "hardhat_mine"]);

/**
 * Waits for the next second when the wall clock is late in this one. Each network stamps a block with the second
 * it reads; the two read it a few milliseconds apart, and a contract that stores or emits `block.timestamp` would
 * otherwise differ by one where a second boundary falls between them (normalise.ts aligns only header fields).
 */
async function clearOfSecondBoundary(): Promise<void> {
  const ms = Date.now() % 1000;
  if (ms > 850) await new Promise((resolve) => setTimeout(resolve, 1005 - ms));
}

/** Where the two networks answered one replayed request differently. */
export interface StreamDivergence {
  readonly step: number;
  readonly method: string;
  readonly params: unknown[];
  readonly edr: Outcome;
  readonly parallel: Outcome;
  readonly where: string;
}

/** What replaying one stream found. */
export interface StreamReplay {
  readonly requests: number;
  /** Requests per method. */
  readonly methods: Map<string, number>;
  readonly divergences: StreamDivergence[];
  /** The first request whose replayed EDR answer differs from the recorded one, if any. */
  readonly unfaithful?: { readonly step: number; readonly method: string; readonly where: string };
}

/** An answer of the recording as an outcome. */
export function outcomeOfAnswer(answer: Answer): Outcome {
  if ("result" in answer) return { ok: true, result: answer.result };
  return { ok: false, code: answer.error.code, message: answer.error.message, data: answer.error.data };
}

/** Block hashes the recorded answers name, with the numbers of their blocks. */
export function recordedBlockHashes(requests: readonly RecordedRequest[]): Map<string, number> {
  const hashes = new Map<string, number>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== "object") return;
    const o = value as Record<string, unknown>;
    const number = typeof o.number === "string" ? Number(o.number) : undefined;
    if (number !== undefined && typeof o.hash === "string" && typeof o.parentHash === "string") {
      hashes.set(o.hash.toLowerCase(), number);
      if (number > 0) hashes.set(o.parentHash.toLowerCase(), number - 1);
    }
    if (typeof o.blockHash === "string" && typeof o.blockNumber === "string") {
      hashes.set(o.blockHash.toLowerCase(), Number(o.blockNumber));
    }
    Object.values(o).forEach(visit);
  };
  for (const request of requests) if ("result" in request.answer) visit(request.answer.result);
  return hashes;
}

/** One network of the replay, with its handles for the recorded ones. */
class ReplaySide {
  readonly #handles = new Map<string, string>();
  readonly side: Side;

  constructor(
    readonly connection: NetworkConnection,
    private readonly blockHashes: ReadonlyMap<string, number>,
  ) {
    this.side = new Side(connection);
  }

  /** The recorded params with this network's handles and block hashes. */
  async params(request: RecordedRequest): Promise<unknown[]> {
    const params = structuredClone(request.params);
    const first = params[0];
    if (HANDLE_USERS.has(request.method) && typeof first === "string") params[0] = this.#handles.get(first) ?? first;
    return (await this.#hashes(params)) as unknown[];
  }

  async #hashes(value: unknown): Promise<unknown> {
    if (Array.isArray(value)) return Promise.all(value.map((v) => this.#hashes(v)));
    if (value !== null && typeof value === "object") {
      const entries = Object.entries(value).map(async ([k, v]) => [k, await this.#hashes(v)] as const);
      return Object.fromEntries(await Promise.all(entries));
    }
    if (typeof value !== "string" || !HASH.test(value)) return value;
    const number = this.blockHashes.get(value.toLowerCase());
    if (number === undefined) return value;
    const block = await outcomeOf(this.connection, "eth_getBlockByNumber", [`0x${number.toString(16)}`, false]);
    const hash = block.ok ? (block.result as { hash?: unknown } | null)?.hash : undefined;
    return typeof hash === "string" ? hash : value;
  }

  /** Notes the handle this network gave for a recorded one. */
  note(request: RecordedRequest, outcome: Outcome): void {
    if (!HANDLE_MAKERS.has(request.method) || !outcome.ok || !("result" in request.answer)) return;
    if (typeof request.answer.result === "string" && typeof outcome.result === "string") {
      this.#handles.set(request.answer.result, outcome.result);
    }
  }
}

/** The network a recorded connection's EDR twin is opened on (a run on `--network parallel` used EDR's default). */
function edrNetworkOf(stream: RecordedStream): string {
  return stream.connection.network === "parallel" ? "default" : stream.connection.network;
}

/** The clock offset a connection answers (`evm_increaseTime(0)` changes nothing and answers it). */
async function clockOffset(connection: NetworkConnection): Promise<unknown> {
  const outcome = await outcomeOf(connection, "evm_increaseTime", [0]);
  return outcome.ok ? outcome.result : outcome.message;
}

/**
 * A fresh EDR connection and a fresh parallel connection for `stream`, whose clocks agree: each starts its clock
 * (whole seconds) when it opens, and when a second boundary falls between the two openings they are one second
 * apart for the whole stream — then the pair is opened again (at most three times).
 */
async function openPair(
  hre: HardhatRuntimeEnvironment,
  stream: RecordedStream,
): Promise<[NetworkConnection, NetworkConnection]> {
  const { initialDate } = stream.connection;
  const override = initialDate === undefined ? {} : { initialDate };
  for (let attempt = 1; ; attempt++) {
    await clearOfSecondBoundary();
    const edr = await hre.network.create({ network: edrNetworkOf(stream), override });
    const parallel = await hre.network.create({ network: "parallel", override });
    if (attempt === 3 || isDeepStrictEqual(await clockOffset(edr), await clockOffset(parallel))) return [edr, parallel];
    await edr.close();
    await parallel.close();
  }
}

/**
 * Replays `stream` on a fresh pair of connections of `hre`; keeps at most `limit` divergences; `observe` sees
 * both answers of every step.
 */
export async function replayStream(
  hre: HardhatRuntimeEnvironment,
  stream: RecordedStream,
  limit = 20,
  observe?: (step: number, edr: Outcome, parallel: Outcome) => void,
): Promise<StreamReplay> {
  const [edrConnection, parallelConnection] = await openPair(hre, stream);
  const hashes = recordedBlockHashes(stream.requests);
  const edr = new ReplaySide(edrConnection, hashes);
  const ours = new ReplaySide(parallelConnection, hashes);
  const methods = new Map<string, number>();
  const divergences: StreamDivergence[] = [];
  let unfaithful: StreamReplay["unfaithful"];
  try {
    for (const [step, request] of stream.requests.entries()) {
      // The plugin's own read-only methods (`parallel_*`, which its test helpers send on the parallel network)
      // are ours only: not replayed.
      if (request.method.startsWith("parallel_")) continue;
      methods.set(request.method, (methods.get(request.method) ?? 0) + 1);
      const [a, b] = await replayStep(edr, ours, request);
      observe?.(step, a, b);
      const found = await compareStep(edr, ours, request, a, b);
      if (found.where !== undefined && divergences.length < limit) {
        divergences.push({
          step,
          method: request.method,
          params: request.params,
          edr: a,
          parallel: b,
          where: found.where,
        });
      }
      if (unfaithful === undefined && found.unfaithful !== undefined) {
        unfaithful = { step, method: request.method, where: found.unfaithful };
      }
    }
  } finally {
    await edrConnection.close();
    await parallelConnection.close();
  }
  const requests = [...methods.values()].reduce((sum, n) => sum + n, 0);
  return { requests, methods, divergences, unfaithful };
}

/** Sends one recorded request to both networks (each with its own handles) and notes the handles they give. */
async function replayStep(edr: ReplaySide, ours: ReplaySide, request: RecordedRequest): Promise<[Outcome, Outcome]> {
  const edrParams = await edr.params(request);
  const parallelParams = await ours.params(request);
  if (MINING.has(request.method)) await clearOfSecondBoundary();
  const a = await outcomeOf(edr.connection, request.method, edrParams);
  const b = await outcomeOf(ours.connection, request.method, parallelParams);
  edr.note(request, a);
  ours.note(request, b);
  return [a, b];
}

/** Where the two answers differ, and where EDR's differs from the recorded one (ours-only methods left out). */
async function compareStep(
  edr: ReplaySide,
  ours: ReplaySide,
  request: RecordedRequest,
  a: Outcome,
  b: Outcome,
): Promise<{ where?: string; unfaithful?: string }> {
  const { method } = request;
  if (OURS_ONLY.has(method) && !a.ok && a.code === -32004) return {};
  const [left, right] = comparable(
    method,
    await edr.side.withBlockNumbers(method, a),
    await ours.side.withBlockNumbers(method, b),
  );
  const where = firstDifference(left, right);
  if (method === "eth_getFilterChanges") return { where };
  const [recorded, replayed] = comparable(method, outcomeOfAnswer(request.answer), a);
  return { where, unfaithful: firstDifference(recorded, replayed) };
}
