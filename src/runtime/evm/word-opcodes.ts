/**
 * Faster handlers for two of @ethereumjs's hottest opcodes, MSTORE and SLOAD, with the very same behaviour.
 * Both turn a stack word into 32 big-endian bytes with `setLengthLeft(bigIntToBytes(word), 32)`, which goes
 * through a hex string, a regular-expression check and an array spread: in a profile of automined ERC20
 * transfers that conversion was ≈ 2 % of all samples, more than any opcode's own logic. Here the word is
 * written as four 64-bit limbs. Only the logic functions are replaced (gas, memory expansion and storage
 * access are @ethereumjs's own), in one EVM's opcode table; a table @ethereumjs rebuilds (on a hardfork change)
 * simply has the original handlers again.
 */

/** The 32 big-endian bytes of a 256-bit word, written into `out` (which is returned). */
export function wordBytes(word: bigint, out: Uint8Array = new Uint8Array(32)): Uint8Array {
  const view = new DataView(out.buffer, out.byteOffset, 32);
  // setBigUint64 keeps the low 64 bits of its argument.
  view.setBigUint64(0, word >> 192n);
  view.setBigUint64(8, word >> 128n);
  view.setBigUint64(16, word >> 64n);
  view.setBigUint64(24, word);
  return out;
}

interface RunState {
  readonly stack: { pop(): bigint; popN(n: number): bigint[]; push(value: bigint): void };
  readonly memory: { write(offset: number, size: number, value: Uint8Array): void };
  readonly interpreter: { storageLoad(key: Uint8Array): Promise<Uint8Array> };
}

interface OpcodeEntry {
  opHandler: (runState: RunState, common: unknown) => unknown;
}

const MSTORE = 0x52;
const SLOAD = 0x54;

/** Memory copies what MSTORE writes (`Memory.write` sets it into its own store): one buffer serves them all. */
const scratch = new Uint8Array(32);

function mstore(runState: RunState): void {
  const [offset = 0n, word = 0n] = runState.stack.popN(2);
  runState.memory.write(Number(offset), 32, wordBytes(word, scratch));
}

async function sload(runState: RunState): Promise<void> {
  const key = runState.stack.pop();
  // A fresh key: the state manager and the access journal may keep it.
  const value = await runState.interpreter.storageLoad(wordBytes(key));
  let word = 0n;
  for (const byte of value) word = (word << 8n) | BigInt(byte);
  runState.stack.push(word);
}

/**
 * Puts the faster MSTORE and SLOAD into `evm`'s opcode table; false (nothing changed) when the table is not
 * the shape this module knows.
 */
export function installWordOpcodes(evm: object): boolean {
  const map = (evm as { _opcodeMap?: unknown })._opcodeMap;
  if (!Array.isArray(map)) return false;
  const entries = [map[MSTORE], map[SLOAD]] as Array<Partial<OpcodeEntry> | undefined>;
  if (entries.some((e) => typeof e?.opHandler !== "function")) return false;
  (map[MSTORE] as OpcodeEntry).opHandler = mstore;
  (map[SLOAD] as OpcodeEntry).opHandler = sload;
  return true;
}
