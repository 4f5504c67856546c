/**
 * Test-run profiles: while a project's tests run on the parallel network, every mined transaction's recorded
 * access sets (and, for blocks executed on the main thread, its call frames) are appended as JSON lines to a
 * file per connection. `parallel-report` reads them to show which functions conflicted in the project's real
 * test traffic and to run the analyzer's soundness check over it.
 */
import { appendFileSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";

import type { Chain, StoredBlock } from "../chain/chain.js";
import type { MessageFrame } from "../evm/evm-context.js";
import { toHex } from "../util/hex.js";

/** One line of a profile file. */
export interface ProfileRecord {
  readonly block: number;
  readonly index: number;
  readonly hash: string;
  readonly from: string;
  readonly to: string | null;
  readonly input: string;
  readonly status: number;
  readonly gasUsed: number;
  readonly created: string | null;
  readonly reads: string[];
  readonly writes: string[];
  readonly deltas: string[];
  /** Call frames (`from`, storage address `to`, calldata), or null when the block ran off the main thread. */
  readonly calls: Array<{ from: string; to: string; input: string }> | null;
}

let sequence = 0;
const cleaned = new Set<string>();

/** Profiles of earlier test runs are replaced, not accumulated: the first recorder of a run clears the folder. */
function clearEarlierRuns(dir: string): void {
  if (cleaned.has(dir)) return;
  cleaned.add(dir);
  const started = Date.now() - process.uptime() * 1000 - 1000;
  for (const file of readdirSync(dir)) {
    const full = path.join(dir, file);
    if (file.endsWith(".jsonl") && statSync(full).mtimeMs < started) rmSync(full);
  }
}

/** Appends the profile of one connection's chain to `dir`. */
export class ProfileRecorder {
  readonly file: string;
  #frames: Array<Array<{ from: string; to: string; input: string }>> = [];

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    clearEarlierRuns(dir);
    this.file = path.join(dir, `${process.pid}-${Date.now()}-${sequence++}.jsonl`);
  }

  /** Starts collecting call frames from `chain`'s EVM. */
  attach(chain: Chain): void {
    chain.context.messageObserver = (frame: MessageFrame) => this.#observe(frame);
  }

  /** Records a mined block. */
  record(stored: StoredBlock): void {
    const mainThread = stored.execution?.stats.strategy === "sequential";
    const frames = mainThread ? this.#frames.slice(this.#frames.length - stored.executed.length) : [];
    this.#frames = [];
    const lines = stored.executed.map((e, index) => {
      const record: ProfileRecord = {
        block: Number(stored.number),
        index,
        hash: toHex(e.tx.hash()),
        from: e.sender,
        to: e.tx.to === undefined ? null : toHex(e.tx.to.bytes),
        input: toHex(e.tx.data),
        status: e.status,
        gasUsed: Number(e.gasUsed),
        created: e.createdAddress ?? null,
        reads: [...e.access.reads.keys()],
        writes: [...e.access.writes.keys()],
        deltas: [...e.access.deltas.keys()],
        calls: mainThread ? (frames[index] ?? null) : null,
      };
      return JSON.stringify(record);
    });
    if (lines.length > 0) appendFileSync(this.file, `${lines.join("\n")}\n`);
  }

  #observe(frame: MessageFrame): void {
    if (frame.depth === 0) this.#frames.push([]);
    const current = this.#frames[this.#frames.length - 1];
    if (current !== undefined && frame.to !== undefined && !frame.delegatecall) {
      current.push({ from: frame.caller, to: frame.to, input: toHex(frame.data) });
    }
    if (this.#frames.length > 10_000) this.#frames.splice(0, this.#frames.length - 1_000);
  }
}
