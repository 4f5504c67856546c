/**
 * Synchronous twins of the @ethereumjs dynamic gas handlers that only compute: memory expansion, copy and
 * hashing word costs, EXP's byte cost, LOG's topic and data costs. @ethereumjs (10.1.x) declares every dynamic
 * gas handler `async`, so its interpreter awaits a promise even for MSTORE; `sync-steps.ts` calls these twins
 * instead and keeps such opcodes on its synchronous path.
 *
 * Each twin repeats its original's statements in the same order (@ethereumjs/evm `opcodes/gas.js` and the
 * helpers `subMemUsage`/`divCeil` of `opcodes/util.js`), with the same errors. A twin replaces an original only
 * when the opcode table holds that very function (identity, see {@link syncGasTwins}): an EIP or custom opcode
 * that brings another handler keeps it. The Verkle / binary-tree branch of CODECOPY (EIP-6800 / EIP-7864) is
 * not repeated, nor SLOAD's: runs with those EIPs active never take the synchronous path. SSTORE's twin lives in
 * `sstore-gas.ts`.
 */
import { Common, Mainnet } from "@ethereumjs/common";
import { EVMError, getOpcodesForHF, paramsEVM } from "@ethereumjs/evm";

import { sstoreGas } from "./sstore-gas.js";
import { wordBytes } from "./word-opcodes.js";

/** What the twins read of the interpreter's run state. */
export interface GasRunState {
  readonly stack: { peek(count?: number): bigint[] };
  memoryWordCount: bigint;
  highestMemCost: bigint;
  readonly opCode: number;
  readonly env: { readonly eof?: unknown };
  readonly interpreter: {
    isStatic(): boolean;
    getReturnDataSize(): bigint;
    getAddress(): { readonly bytes: Uint8Array };
    readonly journal: {
      isWarmedStorage(address: Uint8Array, slot: Uint8Array): boolean;
      addWarmedStorage(address: Uint8Array, slot: Uint8Array): void;
    };
  };
}

/** The part of a `Common` the twins use. */
export interface GasCommon {
  param(name: string): bigint;
  isActivatedEIP(eip: number): boolean;
}

/**
 * A dynamic gas handler that answers at once: the gas of the opcode, base fee included; undefined (only before
 * doing anything) when @ethereumjs's own handler must run instead (SSTORE's twin, `sstore-gas.ts`).
 */
export type SyncGasHandler = (runState: GasRunState, gas: bigint, common: GasCommon) => bigint | undefined;

function trap(message: string): never {
  throw new EVMError(message as ConstructorParameters<typeof EVMError>[0]);
}

function mod(a: bigint, b: bigint): bigint {
  const r = a % b;
  return r < 0n ? b + r : r;
}

function divCeil(a: bigint, b: bigint): bigint {
  const div = a / b;
  if (mod(a, b) === 0n) return div;
  return div < 0n ? div - 1n : div + 1n;
}

/** @ethereumjs's `subMemUsage`: the memory expansion cost of touching [offset, offset + length). */
export function subMemUsage(runState: GasRunState, offset: bigint, length: bigint, common: GasCommon): bigint {
  if (length === 0n) return 0n;
  const newMemoryWordCount = divCeil(offset + length, 32n);
  if (newMemoryWordCount <= runState.memoryWordCount) return 0n;
  const words = newMemoryWordCount;
  const fee = common.param("memoryGas");
  const quadCoefficient = common.param("quadCoefficientDivGas");
  let cost = words * fee + (words * words) / quadCoefficient;
  if (cost > runState.highestMemCost) {
    const currentHighestMemCost = runState.highestMemCost;
    runState.highestMemCost = cost;
    cost -= currentHighestMemCost;
  }
  runState.memoryWordCount = newMemoryWordCount;
  return cost;
}

function peek(runState: GasRunState, count: number): bigint[] {
  return runState.stack.peek(count);
}

const exp: SyncGasHandler = (runState, gas, common) => {
  const [, exponent = 0n] = peek(runState, 2);
  if (exponent === 0n) return gas;
  let byteLength = exponent.toString(2).length / 8;
  if (byteLength > Math.trunc(byteLength)) byteLength = Math.trunc(byteLength) + 1;
  if (byteLength < 1 || byteLength > 32) trap(EVMError.errorMessages.OUT_OF_RANGE);
  return gas + BigInt(byteLength) * common.param("expByteGas");
};

const keccak: SyncGasHandler = (runState, gas, common) => {
  const [offset = 0n, length = 0n] = peek(runState, 2);
  gas += subMemUsage(runState, offset, length, common);
  return gas + common.param("keccak256WordGas") * divCeil(length, 32n);
};

/** CALLDATACOPY and CODECOPY (without the EIP-6800/7864 code-chunk charge). */
const dataCopy: SyncGasHandler = (runState, gas, common) => {
  const [memOffset = 0n, , dataLength = 0n] = peek(runState, 3);
  gas += subMemUsage(runState, memOffset, dataLength, common);
  if (dataLength !== 0n) gas += common.param("copyGas") * divCeil(dataLength, 32n);
  return gas;
};

const returnDataCopy: SyncGasHandler = (runState, gas, common) => {
  const [, returnDataOffset = 0n, dataLength = 0n] = peek(runState, 3);
  if (returnDataOffset + dataLength > runState.interpreter.getReturnDataSize()) {
    if (runState.env.eof === undefined) trap(EVMError.errorMessages.OUT_OF_GAS);
  }
  return dataCopy(runState, gas, common);
};

const memoryAt =
  (length: bigint): SyncGasHandler =>
  (runState, gas, common) =>
    gas + subMemUsage(runState, peek(runState, 1)[0] ?? 0n, length, common);

const mcopy: SyncGasHandler = (runState, gas, common) => {
  const [dst = 0n, src = 0n, length = 0n] = peek(runState, 3);
  gas += 3n * ((length + 31n) / 32n);
  gas += subMemUsage(runState, src, length, common);
  return gas + subMemUsage(runState, dst, length, common);
};

const log: SyncGasHandler = (runState, gas, common) => {
  if (runState.interpreter.isStatic()) trap(EVMError.errorMessages.STATIC_STATE_CHANGE);
  const [memOffset = 0n, memLength = 0n] = peek(runState, 2);
  const topicsCount = runState.opCode - 0xa0;
  if (topicsCount < 0 || topicsCount > 4) trap(EVMError.errorMessages.OUT_OF_RANGE);
  gas += subMemUsage(runState, memOffset, memLength, common);
  return gas + common.param("logTopicGas") * BigInt(topicsCount) + memLength * common.param("logDataGas");
};

/** RETURN and REVERT. */
const memoryRange: SyncGasHandler = (runState, gas, common) => {
  const [offset = 0n, length = 0n] = peek(runState, 2);
  return gas + subMemUsage(runState, offset, length, common);
};

/**
 * SLOAD: the EIP-2929 access cost of the slot (cold: warmed and charged `coldsloadGas`; warm:
 * `warmstoragereadGas`), as @ethereumjs's handler and its `accessStorageEIP2929` with gas charged.
 */
const sload: SyncGasHandler = (runState, gas, common) => {
  const key = wordBytes(peek(runState, 1)[0] ?? 0n);
  if (!common.isActivatedEIP(2929)) return gas;
  const address = runState.interpreter.getAddress().bytes;
  const journal = runState.interpreter.journal;
  if (!journal.isWarmedStorage(address, key)) {
    journal.addWarmedStorage(address, key);
    return gas + common.param("coldsloadGas");
  }
  return gas + common.param("warmstoragereadGas");
};

/** The twin of each original handler, by opcode. */
const TWINS: ReadonlyArray<readonly [number, SyncGasHandler]> = [
  [0x0a, exp],
  [0x20, keccak],
  [0x37, dataCopy],
  [0x39, dataCopy],
  [0x3e, returnDataCopy],
  [0x51, memoryAt(32n)],
  [0x52, memoryAt(32n)],
  [0x53, memoryAt(1n)],
  [0x54, sload],
  // Its run state and Common are the interpreter's, which have what SstoreRunState/SstoreCommon name.
  [0x55, sstoreGas as unknown as SyncGasHandler],
  [0x5e, mcopy],
  [0xa0, log],
  [0xa1, log],
  [0xa2, log],
  [0xa3, log],
  [0xa4, log],
  [0xf3, memoryRange],
  [0xfd, memoryRange],
];

/** Opcodes that have a synchronous twin. */
export const TWINNED_OPCODES: readonly number[] = TWINS.map(([op]) => op);

let twins: Map<unknown, SyncGasHandler> | undefined;

/**
 * Maps each original @ethereumjs gas handler function (the very function objects of this @ethereumjs/evm
 * instance) to its synchronous twin.
 */
export function syncGasTwins(): ReadonlyMap<unknown, SyncGasHandler> {
  if (twins !== undefined) return twins;
  const originals = getOpcodesForHF(
    new Common({ chain: Mainnet, hardfork: "prague", params: paramsEVM }),
  ).dynamicGasHandlers;
  twins = new Map();
  for (const [op, twin] of TWINS) {
    const original = originals.get(op);
    if (original !== undefined) twins.set(original, twin);
  }
  return twins;
}
