/**
 * The account record of the flat store, and the empty values it is compared with. Post-Spurious-Dragon an
 * account with nonce 0, balance 0 and no code is the same as no account, so the store never keeps one: that
 * keeps "exists" out of the set of locations and makes deletions plain field writes.
 */
import { keccak256 } from "../crypto/keccak.js";
import { fromHex, toHex } from "../util/hex.js";
import {
  type AddressHex,
  codeKey,
  isStorageKey,
  keyAddress,
  keyKind,
  keySlot,
  type LocationKey,
  type LocationValue,
} from "../vocabulary.js";

/** keccak256 of the empty byte string: the code hash of an account without code. */
export const EMPTY_CODE_HASH = "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470";

/**
 * Adds "`address` has code `code`" to a write set and the code bytes it references — the two arguments of
 * `FlatState.apply` (code is content-addressed: the write holds its hash).
 */
export function addCodeWrite(
  writes: Map<LocationKey, LocationValue>,
  codes: Map<string, Uint8Array>,
  address: AddressHex,
  code: Uint8Array,
): void {
  const hash = toHex(keccak256(code));
  writes.set(codeKey(address), hash);
  codes.set(hash, code);
}

const hashBytes = new Map<string, Uint8Array>();

/** The bytes of a 0x code hash, one shared array per hash (code hashes repeat: contracts, the empty code). */
export function codeHashBytes(hex: string): Uint8Array {
  let bytes = hashBytes.get(hex);
  if (bytes === undefined) {
    bytes = fromHex(hex);
    hashBytes.set(hex, bytes);
  }
  return bytes;
}

/** One account of the flat store. */
export interface AccountData {
  readonly nonce: bigint;
  readonly balance: bigint;
  /** 0x-prefixed keccak256 of the code. */
  readonly codeHash: string;
}

/** The empty account (what a missing account reads as). */
export const EMPTY_ACCOUNT: AccountData = { nonce: 0n, balance: 0n, codeHash: EMPTY_CODE_HASH };

/** Whether an account is empty in the EIP-161 sense. */
export function isEmptyAccount(a: AccountData): boolean {
  return a.nonce === 0n && a.balance === 0n && a.codeHash === EMPTY_CODE_HASH;
}

/** Read access to a world state, as seen by one transaction. */
export interface StateView {
  /** The account at `address`, or undefined when it does not exist. */
  account(address: AddressHex): AccountData | undefined;
  /** The storage word at `slot` of `address` (0n when unset). */
  storage(address: AddressHex, slot: string): bigint;
  /** Code bytes by code hash (empty for the empty code hash or an unknown hash). */
  code(codeHash: string): Uint8Array;
  /** Every non-zero storage slot of `address`. */
  storageSlots(address: AddressHex): Iterable<[string, bigint]>;
}

/** The value of one location (`balance:`, `nonce:`, `code:` or `storage:` key) in a state view. */
export function readLocation(view: StateView, key: LocationKey): LocationValue {
  if (isStorageKey(key)) return view.storage(keyAddress(key), keySlot(key));
  const account = view.account(keyAddress(key));
  switch (keyKind(key)) {
    case "balance":
      return account?.balance ?? 0n;
    case "nonce":
      return account?.nonce ?? 0n;
    default:
      return account?.codeHash ?? EMPTY_CODE_HASH;
  }
}
