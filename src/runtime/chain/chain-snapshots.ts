/**
 * Snapshots of a chain, for `evm_snapshot`/`evm_revert` and the throwaway pending block: what is saved (the
 * state journal's position, the block count, the pool, the clock, the next block's settings) and the ids
 * Hardhat's network hands out for them — one per snapshot, one per automined transaction, a revert consuming
 * its id and every later one (measured against EDR).
 */
import type { FlatState, StateMark } from "../state/flat-state.js";
import type { AddressHex } from "../vocabulary.js";

import type { ChainClock } from "./chain-clock.js";
import type { ChainHistory } from "./chain-history.js";
import { copyHeaderHashes, type HeaderHashes } from "./header-hashes.js";
import type { TxPool } from "./tx-pool.js";

/** What `evm_snapshot` (and the throwaway pending block) saves and restores. */
export interface Snapshot {
  readonly stateMark: StateMark;
  readonly blockCount: bigint;
  readonly pool: ReturnType<TxPool["all"]>;
  readonly clock: ReturnType<ChainClock["save"]>;
  readonly coinbase: AddressHex;
  readonly blockGasLimit: bigint;
  readonly nextBaseFee: bigint | undefined;
  readonly headerHashes: HeaderHashes;
}

/** The parts of a chain a snapshot saves and restores (the settings are written back on restore). */
export interface SnapshotSubject {
  readonly state: FlatState;
  readonly pool: TxPool;
  readonly clock: ChainClock;
  coinbase: AddressHex;
  blockGasLimit: bigint;
  nextBaseFee: bigint | undefined;
  headerHashes: HeaderHashes;
}

/** The snapshots of one chain and their ids. */
export class ChainSnapshots {
  readonly #saved = new Map<number, Snapshot>();
  #nextId = 1;

  constructor(
    private readonly subject: SnapshotSubject,
    private readonly history: ChainHistory,
  ) {}

  /** Takes a snapshot; returns its id. */
  take(): number {
    const id = this.#nextId++;
    this.#saved.set(id, this.capture());
    return id;
  }

  /** Uses up one id without taking a snapshot (an automined transaction's, on Hardhat's network). */
  skipId(): void {
    this.#nextId++;
  }

  /** Restores snapshot `id`, dropping it and every later one (even when `id` is unknown); false if unknown. */
  revert(id: number): boolean {
    const snap = this.#saved.get(id);
    for (const key of [...this.#saved.keys()]) if (key >= id) this.#saved.delete(key);
    if (snap === undefined) return false;
    this.restore(snap);
    return true;
  }

  /** What the chain is now, without an id (the throwaway pending block's). */
  capture(): Snapshot {
    const s = this.subject;
    return {
      stateMark: s.state.mark(),
      blockCount: this.history.length,
      pool: s.pool.all(),
      clock: s.clock.save(),
      coinbase: s.coinbase,
      blockGasLimit: s.blockGasLimit,
      nextBaseFee: s.nextBaseFee,
      headerHashes: copyHeaderHashes(s.headerHashes),
    };
  }

  /** Puts the chain back as `snap` saw it. */
  restore(snap: Snapshot): void {
    const s = this.subject;
    this.history.truncate(snap.blockCount);
    s.state.rollback(snap.stateMark);
    s.pool.restore(snap.pool);
    s.clock.restore(snap.clock);
    s.coinbase = snap.coinbase;
    s.blockGasLimit = snap.blockGasLimit;
    s.nextBaseFee = snap.nextBaseFee;
    s.headerHashes = copyHeaderHashes(snap.headerHashes);
  }
}
