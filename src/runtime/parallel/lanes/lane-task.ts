/**
 * What crosses the thread boundary, and nothing more: a lane task (the block environment, the lane's
 * transactions with their already-known senders (wire-tx.ts), the replica sync payload) and its reply (per
 * transaction the receipt data and access sets, without the transaction object the main thread already has).
 * Everything here is structured-clone friendly: bigints, strings, byte arrays, Maps.
 */
import type { MessagePort } from "node:worker_threads";

import type { TypedTransaction } from "@ethereumjs/tx";

import { environmentOf, type BlockEnvironment } from "../../chain/block-assembly.js";
import type { BlockExecutionInput, ExecutedTx } from "../../exec/block-execution.js";
import { effectiveGasPrice } from "../../exec/run-transaction.js";
import type { AddressHex, TxIndex } from "../../vocabulary.js";

import type { PackedOutcome } from "./packed-outcomes.js";
import type { SpeculativeOutcome } from "./speculative-lane.js";
import type { SyncPayload } from "./state-sync.js";
import { toWireTxs, type WireTxs } from "./wire-tx.js";

/** Test-only fault injection: what a worker does after executing `afterTxs` transactions of its lane. */
export interface FaultInjection {
  readonly kind: "throw" | "exit" | "hang";
  readonly afterTxs: number;
}

/** One lane of one block for a worker. */
export interface LaneTask {
  readonly chainId: bigint;
  readonly hardfork: string;
  /** The project's `allowUnlimitedContractSize`. */
  readonly unlimitedContractSize: boolean;
  readonly sync: SyncPayload;
  readonly env: BlockEnvironment;
  readonly txs: WireTxs;
  readonly lazyCoinbase: AddressHex | undefined;
  readonly fault: FaultInjection | undefined;
  /** Shared progress counter the worker bumps as it starts and after each transaction (set by LanePool). */
  readonly progress?: Int32Array;
  /** Shared count of the lane's transactions the worker may start; the main thread lowers it to steal the tail. */
  readonly limit?: Int32Array;
  /** Where the worker streams its outcomes in chunks while it runs, and the counter it bumps per chunk (lane-stream.ts). */
  readonly chunks?: MessagePort;
  readonly posted?: Int32Array;
}

/** A speculative outcome on the wire. */
export type WireOutcome =
  | { readonly kind: "executed"; readonly result: Omit<ExecutedTx, "tx"> }
  | { readonly kind: "invalid"; readonly message: string }
  | { readonly kind: "deferred"; readonly reason: string };

/** A worker's answer. */
export type LaneReply =
  | { readonly kind: "stale"; readonly threadId: number }
  | {
      readonly kind: "done";
      readonly threadId: number;
      readonly stateId: number;
      readonly version: number;
      /** The outcomes not streamed in chunks, from lane offset `from` on (packed-outcomes.ts). */
      readonly outcomes: PackedOutcome[];
      readonly bytes: Uint8Array;
      readonly from: number;
      readonly executeMs: number;
      /** CPU time of the worker thread on this task, replica sync included. */
      readonly cpuMs: number;
      /** Of which bringing the replica up to date (the task's sync payload). */
      readonly syncCpuMs: number;
      /** When the task arrived and when the lane finished, in ms since the epoch (comparable across threads). */
      readonly startedAt: number;
      readonly finishedAt: number;
    };

/** The environment a header-only block was built from (the chain's definition, re-exported for workers). */
export { environmentOf } from "../../chain/block-assembly.js";

/** The task of one worker lane: its transactions (block positions) with their shared counters. */
export function laneTask(
  input: BlockExecutionInput,
  lane: { readonly txs: readonly TxIndex[]; readonly progress: Int32Array; readonly limit: Int32Array },
  sync: SyncPayload,
  unlimitedContractSize: boolean,
  fault: FaultInjection | undefined,
): LaneTask {
  const common = input.envBlock.common;
  return {
    chainId: common.chainId(),
    hardfork: common.hardfork(),
    unlimitedContractSize,
    sync,
    env: environmentOf(input.envBlock),
    txs: toWireTxs(lane.txs.map((j) => input.transactions[j] as TypedTransaction)),
    lazyCoinbase: input.lazyCoinbase,
    fault,
    progress: lane.progress,
    limit: lane.limit,
  };
}

/** A speculative outcome for the wire. */
export function toWireOutcome(outcome: SpeculativeOutcome): WireOutcome {
  if (outcome.kind !== "executed") return outcome;
  const { tx: _tx, ...result } = outcome.result;
  return { kind: "executed", result };
}

/** A speculative outcome back from the wire, re-attached to the main thread's transaction object. */
export function fromWireOutcome(wire: WireOutcome, tx: TypedTransaction, baseFee: bigint): SpeculativeOutcome {
  if (wire.kind !== "executed") return wire;
  return { kind: "executed", result: { ...wire.result, tx, effectiveGasPrice: effectiveGasPrice(tx, baseFee) } };
}

/** The environment of the warm-up task (it runs no transaction). */
export const WARM_UP_ENV: BlockEnvironment = {
  number: 1n,
  parentHash: new Uint8Array(32),
  timestamp: 0n,
  coinbase: "0x0000000000000000000000000000000000000000",
  gasLimit: 30_000_000n,
  baseFeePerGas: 0n,
  prevRandao: new Uint8Array(32),
};
