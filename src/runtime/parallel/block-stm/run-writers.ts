/**
 * Validation of speculative read sets at the in-order commit, by *run* rather than by value where it can. A run
 * is one speculative pass over the pre-block state — the main lane, a worker lane, a stolen tail (lanes/
 * tail-steal.ts) — in which each transaction saw the pre-block state plus the writes of the run's earlier
 * transactions. When the committed transactions below j were all accepted as their runs executed them, and j's
 * run executed its transactions in block order, the committed value of a location j read differs from what j
 * saw only if a transaction of *another* run wrote it: so a read whose location no other run has written yet is
 * valid without reading the state (one map lookup instead of parsing the key and reading the state), and the
 * main lane — no other run below it — validates as a whole. Any other read is validated by value against the
 * committed state, as Block-STM's value-based validation does.
 *
 * Why this is sound: the table below says, per location, which run wrote its committed value since the last
 * absolute write (or `MIXED`: several did, or a transaction decided at its commit point). A run becomes
 * *tainted* when one of its transactions was not accepted as it ran (re-executed, invalid, left out for gas):
 * its later transactions saw writes that are not final, so every read of theirs is checked by value. A run
 * that did not execute in block order (the sharded executor's lanes go group by group) is checked by value
 * too: a transaction there may have seen writes of a higher one, which are not committed yet at its turn.
 */
import type { AccessSets, LocationKey, ReadSet } from "../../vocabulary.js";

/** Writers of more than one run, or a transaction decided at its commit point. */
const MIXED = -1;

/** Per location, the run whose writes made its committed value so far in the block. */
export class RunWriters {
  readonly #writer = new Map<LocationKey, number>();
  readonly #tainted = new Set<number>();
  readonly #unordered = new Set<number>();

  /** Marks run `run` as not executed in block order (its reads are always checked by value). */
  unordered(run: number): void {
    this.#unordered.add(run);
  }

  /** A transaction of `run` was accepted as it ran: its writes and deltas made the committed values. */
  accepted(run: number, access: AccessSets): void {
    for (const key of access.writes.keys()) this.#writer.set(key, run);
    for (const key of access.deltas.keys()) {
      const before = this.#writer.get(key);
      this.#writer.set(key, before === undefined || before === run ? run : MIXED);
    }
  }

  /**
   * A transaction was decided at its commit point (re-executed, invalid, or left out): `run` (if it ran
   * speculatively) saw writes of it that are not final; `access` (if it executed) are its final accesses.
   */
  decidedAtCommit(run: number | undefined, access: AccessSets | undefined): void {
    if (run !== undefined) this.#tainted.add(run);
    if (access === undefined) return;
    for (const key of access.writes.keys()) this.#writer.set(key, MIXED);
    for (const key of access.deltas.keys()) this.#writer.set(key, MIXED);
  }

  /**
   * The first location of `reads` (by a transaction of `run`) whose committed value differs from what was
   * seen, `valueOf` giving a committed value; undefined when all are equal.
   */
  firstStale(run: number, reads: ReadSet, valueOf: (key: LocationKey) => unknown): LocationKey | undefined {
    const byRun = !this.#tainted.has(run) && !this.#unordered.has(run);
    for (const [key, seen] of reads) {
      if (byRun) {
        const writer = this.#writer.get(key);
        if (writer === undefined || writer === run) continue;
      }
      if (valueOf(key) !== seen) return key;
    }
    return undefined;
  }
}
