/**
 * The changes one transaction has made so far — accounts, storage words, cleared storages, new code — with an
 * undo log, so that checkpoints are O(1): a checkpoint is the log's length, revert pops entries back to it and
 * restores what each replaced, commit forgets the mark. `TxState` reads and records around it.
 */
import type { AddressHex } from "../vocabulary.js";

import type { AccountData } from "./account-data.js";

type UndoEntry =
  | { kind: "account"; address: AddressHex; previous: AccountData | null | undefined }
  | { kind: "storage"; address: AddressHex; slot: string; previous: bigint | undefined }
  | { kind: "clear"; address: AddressHex; previousSlots: Map<string, bigint> | undefined; wasCleared: boolean };

/** A transaction's own writes with undo-log checkpoints. */
export class TxOverlay {
  /** Accounts written (null: deleted). */
  readonly accounts = new Map<AddressHex, AccountData | null>();
  /** Storage words written, per account. */
  readonly storage = new Map<AddressHex, Map<string, bigint>>();
  /** Accounts whose whole storage was cleared. */
  readonly cleared = new Set<AddressHex>();
  /** Code bytes deployed, by code hash. */
  readonly codes = new Map<string, Uint8Array>();
  readonly #undo: UndoEntry[] = [];
  readonly #marks: number[] = [];

  /** Forgets everything (a new transaction). */
  reset(): void {
    this.accounts.clear();
    this.storage.clear();
    this.cleared.clear();
    this.codes.clear();
    this.#undo.length = 0;
    this.#marks.length = 0;
  }

  /** Writes an account (null deletes it). */
  setAccount(addr: AddressHex, data: AccountData | null): void {
    this.#undo.push({ kind: "account", address: addr, previous: this.accounts.get(addr) });
    this.accounts.set(addr, data);
  }

  /** Deletes an account and its storage. */
  deleteAccount(addr: AddressHex): void {
    this.setAccount(addr, null);
    this.clearStorage(addr);
  }

  /** Writes one storage word. */
  putStorage(addr: AddressHex, slot: string, value: bigint): void {
    let slots = this.storage.get(addr);
    if (slots === undefined) {
      slots = new Map();
      this.storage.set(addr, slots);
    }
    this.#undo.push({ kind: "storage", address: addr, slot, previous: slots.get(slot) });
    slots.set(slot, value);
  }

  /** Clears an account's whole storage. */
  clearStorage(addr: AddressHex): void {
    this.#undo.push({
      kind: "clear",
      address: addr,
      previousSlots: this.storage.get(addr),
      wasCleared: this.cleared.has(addr),
    });
    this.storage.set(addr, new Map());
    this.cleared.add(addr);
  }

  /**
   * Adds `amount` to the balance of every version of `addr` this overlay holds — the current one and the ones
   * its undo log would restore — so that a balance kept relative to a placeholder becomes the real one at every
   * checkpoint level at once (`TxState`'s lazy balances, when something observes them).
   */
  shiftBalance(addr: AddressHex, amount: bigint): void {
    const shift = (data: AccountData): AccountData => ({ ...data, balance: data.balance + amount });
    const current = this.accounts.get(addr);
    if (current != null) this.accounts.set(addr, shift(current));
    for (const [i, entry] of this.#undo.entries()) {
      if (entry.kind === "account" && entry.address === addr && entry.previous != null) {
        this.#undo[i] = { ...entry, previous: shift(entry.previous) };
      }
    }
  }

  /** Opens a checkpoint. */
  checkpoint(): void {
    this.#marks.push(this.#undo.length);
  }

  /** Closes the innermost checkpoint, keeping its changes. */
  commit(): void {
    this.#marks.pop();
  }

  /** Closes the innermost checkpoint, undoing its changes. */
  revert(): void {
    const mark = this.#marks.pop() ?? 0;
    while (this.#undo.length > mark) {
      const entry = this.#undo.pop();
      if (entry !== undefined) this.#undoEntry(entry);
    }
  }

  #undoEntry(entry: UndoEntry): void {
    if (entry.kind === "account") {
      if (entry.previous === undefined) this.accounts.delete(entry.address);
      else this.accounts.set(entry.address, entry.previous);
    } else if (entry.kind === "storage") {
      const slots = this.storage.get(entry.address);
      if (entry.previous === undefined) slots?.delete(entry.slot);
      else slots?.set(entry.slot, entry.previous);
    } else {
      if (entry.previousSlots === undefined) this.storage.delete(entry.address);
      else this.storage.set(entry.address, entry.previousSlots);
      if (!entry.wasCleared) this.cleared.delete(entry.address);
    }
  }
}
