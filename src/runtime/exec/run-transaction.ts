/**
 * Runs one transaction of a block against a state view and turns @ethereumjs's result into an `ExecutedTx`
 * (receipt data plus recorded accesses) — or a `SkippedTx` when it cannot run (bad nonce, not enough funds).
 * Every executor, sequential or parallel, runs transactions through this one function.
 */
import type { Block } from "@ethereumjs/block";
import { Capability, type TypedTransaction } from "@ethereumjs/tx";
import { runTx } from "@ethereumjs/vm";

import type { EvmContext } from "../evm/evm-context.js";
import type { StateView } from "../state/account-data.js";
import type { FlatState } from "../state/flat-state.js";
import { toHex } from "../util/hex.js";
import { cachedHex } from "../util/hex-cache.js";
import { type AccessSets, type AddressHex, keyAddress } from "../vocabulary.js";

import { isGasLimitUnenforced } from "./block-gas.js";
import type { EvmLog, ExecutedTx, SkippedTx } from "./block-execution.js";

/** The price per gas a transaction actually pays in a block with `baseFee`. */
export function effectiveGasPrice(tx: TypedTransaction, baseFee: bigint): bigint {
  if (tx.supports(Capability.EIP1559FeeMarket)) {
    const t = tx as TypedTransaction & { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };
    const tip = t.maxFeePerGas - baseFee < t.maxPriorityFeePerGas ? t.maxFeePerGas - baseFee : t.maxPriorityFeePerGas;
    return baseFee + tip;
  }
  return (tx as TypedTransaction & { gasPrice: bigint }).gasPrice;
}

/**
 * The recipient of `tx` when it is a plain value transfer whose credit can be a lazy delta: a call with
 * value and no data, of type 0–2, to an address other than the sender and the precompiles (TxState also
 * checks that the recipient has no code).
 */
export function plainTransferRecipient(tx: TypedTransaction, sender: AddressHex): AddressHex | undefined {
  if (tx.to === undefined || tx.data.length > 0 || tx.value === 0n || tx.type > 2) return undefined;
  const to = cachedHex(tx.to.bytes);
  return to === sender || BigInt(to) <= 0xffffn ? undefined : to;
}

/** Runs `tx` over `view` with the given cumulative gas of the block so far. */
export async function runTransaction(
  context: EvmContext,
  view: StateView,
  tx: TypedTransaction,
  envBlock: Block,
  blockGasUsed: bigint,
  lazyCoinbase: AddressHex | undefined,
  lazyRecipients = false,
): Promise<ExecutedTx | SkippedTx> {
  const sender = cachedHex(tx.getSenderAddress().bytes);
  const lazyRecipient = lazyRecipients ? plainTransferRecipient(tx, sender) : undefined;
  context.txState.begin(view, { lazyCoinbase, lazyRecipient, sender });
  let result;
  try {
    result = await runTx(context.vm, {
      tx,
      block: envBlock,
      blockGasUsed,
      skipHardForkValidation: true,
      skipBlockGasLimitValidation: isGasLimitUnenforced(envBlock),
    });
  } catch (error) {
    return { tx, reason: "invalid", message: error instanceof Error ? error.message : String(error) };
  }
  const access = context.txState.finish();
  const exec = result.execResult;
  return {
    tx,
    sender: cachedHex(tx.getSenderAddress().bytes),
    gasUsed: result.totalGasSpent,
    status: exec.exceptionError === undefined ? 1 : 0,
    logs: (exec.logs ?? []) as EvmLog[],
    createdAddress: result.createdAddress === undefined ? undefined : toHex(result.createdAddress.bytes),
    returnValue: exec.returnValue,
    error: exec.exceptionError?.error,
    effectiveGasPrice: effectiveGasPrice(tx, envBlock.header.baseFeePerGas ?? 0n),
    receipt: result.receipt,
    access,
  };
}

/** Commits one transaction's accesses to the flat state: its writes, then its deltas. */
export function applyAccessSets(state: FlatState, access: AccessSets): void {
  state.apply(access.writes, access.codes);
  if (access.deltas.size === 0) return;
  const resolved = new Map<string, bigint>();
  for (const [key, delta] of access.deltas) {
    const address = keyAddress(key);
    resolved.set(key, (state.account(address)?.balance ?? 0n) + delta);
  }
  state.apply(resolved);
}

/** Whether an outcome is a skipped transaction. */
export function isSkipped(outcome: ExecutedTx | SkippedTx): outcome is SkippedTx {
  return "reason" in outcome;
}
