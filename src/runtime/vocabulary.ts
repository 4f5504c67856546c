/**
 * The shared vocabulary of the runtime, defined once (as pevm does): transaction positions, incarnations,
 * locations of state and the read/write sets recorded for every transaction.
 *
 * A *location* is the unit of conflict: one field of an account (balance, nonce, code) or one storage slot.
 * Two transactions conflict when one writes a location the other reads or writes; commutative *deltas*
 * (adding to a balance: the coinbase fee, the credit of a plain value transfer) do not conflict with each
 * other, only with plain reads and writes of the same location.
 */

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

/** Builds the key of a balance location. */
export const balanceKey = (address: AddressHex): LocationKey => `balance:${address}`;
/** Builds the key of a nonce location. */
export const nonceKey = (address: AddressHex): LocationKey => `nonce:${address}`;
/** Builds the key of a code location. */
export const codeKey = (address: AddressHex): LocationKey => `code:${address}`;
/** Builds the key of a storage location. */
export const storageKey = (address: AddressHex, slot: SlotHex): LocationKey => `storage:${address}:${slot}`;

/** Parses a location key back into a location. */
export function parseLocationKey(key: LocationKey): Location {
  const [kind, address = "", slot = ""] = key.split(":");
  switch (kind) {
    case "balance":
    case "nonce":
    case "code":
      return { kind, address };
    case "storage":
      return { kind, address, slot };
    default:
      throw new Error(`not a location key: ${key}`);
  }
}
