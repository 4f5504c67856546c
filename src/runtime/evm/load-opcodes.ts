/**
 * Faster handlers for the opcodes that turn bytes into a stack word — MLOAD, CALLDATALOAD and KECCAK256 — with
 * the very same behaviour. @ethereumjs converts with `bytesToBigInt`, which builds a hex string two characters
 * at a time and parses it (≈ 0.7–1.7 µs per word in a micro-benchmark here, against 0.15–0.5 µs for four 64-bit
 * limbs); Solidity runs MLOAD many times per call (the free memory pointer), CALLDATALOAD per argument and
 * KECCAK256 per mapping slot. Only the logic functions are replaced (gas, memory expansion, the hash function —
 * the Common's, so a keccak observer sees the same copy of the input — are @ethereumjs's own), in one EVM's
 * opcode table; a table @ethereumjs rebuilds simply has the original handlers again.
 */

/** Where {@link wordOf} assembles a word (one view for all calls). */
const scratch = new Uint8Array(32);
const view = new DataView(scratch.buffer);

/** The word in {@link scratch}: one bigint when it fits 64 bits (most words: pointers, lengths, amounts). */
function scratchWord(): bigint {
  if ((view.getUint32(0) | view.getUint32(4) | view.getUint32(8) | view.getUint32(12)) === 0) {
    if ((view.getUint32(16) | view.getUint32(20)) === 0) return view.getBigUint64(24);
    return (view.getBigUint64(16) << 64n) | view.getBigUint64(24);
  }
  const high = (view.getBigUint64(0) << 64n) | view.getBigUint64(8);
  return (high << 128n) | (view.getBigUint64(16) << 64n) | view.getBigUint64(24);
}

/**
 * The big-endian unsigned integer of up to 32 bytes, as @ethereumjs's `bytesToBigInt`; with `padRight`, of the
 * bytes followed by zeros up to 32 (CALLDATALOAD past the end of the data).
 */
export function wordOf(bytes: Uint8Array, padRight = false): bigint {
  if (bytes.length === 32) scratch.set(bytes);
  else {
    scratch.fill(0);
    scratch.set(bytes, padRight ? 0 : 32 - bytes.length);
  }
  return scratchWord();
}

interface RunState {
  readonly stack: { pop(): bigint; popN(n: number): bigint[]; push(value: bigint): void };
  readonly memory: { read(offset: number, size: number, avoidCopy?: boolean): Uint8Array };
  readonly interpreter: { getCallData(): Uint8Array };
}

interface HashCommon {
  readonly customCrypto: { readonly keccak256?: (data: Uint8Array) => Uint8Array };
}

type Handler = (runState: RunState, common: HashCommon) => void;

const KECCAK256 = 0x20;
const CALLDATALOAD = 0x35;
const MLOAD = 0x51;

function mload(runState: RunState): void {
  const pos = runState.stack.pop();
  runState.stack.push(wordOf(runState.memory.read(Number(pos), 32, true)));
}

function calldataload(runState: RunState): void {
  const pos = runState.stack.pop();
  const data = runState.interpreter.getCallData();
  if (pos > BigInt(data.length)) {
    runState.stack.push(0n);
    return;
  }
  const i = Number(pos);
  runState.stack.push(wordOf(data.subarray(i, i + 32), true));
}

/** KECCAK256 with the Common's hash (@ethereumjs falls back to @noble's without one: then its handler runs). */
function keccak(stock: Handler): Handler {
  return (runState, common) => {
    const hash = common.customCrypto.keccak256;
    if (hash === undefined) return stock(runState, common);
    const [offset = 0n, length = 0n] = runState.stack.popN(2);
    const data = length === 0n ? new Uint8Array(0) : runState.memory.read(Number(offset), Number(length));
    runState.stack.push(wordOf(hash(data)));
  };
}

/**
 * Puts the faster MLOAD, CALLDATALOAD and KECCAK256 into `evm`'s opcode table; false (nothing changed) when the
 * table is not the shape this module knows.
 */
export function installLoadOpcodes(evm: object): boolean {
  const map = (evm as { _opcodeMap?: unknown })._opcodeMap;
  if (!Array.isArray(map)) return false;
  const entries = [map[KECCAK256], map[CALLDATALOAD], map[MLOAD]] as Array<{ opHandler?: unknown } | undefined>;
  if (entries.some((e) => typeof e?.opHandler !== "function")) return false;
  const [hashEntry, calldataEntry, mloadEntry] = entries as Array<{ opHandler: Handler }>;
  if (hashEntry === undefined || calldataEntry === undefined || mloadEntry === undefined) return false;
  hashEntry.opHandler = keccak(hashEntry.opHandler);
  calldataEntry.opHandler = calldataload;
  mloadEntry.opHandler = mload;
  return true;
}
