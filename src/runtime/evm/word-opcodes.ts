/**
 * Faster handlers for some of @ethereumjs's hottest opcodes — MSTORE, SLOAD, SSTORE and LOG0–LOG4 (their topics) — with
 * the very same behaviour. They turn a stack word into 32 big-endian bytes with
 * `setLengthLeft(bigIntToBytes(word), 32)`, which goes through a hex string, a regular-expression check and an
 * array spread: in a profile of automined ERC20 transfers that conversion was ≈ 2 % of all samples, more than any
 * opcode's own logic. Here the word is written as four 64-bit limbs. Only the logic functions are replaced (gas,
 * memory expansion and storage access are @ethereumjs's own), in one EVM's opcode table; a table @ethereumjs
 * rebuilds (on a hardfork change) simply has the original handlers again.
 */

/** Where {@link wordBytes} writes the limbs (one DataView for all calls: creating one per call cost 3×). */
const limbs = new Uint8Array(32);
const limbView = new DataView(limbs.buffer);

const TWO_64 = 1n << 64n;

/** The 32 big-endian bytes of a 256-bit word, written into `out` (which is returned). */
export function wordBytes(word: bigint, out: Uint8Array = new Uint8Array(32)): Uint8Array {
  if (word >= 0n && word < TWO_64) {
    // Most words are small (offsets, lengths, amounts): three shifts of a bigint cost more than zeros written
    // as 32-bit numbers (half the time per word in a microbenchmark).
    for (let i = 0; i < 24; i += 4) limbView.setUint32(i, 0);
    limbView.setBigUint64(24, word);
    out.set(limbs);
    return out;
  }
  // setBigUint64 keeps the low 64 bits of its argument.
  limbView.setBigUint64(0, word >> 192n);
  limbView.setBigUint64(8, word >> 128n);
  limbView.setBigUint64(16, word >> 64n);
  limbView.setBigUint64(24, word);
  out.set(limbs);
  return out;
}

interface RunState {
  readonly opCode: number;
  readonly stack: { pop(): bigint; popN(n: number): bigint[]; push(value: bigint): void };
  readonly memory: {
    write(offset: number, size: number, value: Uint8Array): void;
    read(offset: number, size: number): Uint8Array;
  };
  readonly interpreter: {
    readonly _stateManager?: unknown;
    readonly _env: { readonly address: unknown };
    readonly _evm: { readonly common: { isActivatedEIP(eip: number): boolean } };
    storageLoad(key: Uint8Array): Promise<Uint8Array>;
    storageStore(key: Uint8Array, value: Uint8Array): Promise<void>;
    log(data: Uint8Array, numberOfTopics: number, topics: Uint8Array[]): void;
  };
}

interface OpcodeEntry {
  opHandler: (runState: RunState, common: unknown) => unknown;
}

const MSTORE = 0x52;
const SLOAD = 0x54;
const SSTORE = 0x55;
const LOG0 = 0xa0;
const LOG4 = 0xa4;

/** Memory copies what MSTORE writes (`Memory.write` sets it into its own store): one buffer serves them all. */
const scratch = new Uint8Array(32);

function mstore(runState: RunState): void {
  const [offset = 0n, word = 0n] = runState.stack.popN(2);
  runState.memory.write(Number(offset), 32, wordBytes(word, scratch));
}

/**
 * SLOAD. With a state manager that reads words without a promise (`TxState.storageWord`) and no EIP-7928
 * access list to record the read in, it reads the slot at once, as `storageLoad` would (the same state manager
 * call, the same address); otherwise through `storageLoad`.
 */
function sload(runState: RunState): Promise<void> | undefined {
  const key = runState.stack.pop();
  const interpreter = runState.interpreter;
  const stateManager = interpreter._stateManager as { storageWord?: unknown } | undefined;
  if (typeof stateManager?.storageWord === "function" && !interpreter._evm.common.isActivatedEIP(7928)) {
    const read = stateManager.storageWord as (address: unknown, key: Uint8Array) => bigint;
    runState.stack.push(read.call(stateManager, interpreter._env.address, wordBytes(key)));
    return undefined;
  }
  // A fresh key: the state manager and the access journal may keep it.
  return interpreter.storageLoad(wordBytes(key)).then((value) => {
    let word = 0n;
    for (const byte of value) word = (word << 8n) | BigInt(byte);
    runState.stack.push(word);
  });
}

/** The minimal big-endian bytes of a word above 0 (@ethereumjs's `bigIntToBytes`), in a fresh array. */
export function minimalBytes(word: bigint): Uint8Array {
  const bytes = wordBytes(word, scratch);
  let first = 0;
  while (first < 31 && bytes[first] === 0) first++;
  return bytes.slice(first);
}

/**
 * SSTORE as @ethereumjs's handler without EIP-8037 (its state-gas branch keeps the original, `stock`): the key as
 * 32 bytes, the value as its minimal bytes (none for 0), through `storageStore`.
 */
function sstore(stock: OpcodeEntry["opHandler"]): OpcodeEntry["opHandler"] {
  return (runState, common) => {
    const interpreter = runState.interpreter;
    if (interpreter._evm.common.isActivatedEIP(8037)) return stock(runState, common);
    const [key = 0n, value = 0n] = runState.stack.popN(2);
    return interpreter.storageStore(wordBytes(key), value === 0n ? new Uint8Array(0) : minimalBytes(value));
  };
}

/** LOG0–LOG4 as @ethereumjs's handler, each topic converted by {@link wordBytes} (a fresh array: logs keep them). */
function log(runState: RunState): void {
  const [memOffset = 0n, memLength = 0n] = runState.stack.popN(2);
  const topicsCount = runState.opCode - LOG0;
  const topics = runState.stack.popN(topicsCount).map((topic) => wordBytes(topic));
  let mem: Uint8Array = new Uint8Array(0);
  if (memLength !== 0n) mem = runState.memory.read(Number(memOffset), Number(memLength));
  runState.interpreter.log(mem, topicsCount, topics);
}

/**
 * Puts the faster MSTORE, SLOAD, SSTORE and LOG0–LOG4 into `evm`'s opcode table; false (nothing changed) when the
 * table is not the shape this module knows.
 */
export function installWordOpcodes(evm: object): boolean {
  const map = (evm as { _opcodeMap?: unknown })._opcodeMap;
  if (!Array.isArray(map)) return false;
  const logs = map.slice(LOG0, LOG4 + 1) as Array<Partial<OpcodeEntry> | undefined>;
  const entries = [map[MSTORE], map[SLOAD], map[SSTORE], ...logs] as Array<Partial<OpcodeEntry> | undefined>;
  if (entries.some((e) => typeof e?.opHandler !== "function")) return false;
  (map[MSTORE] as OpcodeEntry).opHandler = mstore;
  (map[SLOAD] as OpcodeEntry).opHandler = sload;
  const store = map[SSTORE] as OpcodeEntry;
  store.opHandler = sstore(store.opHandler);
  // The five LOG entries share @ethereumjs's one handler; another handler (a custom opcode) stays.
  if (logs.every((e) => e?.opHandler === logs[0]?.opHandler)) for (const e of logs) (e as OpcodeEntry).opHandler = log;
  return true;
}
