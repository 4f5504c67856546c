/**
 * The test-run profile in the report: transactions recorded while the project's tests ran on the parallel
 * network (`parallel.profile: true`, or `HARDHAT_PARALLEL_PROFILE_DIR`), turned into the same inputs as a
 * workload run — block traces for the contention analysis (each connection's transactions in windows of 100,
 * since automined tests put one transaction per block) and executed transactions for the soundness check.
 * Contract names come from matching creation code against the project's artifacts, which the host reads.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import type { ExecutedTransaction } from "../../analyzer/index.js";

import type { ProfileRecord } from "../../runtime/rpc/profile-recorder.js";

import type { BlockTrace } from "./block-trace.js";
import { storageAccesses } from "./storage-accesses.js";
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

function soundnessEntry(r: ProfileRecord): ExecutedTransaction | undefined {
  if (r.to === null) return undefined;
  // Without call frames only the top-level contract's storage can be attributed to a function.
  const accesses = storageAccesses(r.reads, r.writes, r.calls === null ? r.to : undefined);
  return { hash: r.hash, from: r.from, to: r.to, input: r.input, accesses, calls: r.calls ?? undefined };
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

async function readProfiles(dir: string): Promise<ProfileRecord[][]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith(".jsonl")).sort();
  } catch {
    return [];
  }
  const out: ProfileRecord[][] = [];
  for (const f of files) {
    const lines = (await readFile(path.join(dir, f), "utf8")).split("\n").filter((l) => l.trim() !== "");
    out.push(lines.map((l) => JSON.parse(l) as ProfileRecord));
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
    executed: records.map(soundnessEntry).filter((e): e is ExecutedTransaction => e !== undefined),
  }));
  const deployments = agreed(chains.map((c) => c.deployments));
  const blocks: BlockTrace[] = [];
  connections.forEach((records, c) => {
    for (let i = 0; i < records.length; i += WINDOW) {
      const window = records.slice(i, i + WINDOW);
      blocks.push({
        number: blocks.length,
        transactions: window.map((r, index) => ({
          index,
          gasUsed: r.gasUsed,
          to: r.to ?? undefined,
          contract: r.to === null ? undefined : chains[c]?.deployments[r.to],
          function: r.input.length >= 10 ? codes.selectors.get(r.input.slice(0, 10)) : undefined,
          sender: r.from,
          reads: r.reads,
          writes: r.writes,
          deltas: r.deltas,
        })),
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
