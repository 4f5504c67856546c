/**
 * The synchronous twin of @ethereumjs's SSTORE gas handler (EIP-2200 with EIP-2929, Istanbul and later), for a
 * state manager that reads words without a promise (`TxState.storageWord`/`originalWord`). @ethereumjs's handler
 * is `async`: every SSTORE left the synchronous loop (`sync-steps.ts`), read the current and the original value
 * through two awaited storage loads, and padded the values with array spreads (`setLengthLeftStorage`): in
 * `bench/executor-alloc.ts`, ≈ 12 KB of the 132 KB a transfer allocated. Here the values stay words:
 * `setLengthLeftStorage` makes zero empty and anything else a 32-byte word, so two padded values are equal
 * exactly when the words are, and a padded value is empty exactly when its word is 0.
 *
 * The statements are @ethereumjs 10.1's (`opcodes/gas.js` SSTORE, `EIP2200.updateSstoreGasEIP2200`,
 * `EIP2929.adjustSstoreGasEIP2929`/`accessStorageEIP2929`), in the same order: the same reads (current, then
 * original), the same warm-slot checks and warming, the same refunds, the same errors. It declines (undefined:
 * @ethereumjs's handler runs) before doing anything for what it does not repeat: EIP-7928 access lists, EIP-8038,
 * EIP-6800/7864, Constantinople's EIP-1283 and hardforks before Istanbul, a state manager without word reads.
 */
import { EVMError } from "@ethereumjs/evm";

import type { GasCommon, GasRunState } from "./sync-gas.js";
import { wordBytes } from "./word-opcodes.js";

/** What the twin reads of a `Common` beyond the other twins. */
export interface SstoreCommon extends GasCommon {
  hardfork(): string;
  gteHardfork(hardfork: string): boolean;
}

interface Address {
  readonly bytes: Uint8Array;
}

/** A state manager that reads storage words at once (`TxState`). */
interface WordReads {
  storageWord(address: Address, key: Uint8Array): bigint;
  originalWord(address: Address, key: Uint8Array): bigint;
}

/** What the twin reads of the run state beyond the other twins. */
export interface SstoreRunState extends GasRunState {
  readonly stateManager: unknown;
  readonly interpreter: GasRunState["interpreter"] & {
    getAddress(): Address;
    getGasLeft(): bigint;
    refundGas(amount: bigint, context?: string): void;
    subRefund(amount: bigint, context?: string): void;
  };
}

function hasWordReads(stateManager: unknown): stateManager is WordReads {
  const s = stateManager as Partial<Record<keyof WordReads, unknown>> | undefined;
  return typeof s?.storageWord === "function" && typeof s.originalWord === "function";
}

/** Whether @ethereumjs's handler takes the EIP-2200 branch this twin repeats, and nothing it does not. */
function repeats(common: SstoreCommon): boolean {
  if ([7928, 8038, 6800, 7864].some((eip) => common.isActivatedEIP(eip))) return false;
  return common.hardfork() !== "constantinople" && common.gteHardfork("istanbul");
}

/** `adjustSstoreGasEIP2929`: the EIP-2929 cost of a no-op store or refund of a warm slot. */
function adjust(
  runState: SstoreRunState,
  key: Uint8Array,
  defaultCost: bigint,
  costName: "noop" | "initRefund" | "cleanRefund",
  common: SstoreCommon,
): bigint {
  if (!common.isActivatedEIP(2929)) return defaultCost;
  const address = runState.interpreter.getAddress().bytes;
  const warmRead = common.param("warmstoragereadGas");
  const coldSload = common.param("coldsloadGas");
  if (!runState.interpreter.journal.isWarmedStorage(address, key)) return defaultCost;
  if (costName === "noop") return warmRead;
  if (costName === "initRefund") return common.param("sstoreInitEIP2200Gas") - warmRead;
  return common.param("sstoreResetGas") - coldSload - warmRead;
}

/** The slot's three values: current, original and the one being stored. */
interface Values {
  readonly current: bigint;
  readonly original: bigint;
  readonly value: bigint;
}

/** `updateSstoreGasEIP2200` over words. */
function eip2200(runState: SstoreRunState, v: Values, key: Uint8Array, common: SstoreCommon): bigint {
  const interpreter = runState.interpreter;
  if (interpreter.getGasLeft() <= common.param("sstoreSentryEIP2200Gas"))
    throw new EVMError(EVMError.errorMessages.OUT_OF_GAS);
  if (v.current === v.value) return adjust(runState, key, common.param("sstoreNoopEIP2200Gas"), "noop", common);
  const clearRefund = (): bigint => common.param("sstoreClearRefundEIP2200Gas");
  if (v.original === v.current) {
    if (v.original === 0n) return common.param("sstoreInitEIP2200Gas");
    if (v.value === 0n) interpreter.refundGas(clearRefund(), "EIP-2200 -> sstoreClearRefundEIP2200");
    return common.param("sstoreCleanEIP2200Gas");
  }
  if (v.original !== 0n) {
    if (v.current === 0n) interpreter.subRefund(clearRefund(), "EIP-2200 -> sstoreClearRefundEIP2200");
    else if (v.value === 0n) interpreter.refundGas(clearRefund(), "EIP-2200 -> sstoreClearRefundEIP2200");
  }
  if (v.original === v.value) {
    if (v.original === 0n) {
      const refund = adjust(runState, key, common.param("sstoreInitRefundEIP2200Gas"), "initRefund", common);
      interpreter.refundGas(refund, "EIP-2200 -> initRefund");
    } else {
      const refund = adjust(runState, key, common.param("sstoreCleanRefundEIP2200Gas"), "cleanRefund", common);
      interpreter.refundGas(refund, "EIP-2200 -> cleanRefund");
    }
  }
  return common.param("sstoreDirtyEIP2200Gas");
}

/** `accessStorageEIP2929` for SSTORE with gas charged: a cold slot is warmed and costs `coldsloadGas`. */
function access(runState: SstoreRunState, key: Uint8Array, common: SstoreCommon): bigint {
  if (!common.isActivatedEIP(2929)) return 0n;
  const address = runState.interpreter.getAddress().bytes;
  const journal = runState.interpreter.journal;
  if (journal.isWarmedStorage(address, key)) return 0n;
  journal.addWarmedStorage(address, key);
  return common.param("coldsloadGas");
}

/** SSTORE's gas, base fee included, or undefined when @ethereumjs's own handler must run. */
export function sstoreGas(runState: SstoreRunState, gas: bigint, common: SstoreCommon): bigint | undefined {
  const stateManager = runState.stateManager;
  if (!hasWordReads(stateManager) || !repeats(common)) return undefined;
  const interpreter = runState.interpreter;
  if (interpreter.isStatic()) throw new EVMError(EVMError.errorMessages.STATIC_STATE_CHANGE);
  const [key = 0n, value = 0n] = runState.stack.peek(2);
  const keyBytes = wordBytes(key);
  const address = interpreter.getAddress();
  const current = stateManager.storageWord(address, keyBytes);
  const original = stateManager.originalWord(address, keyBytes);
  gas += eip2200(runState, { current, original, value }, keyBytes, common);
  return gas + access(runState, keyBytes, common);
}
