/**
 * debug_traceTransaction with the default struct-log tracer: the transaction is re-executed over the state it
 * saw (the block's pre-state plus the writes and deltas of the transactions before it, all recorded) with
 * the EVM's step event on, and each step is reported as geth reports it.
 */
import { runTx } from "@ethereumjs/vm";

import type { Chain } from "../../chain/chain.js";
import { OverlayView } from "../../state/overlay-view.js";
import { toHex } from "../../util/hex.js";
import type { LocationKey, LocationValue } from "../../vocabulary.js";
import { refused } from "../rpc-error.js";

interface StepEvent {
  pc: number;
  opcode: { name: string; fee: number; dynamicFee?: bigint };
  gasLeft: bigint;
  depth: number;
  stack: bigint[];
  memory: Uint8Array;
  memoryWordCount: bigint;
}

interface TraceOptions {
  disableStack: boolean;
  disableMemory: boolean;
}

function traceOptions(raw: unknown): TraceOptions {
  const o = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  return { disableStack: o.disableStack === true, disableMemory: o.disableMemory === true && o.enableMemory !== true };
}

function structLog(step: StepEvent, options: TraceOptions): Record<string, unknown> {
  const log: Record<string, unknown> = {
    pc: step.pc,
    op: step.opcode.name,
    gas: Number(step.gasLeft),
    gasCost: step.opcode.fee + Number(step.opcode.dynamicFee ?? 0n),
    depth: step.depth + 1,
  };
  if (!options.disableStack) log.stack = step.stack.map((v) => `0x${v.toString(16)}`);
  if (!options.disableMemory) {
    const words: string[] = [];
    const length = Number(step.memoryWordCount) * 32;
    for (let i = 0; i < length; i += 32)
      words.push(
        toHex(step.memory.subarray(i, i + 32))
          .slice(2)
          .padEnd(64, "0"),
      );
    log.memory = words;
  }
  return log;
}

/** Traces a mined transaction. */
export async function traceTransaction(chain: Chain, hash: string, rawOptions: unknown): Promise<unknown> {
  const location = chain.txLocation(hash);
  const stored = location === undefined ? undefined : chain.blockByNumber(location.blockNumber);
  const executed = location === undefined ? undefined : stored?.executed[location.index];
  if (location === undefined || stored === undefined || executed === undefined)
    throw refused(`Unable to find a block containing transaction ${hash}`);
  const parent = chain.blockByNumber(stored.number - 1n);
  const pre = parent === undefined ? chain.state : chain.state.viewAt(parent.stateMark);
  const changes = new Map<LocationKey, LocationValue>();
  const codes = new Map<string, Uint8Array>();
  for (const e of stored.executed.slice(0, location.index)) {
    for (const [k, v] of e.access.writes) changes.set(k, v);
    for (const [k, c] of e.access.codes) codes.set(k, c);
    for (const [k, d] of e.access.deltas) {
      const address = k.slice("balance:".length);
      changes.set(k, ((changes.get(k) as bigint | undefined) ?? pre.account(address)?.balance ?? 0n) + d);
    }
  }
  const view = new OverlayView(pre, changes, codes);
  const options = traceOptions(rawOptions);
  const logs: Array<Record<string, unknown>> = [];
  const { vm, txState } = chain.context;
  const listener = (step: StepEvent): void => {
    logs.push(structLog(step, options));
  };
  vm.evm.events?.on("step", listener);
  try {
    txState.begin(view);
    const result = await runTx(vm, {
      tx: executed.tx,
      block: stored.block,
      skipHardForkValidation: true,
      skipBlockGasLimitValidation: true,
    });
    return {
      gas: Number(result.totalGasSpent),
      failed: result.execResult.exceptionError !== undefined,
      returnValue: toHex(result.execResult.returnValue).slice(2),
      structLogs: logs,
    };
  } finally {
    vm.evm.events?.off("step", listener);
  }
}
