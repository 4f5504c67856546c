/**
 * Block time as Hardhat's network keeps it: wall-clock seconds plus an offset that `evm_increaseTime` grows,
 * an optional fixed timestamp for the next block (`evm_setNextBlockTimestamp`), after which time flows on from
 * that point, and strictly increasing block timestamps.
 *
 * A *simulated* clock (for `parallel-report`'s workload chains) ignores the wall clock: blocks are 12 seconds
 * apart from a fixed genesis, plus whatever `evm_increaseTime` adds — so a workload gives the same blocks,
 * gas and baseline on every run.
 */

function wallClockSeconds(): bigint {
  return BigInt(Math.floor(Date.now() / 1000));
}

/** Saved clock state (snapshots). */
export interface ClockState {
  readonly offset: bigint;
  readonly next: bigint | undefined;
  /** Wall-clock milliseconds when it was saved. */
  readonly savedAt: number;
  readonly unchecked: boolean;
}

/** Seconds between blocks of a simulated clock. */
export const SIMULATED_BLOCK_TIME = 12n;

/** The mining clock of one chain. */
export class ChainClock {
  #offset = 0n;
  #next: bigint | undefined;
  /** The next block takes "now" even if it is not after its parent (see `resumeBehind`). */
  #unchecked = false;
  readonly #genesis: bigint;
  readonly #simulated: boolean;

  constructor(
    genesisTimestamp: bigint | undefined,
    simulated = false,
    private readonly allowSameTimestamp = false,
    startedAt: number = Date.now(),
  ) {
    const started = BigInt(Math.floor(startedAt / 1000));
    this.#genesis = genesisTimestamp ?? started;
    this.#simulated = simulated;
    // As on Hardhat's network, a set genesis time (`initialDate`) shifts the whole clock: time runs on from it
    // (EDR starts its offset at initialDate − now when the connection opens; Hardhat resolves initialDate when it
    // loads the config).
    if (genesisTimestamp !== undefined && !simulated) this.#offset = genesisTimestamp - started;
  }

  /** Timestamp of the genesis block. */
  genesisTimestamp(): bigint {
    return this.#genesis;
  }

  /** The chain's "now": wall clock plus offset. */
  now(): bigint {
    return wallClockSeconds() + this.#offset;
  }

  /** Timestamp for a block on top of a parent with `parentTimestamp`. */
  nextTimestamp(parentTimestamp: bigint): bigint {
    if (this.#next !== undefined) return this.#next;
    if (this.#simulated) return parentTimestamp + SIMULATED_BLOCK_TIME + this.#offset;
    const now = this.now();
    if (now > parentTimestamp || this.#unchecked) return now;
    return this.allowSameTimestamp && now === parentTimestamp ? now : parentTimestamp + 1n;
  }

  /** Called when a block with `timestamp` is mined: time continues from an explicitly set timestamp. */
  consumeNextTimestamp(timestamp: bigint): void {
    this.#unchecked = false;
    if (this.#simulated) {
      this.#offset = 0n;
      this.#next = undefined;
      return;
    }
    if (this.#next === undefined && timestamp <= this.now()) return;
    this.#offset = timestamp - wallClockSeconds();
    this.#next = undefined;
  }

  /**
   * Time after `hardhat_mine` of several blocks at interval 0 (each one second after its parent), as on Hardhat's
   * network (measured against EDR 0.22): the clock resumes one second behind the latest block's `timestamp`, and
   * the next block takes that time unchecked — one second *before* its parent when mined at once — while later
   * blocks are again at least one second after their parent.
   */
  resumeBehind(timestamp: bigint): void {
    if (this.#simulated) return;
    this.#offset = timestamp - 1n - wallClockSeconds();
    this.#next = undefined;
    this.#unchecked = true;
  }

  /** Moves time forward by `seconds`; returns the total offset. */
  increase(seconds: bigint): bigint {
    this.#offset += seconds;
    return this.#offset;
  }

  /** Fixes the next block's timestamp. */
  setNext(timestamp: bigint): void {
    this.#next = timestamp;
  }

  /** Current offset in seconds. */
  get offset(): bigint {
    return this.#offset;
  }

  save(): ClockState {
    return { offset: this.#offset, next: this.#next, savedAt: Date.now(), unchecked: this.#unchecked };
  }

  /**
   * Back to a saved state. As on Hardhat's network (measured against EDR 0.22), the offset comes back grown by
   * the whole seconds of wall-clock time since the save: EDR adds the time since `evm_snapshot` on `evm_revert`
   * rather than rewinding it, so a block mined after a revert is that much later than the wall clock.
   */
  restore(state: ClockState): void {
    const elapsed = this.#simulated ? 0n : BigInt(Math.floor((Date.now() - state.savedAt) / 1000));
    this.#offset = state.offset + elapsed;
    this.#next = state.next;
    this.#unchecked = state.unchecked;
  }
}
