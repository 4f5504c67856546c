/**
 * Test-run profiles: while a project's tests run on the parallel network, every mined transaction's recorded
 * access sets (and, for blocks executed on the main thread, its call frames) are appended as JSON lines to a
 * file per connection. `parallel-report` reads them to show which functions conflicted in the project's real
 * test traffic and to run the analyzer's soundness check over it.
 */
import { appendFileSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";

import type { Chain, StoredBlock } from "../chain/chain.js";
import { ExecutionObserver } from "../evm/execution-observer.js";
import type { ExecutedTx } from "../exec/block-execution.js";
import { executionRecord, type ExecutionRecord } from "../execution-record.js";
import { EMPTY_CODE_HASH } from "../state/account-data.js";
import { toHex } from "../util/hex.js";
import { keyAddress, keyKind, type AddressHex } from "../vocabulary.js";

/** The first line of a profile file: what the file is and the version of its record lines. */
export const PROFILE_HEADER = { format: "hardhat-parallel-profile", version: 2 } as const;

/**
 * One record line of a profile file: the transaction's execution record and its place in the chain.
 * Version 1 files (no header line) hold the same fields.
 */
export interface ProfileRecord extends ExecutionRecord {
  readonly block: number;
  readonly index: number;
  /**
   * Accounts the transaction left with code — its creation, a factory's CREATE or CREATE2 — as address → code
   * hash, so that the report names contracts no creation transaction deployed. Absent when there are none.
   */
  readonly deployed?: Record<AddressHex, string>;
  /** Code (0x hex) by code hash, on the first record of the file that deployed it. */
  readonly codes?: Record<string, string>;
}

/** Address → code hash of every account `executed` left with code (a creation, a factory's CREATE/CREATE2). */
export function deployedCodes(executed: Pick<ExecutedTx, "access">): Map<AddressHex, string> {
  const deployed = new Map<AddressHex, string>();
  for (const [key, value] of executed.access.writes) {
    if (typeof value === "string" && value !== EMPTY_CODE_HASH && keyKind(key) === "code")
      deployed.set(keyAddress(key), value);
  }
  return deployed;
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
  // Preimages of mapping slots (keccak(key . slot)) let the report name entries keyed by ids and nested keys.
  readonly #observer = new ExecutionObserver({ preimages: true });
  /** Code hashes whose code the file already holds. */
  readonly #written = new Set<string>();

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    clearEarlierRuns(dir);
    this.file = path.join(dir, `${process.pid}-${Date.now()}-${sequence++}.jsonl`);
    appendFileSync(this.file, `${JSON.stringify(PROFILE_HEADER)}\n`);
  }

  /** Starts collecting call frames from `chain`'s EVM. */
  attach(chain: Chain): void {
    this.#observer.attach(chain.context);
  }

  /** Records a mined block; call frames only when it ran on the main thread, where the observer sees it. */
  record(stored: StoredBlock): void {
    const mainThread = stored.execution?.stats.strategy === "sequential";
    const seen = this.#observer.take(mainThread ? stored.executed.length : 0);
    const lines = stored.executed.map((e, index) => {
      const record: ProfileRecord = {
        block: Number(stored.number),
        index,
        ...executionRecord(e, seen[index]),
        ...this.#deployments(e),
      };
      return JSON.stringify(record);
    });
    if (lines.length > 0) appendFileSync(this.file, `${lines.join("\n")}\n`);
  }

  /** The `deployed` and `codes` fields of `e`'s record (none when it deployed nothing). */
  #deployments(e: ExecutedTx): Pick<ProfileRecord, "deployed" | "codes"> {
    const deployed = deployedCodes(e);
    if (deployed.size === 0) return {};
    const codes: Record<string, string> = {};
    for (const hash of deployed.values()) {
      const code = e.access.codes.get(hash);
      if (code === undefined || this.#written.has(hash)) continue;
      this.#written.add(hash);
      codes[hash] = toHex(code);
    }
    return Object.keys(codes).length === 0
      ? { deployed: Object.fromEntries(deployed) }
      : { deployed: Object.fromEntries(deployed), codes };
  }
}
