/**
 * Block-STM's multi-version memory: for every location, the values written to it by the transactions of the
 * block, each tagged with the writer's position and incarnation, over the committed pre-block state.
 *
 * How: `record` stores a transaction's writes (and commutative balance deltas) as versions of their
 * locations, replacing what its previous incarnation wrote; `read(key, j)` returns what transaction `j`
 * must see — the highest version written below `j`, or the base state — resolving a chain of deltas down to
 * the first full value. A version may be an ESTIMATE: the writer's incarnation failed validation and is being
 * re-executed, so a reader below which it sits must wait for it (`read` reports the blocking transaction).
 *
 * Why by value: validation re-reads every location of a read set and compares values, not versions, so a
 * re-execution that writes the same value as before invalidates nobody (Block-STM's value-based validation).
 */
import { EMPTY_CODE_HASH, type StateView } from "../../state/account-data.js";
import {
  type AccessSets,
  type Incarnation,
  isStorageKey,
  keyAddress,
  keyKind,
  keySlot,
  type LocationKey,
  type LocationValue,
  type ReadSet,
  type TxIndex,
} from "../../vocabulary.js";

/** One version of a location. */
type Version =
  | { readonly tx: TxIndex; readonly incarnation: Incarnation; readonly kind: "write"; readonly value: LocationValue }
  | { readonly tx: TxIndex; readonly incarnation: Incarnation; readonly kind: "delta"; readonly delta: bigint }
  | { readonly tx: TxIndex; readonly incarnation: Incarnation; readonly kind: "estimate" };

/** What a read at some position sees. */
export type VersionedRead =
  | { readonly kind: "value"; readonly value: LocationValue; readonly writer: TxIndex | undefined }
  | { readonly kind: "estimate"; readonly blocking: TxIndex };

/** Result of validating a read set. */
export type ReadValidation =
  | { readonly valid: true }
  | { readonly valid: false; readonly location: LocationKey; readonly blocking: TxIndex | undefined };

/** The value of `key` in a plain state view. */
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

/** Versions of every location written in one block. */
export class MultiVersionMemory {
  readonly #base: StateView;
  readonly #versions = new Map<LocationKey, Version[]>();
  /** Locations each transaction's latest incarnation wrote, to replace them on re-execution. */
  readonly #written = new Map<TxIndex, LocationKey[]>();
  readonly #codes = new Map<string, Uint8Array>();

  constructor(base: StateView) {
    this.#base = base;
  }

  /** The committed pre-block state the versions sit on. */
  get base(): StateView {
    return this.#base;
  }

  /** Code bytes written in the block, by hash. */
  code(hash: string): Uint8Array | undefined {
    return this.#codes.get(hash);
  }

  /** Stores incarnation `incarnation` of `tx`'s writes and deltas, dropping its previous versions. */
  record(tx: TxIndex, incarnation: Incarnation, access: AccessSets): void {
    this.remove(tx);
    const keys: LocationKey[] = [];
    for (const [key, value] of access.writes) {
      this.#insert(key, { tx, incarnation, kind: "write", value });
      keys.push(key);
    }
    for (const [key, delta] of access.deltas) {
      this.#insert(key, { tx, incarnation, kind: "delta", delta });
      keys.push(key);
    }
    for (const [hash, code] of access.codes) this.#codes.set(hash, code);
    this.#written.set(tx, keys);
  }

  /** Marks every version of `tx` as an ESTIMATE: readers above it must wait for its re-execution. */
  markEstimate(tx: TxIndex, incarnation: Incarnation): void {
    for (const key of this.#written.get(tx) ?? []) {
      const versions = this.#versions.get(key) ?? [];
      const at = this.#position(versions, tx);
      if (versions[at]?.tx === tx) versions[at] = { tx, incarnation, kind: "estimate" };
    }
  }

  /** Drops every version of `tx` (it left the block, or is about to be recorded again). */
  remove(tx: TxIndex): void {
    for (const key of this.#written.get(tx) ?? []) {
      const versions = this.#versions.get(key) ?? [];
      const at = this.#position(versions, tx);
      if (versions[at]?.tx === tx) versions.splice(at, 1);
    }
    this.#written.delete(tx);
  }

  /** What `reader` sees at `key`: the highest version below it (deltas resolved), or the base state. */
  read(key: LocationKey, reader: TxIndex): VersionedRead {
    const versions = this.#versions.get(key);
    let delta = 0n;
    let writer: TxIndex | undefined;
    if (versions !== undefined) {
      for (let i = this.#position(versions, reader) - 1; i >= 0; i--) {
        const version = versions[i];
        if (version === undefined) break;
        writer ??= version.tx;
        if (version.kind === "estimate") return { kind: "estimate", blocking: version.tx };
        if (version.kind === "write") return { kind: "value", value: add(version.value, delta), writer };
        delta += version.delta;
      }
    }
    return { kind: "value", value: add(readLocation(this.#base, key), delta), writer };
  }

  /** Validates a read set by value: every location must still hold what the transaction saw. */
  validate(reader: TxIndex, reads: ReadSet): ReadValidation {
    for (const [key, seen] of reads) {
      const now = this.read(key, reader);
      if (now.kind === "estimate") return { valid: false, location: key, blocking: now.blocking };
      if (now.value !== seen) return { valid: false, location: key, blocking: now.writer };
    }
    return { valid: true };
  }

  /** Locations with versions below `reader` whose key starts with `prefix` (storage of one address). */
  *keysWithPrefix(prefix: string): Iterable<LocationKey> {
    for (const [key, versions] of this.#versions) if (versions.length > 0 && key.startsWith(prefix)) yield key;
  }

  #insert(key: LocationKey, version: Version): void {
    let versions = this.#versions.get(key);
    if (versions === undefined) {
      versions = [];
      this.#versions.set(key, versions);
    }
    const last = versions[versions.length - 1];
    if (last === undefined || last.tx < version.tx) versions.push(version);
    else versions.splice(this.#position(versions, version.tx), 0, version);
  }

  /** Index of the first version written by a transaction at or above `tx` (binary search). */
  #position(versions: readonly Version[], tx: TxIndex): number {
    let low = 0;
    let high = versions.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((versions[mid]?.tx ?? Infinity) < tx) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

function add(value: LocationValue, delta: bigint): LocationValue {
  return delta === 0n ? value : (value as bigint) + delta;
}
