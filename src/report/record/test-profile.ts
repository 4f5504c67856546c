/**
 * The test-run profile in the report: transactions recorded while the project's tests ran on the parallel
 * network (`parallel.profile: true`, or `HARDHAT_PARALLEL_PROFILE_DIR`), turned into the same inputs as a
 * workload run — block traces for the contention analysis (each connection's transactions in windows of 100,
 * since automined tests put one transaction per block) and executed transactions for the soundness check.
 * Contract names come from matching creation code against the project's artifacts, which the host reads.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import { PROFILE_HEADER, type ProfileRecord } from "../../runtime/rpc/profile-recorder.js";
import { ReportError } from "../errors.js";

import type { BlockTrace } from "./block-trace.js";
import { executedTransaction, selectorOf, txTrace } from "./record-views.js";
import type { WorkloadRun } from "./workload-runner.js";

const WINDOW = 100;

/** What the project's artifacts tell about a recorded transaction (read by the host from its artifacts). */
export interface ArtifactCodes {
  /** Contract name and creation bytecode (lowercase hex), longest first. */
  readonly creation: ReadonlyArray<{ readonly name: string; readonly bytecode: string }>;
  /** 4-byte selector → function name. */
  readonly selectors: ReadonlyMap<string, string>;
}

/** Address → contract name of every creation whose input starts with an artifact's creation bytecode. */
export function deploymentsOf(
  records: ReadonlyArray<Pick<ProfileRecord, "created" | "input">>,
  codes: ArtifactCodes,
): Record<string, string> {
  const deployments: Record<string, string> = {};
  for (const r of records) {
    if (r.created !== null) {
      const match = codes.creation.find((c) => r.input.toLowerCase().startsWith(c.bytecode));
      if (match !== undefined) deployments[r.created] = match.name;
    }
  }
  return deployments;
}

/** Address → name where every chain that has the address agrees on the name. */
function agreed(maps: ReadonlyArray<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  const conflicting = new Set<string>();
  for (const map of maps) {
    for (const [address, name] of Object.entries(map)) {
      if (out[address] !== undefined && out[address] !== name) conflicting.add(address);
      out[address] = name;
    }
  }
  for (const address of conflicting) delete out[address];
  return out;
}

function recordsOf(file: string, text: string): ProfileRecord[] {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const parsed = lines.map((l) => JSON.parse(l) as ProfileRecord | { format?: unknown; version?: unknown });
  const first = parsed[0];
  if (first === undefined || !("format" in first)) return parsed as ProfileRecord[];
  if (first.format !== PROFILE_HEADER.format || first.version !== PROFILE_HEADER.version) {
    throw new ReportError("PROFILE_UNSUPPORTED", { file, format: JSON.stringify(first) });
  }
  return parsed.slice(1) as ProfileRecord[];
}

async function readProfiles(dir: string): Promise<ProfileRecord[][]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith(".jsonl")).sort();
  } catch {
    return [];
  }
  const out: ProfileRecord[][] = [];
  for (const f of files) {
    const file = path.join(dir, f);
    out.push(recordsOf(file, await readFile(file, "utf8")));
  }
  return out;
}

/** The test-run profile as a workload run, or undefined when no profile was recorded. */
export async function loadTestProfile(
  dir: string,
  artifactCodes: () => Promise<ArtifactCodes>,
): Promise<WorkloadRun | undefined> {
  const connections = await readProfiles(dir);
  const all = connections.flat();
  if (all.length === 0) return undefined;
  const codes = await artifactCodes();
  const chains = connections.map((records) => ({
    deployments: deploymentsOf(records, codes),
    executed: records.filter((r) => r.to !== null).map(executedTransaction),
  }));
  const deployments = agreed(chains.map((c) => c.deployments));
  const blocks: BlockTrace[] = [];
  connections.forEach((records, c) => {
    for (let i = 0; i < records.length; i += WINDOW) {
      const window = records.slice(i, i + WINDOW);
      blocks.push({
        number: blocks.length,
        transactions: window.map((r, index) =>
          txTrace(r, index, {
            contract: r.to === null ? undefined : chains[c]?.deployments[r.to],
            function: codes.selectors.get(selectorOf(r) ?? ""),
          }),
        ),
      });
    }
  });
  const reverted = all.filter((r) => r.status === 0).length;
  return {
    blocks,
    transactions: all.length,
    reverted,
    revertReasons: new Map(),
    deployments,
    executed: [],
    miningMs: 0,
    blockMs: [],
    chains,
  };
}
