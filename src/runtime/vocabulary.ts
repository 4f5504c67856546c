/**
 * The shared vocabulary of the runtime, defined once (as pevm does): transaction positions, incarnations,
 * locations of state and the read/write sets recorded for every transaction.
 *
 * A *location* is the unit of conflict: one field of an account (balance, nonce, code) or one storage slot.
 * Two transactions conflict when one writes a location the other reads or writes; commutative *deltas*
 * (adding to a balance: the coinbase fee, the credit of a plain value transfer) do not conflict with each
 * other, only with plain reads and writes of the same location.
 */

/** How blocks with several transactions are executed, in the order the docs list them. */
export const EXECUTION_STRATEGIES = ["block-stm", "sharded", "sequential"] as const;

/** One execution strategy. */
export type ExecutionStrategy = (typeof EXECUTION_STRATEGIES)[number];

/** Position of a transaction in its block, from 0. */
export type TxIndex = number;

/** How many times a transaction has been (re-)executed within its block, from 0 (Block-STM). */
export type Incarnation = number;

/** Lowercase 0x-prefixed 20-byte address. */
export type AddressHex = string;

/** Lowercase 0x-prefixed 32-byte storage slot. */
export type SlotHex = string;

/** A location of state. */
export type Location =
  | { readonly kind: "balance"; readonly address: AddressHex }
  | { readonly kind: "nonce"; readonly address: AddressHex }
  | { readonly kind: "code"; readonly address: AddressHex }
  | { readonly kind: "storage"; readonly address: AddressHex; readonly slot: SlotHex };

/**
 * String form of a location, used as a map key everywhere: `balance:0x…`, `nonce:0x…`, `code:0x…`
 * (the value is the code hash) and `storage:0x…:0x…`.
 */
export type LocationKey = string;

/** Values of locations: balances, nonces and storage words as bigint; code as its 0x-prefixed keccak hash. */
export type LocationValue = bigint | string;

/** What a transaction read from state outside itself: location → the value it saw. */
export type ReadSet = Map<LocationKey, LocationValue>;

/** What a transaction changed: location → its new value. No-op writes (new = seen) are never included. */
export type WriteSet = Map<LocationKey, LocationValue>;

/** Commutative balance changes applied lazily: location (always `balance:`) → signed amount. */
export type DeltaSet = Map<LocationKey, bigint>;

/** The recorded accesses of one executed transaction. */
export interface AccessSets {
  readonly reads: ReadSet;
  readonly writes: WriteSet;
  readonly deltas: DeltaSet;
  /** Code bytes of every `code:` write, by code hash. */
  readonly codes: Map<string, Uint8Array>;
}

/** The kinds of location. */
export type LocationKind = Location["kind"];

// The key codec: every location key is built and read here, nowhere else. Builders and accessors trust their
// input (canonical lowercase hex, as the runtime produces it) and are cheap enough for the hot path; the
// parser checks the whole key and names the bad one.

/** Builds the key of a balance location. */
export const balanceKey = (address: AddressHex): LocationKey => `balance:${address}`;
/** Builds the key of a nonce location. */
export const nonceKey = (address: AddressHex): LocationKey => `nonce:${address}`;
/** Builds the key of a code location. */
export const codeKey = (address: AddressHex): LocationKey => `code:${address}`;
/** Builds the key of a storage location. */
export const storageKey = (address: AddressHex, slot: SlotHex): LocationKey => `storage:${address}:${slot}`;
/** The common prefix of the storage keys of one account (for prefix scans; the slot follows it). */
export const storageKeyPrefix = (address: AddressHex): string => `storage:${address}:`;
/** Key of part `part` of a partitioned location (the report's what-if; never recorded by the runtime). */
export const partKey = (key: LocationKey, part: number): LocationKey => `${key}#${part}`;

/** Whether `key` is a storage location. */
export const isStorageKey = (key: LocationKey): boolean => key.startsWith("storage:");
/** Whether `key` is a balance location. */
export const isBalanceKey = (key: LocationKey): boolean => key.startsWith("balance:");
/** Whether `key` is a nonce location. */
export const isNonceKey = (key: LocationKey): boolean => key.startsWith("nonce:");
/** Whether `key` is a code location. */
export const isCodeKey = (key: LocationKey): boolean => key.startsWith("code:");

/** The kind of a well-formed key. */
export function keyKind(key: LocationKey): LocationKind {
  return key.slice(0, key.indexOf(":")) as LocationKind;
}

/** The account a well-formed key belongs to (a storage key's 42-character address). */
export function keyAddress(key: LocationKey): AddressHex {
  return isStorageKey(key) ? key.slice(8, 50) : key.slice(key.indexOf(":") + 1);
}

/** The slot of a well-formed storage key. */
export function keySlot(key: LocationKey): SlotHex {
  return key.slice(51);
}

/** A parsed key: the location, and the part number of a partitioned location (what-if) if any. */
export type ParsedLocationKey = Location & { readonly part?: number };

const KEY = /^(balance|nonce|code|storage):(0x[0-9a-f]{40})(?::(0x[0-9a-f]+))?(?:#(\d+))?$/;

/** Parses and checks a location key; throws naming the key when it is malformed. */
export function parseLocationKey(key: LocationKey): ParsedLocationKey {
  const match = KEY.exec(key);
  const [, kind, address, slot, part] = match ?? [];
  if (kind === undefined || address === undefined || (kind === "storage") !== (slot !== undefined)) {
    throw new Error(
      `Invalid location key "${key}": expected balance|nonce|code:0x<address> or storage:0x<address>:0x<slot>`,
    );
  }
  const location: Location =
    kind === "storage" && slot !== undefined
      ? { kind, address, slot }
      : { kind: kind as Exclude<LocationKind, "storage">, address };
  return part === undefined ? location : { ...location, part: Number(part) };
}
