/**
 * The test-run profile in the report: transactions recorded while the project's tests ran on the parallel
 * network (`parallel.profile: true`, or `HARDHAT_PARALLEL_PROFILE_DIR`), turned into the same inputs as a
 * workload run — block traces for the contention analysis (each connection's transactions in windows of 100,
 * since automined tests put one transaction per block) and executed transactions for the soundness check.
 * Contract names come from matching creation code against the project's artifacts, which the host reads, and
 * for contracts a factory deployed, the code they left on chain against the artifacts' deployed code.
 *
 * An address that names different contracts in different connections (each test file deploys its own) gets a
 * per-connection address in the traces, so every contract keeps its own name and layout; the run's `aliases`
 * say which address and connection each stands for, which is what the report shows.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import { PROFILE_HEADER, type ProfileRecord } from "../../runtime/rpc/profile-recorder.js";
import {
  balanceKey,
  codeKey,
  keyAddress,
  keyKind,
  keySlot,
  nonceKey,
  storageKey,
  type LocationKey,
} from "../../runtime/vocabulary.js";
import { ReportError } from "../errors.js";

import type { BlockTrace } from "./block-trace.js";
import { executedTransaction, selectorOf, txTrace } from "./record-views.js";
import type { AddressAlias, WorkloadRun } from "./workload-runner.js";

const WINDOW = 100;

/** What the project's artifacts tell about a recorded transaction (read by the host from its artifacts). */
export interface ArtifactCodes {
  /** Contract name and creation bytecode (lowercase hex), longest first. */
  readonly creation: ReadonlyArray<{ readonly name: string; readonly bytecode: string }>;
  /** 4-byte selector → function name. */
  readonly selectors: ReadonlyMap<string, string>;
  /** The name of the contract whose deployed code is `code` (0x hex), immutables and libraries masked. */
  readonly runtimeName?: (code: string) => string | undefined;
}

/** What {@link deploymentsOf} reads of a transaction's record. */
export type DeploymentRecord = Pick<ProfileRecord, "created" | "input" | "deployed" | "codes">;

/**
 * Address → contract name of every contract the records deployed: a creation transaction's by its input
 * starting with an artifact's creation bytecode, any other (a factory's CREATE or CREATE2: a pair, a clone) by
 * the code it left on chain (`deployed`, with the code bytes some record of the same chain holds in `codes`).
 */
export function deploymentsOf(records: ReadonlyArray<DeploymentRecord>, codes: ArtifactCodes): Record<string, string> {
  const bytes = codeBytes(records);
  return Object.assign({}, ...records.map((r) => recordDeployments(r, bytes, codes))) as Record<string, string>;
}

/** Code (hex) by code hash, from the records that hold it. */
function codeBytes(records: ReadonlyArray<DeploymentRecord>): Map<string, string> {
  return new Map(records.flatMap((r) => Object.entries(r.codes ?? {})));
}

/** Address → contract name of what one record's transaction deployed (see {@link deploymentsOf}). */
function recordDeployments(
  r: DeploymentRecord,
  bytes: ReadonlyMap<string, string>,
  codes: ArtifactCodes,
): Record<string, string> {
  const deployments: Record<string, string> = {};
  for (const [address, hash] of Object.entries(r.deployed ?? {})) {
    const code = bytes.get(hash);
    const name = code === undefined ? undefined : codes.runtimeName?.(code);
    if (name !== undefined) deployments[address] = name;
  }
  if (r.created !== null) {
    const match = codes.creation.find((c) => r.input.toLowerCase().startsWith(c.bytecode));
    if (match !== undefined) deployments[r.created] = match.name;
  }
  return deployments;
}

/** A stretch of one connection's records over which every address names one contract. */
interface Segment {
  readonly records: ProfileRecord[];
  /** What the stretch's transactions see deployed: the earlier stretches' deployments, then its own. */
  readonly deployments: Record<string, string>;
  /** The connection (1-based). */
  readonly connection: number;
}

/**
 * One connection's records cut where another contract is deployed at an address already named — after an
 * `evm_revert` (`loadFixture`) the same nonce deploys the next fixture's contract there — so that each
 * transaction is named and checked against the contract it called, not the last one deployed at its address.
 */
function segmentsOf(records: readonly ProfileRecord[], codes: ArtifactCodes, connection: number): Segment[] {
  const bytes = codeBytes(records);
  const segments: Segment[] = [];
  let current: Segment = { records: [], deployments: {}, connection };
  for (const r of records) {
    const named = Object.entries(recordDeployments(r, bytes, codes));
    const renamed = named.some(([a, n]) => current.deployments[a] !== undefined && current.deployments[a] !== n);
    if (renamed && current.records.length > 0) {
      segments.push(current);
      current = { records: [], deployments: { ...current.deployments }, connection };
    }
    for (const [address, name] of named) current.deployments[address] = name;
    current.records.push(r);
  }
  if (current.records.length > 0) segments.push(current);
  return segments;
}

/** Addresses that name different contracts in different connections or segments (each fixture deploys its own). */
function ambiguous(maps: ReadonlyArray<Record<string, string>>): Set<string> {
  const seen = new Map<string, string>();
  const out = new Set<string>();
  for (const map of maps)
    for (const [address, name] of Object.entries(map)) {
      if (seen.has(address) && seen.get(address) !== name) out.add(address);
      seen.set(address, name);
    }
  return out;
}

/**
 * The address a connection's account gets in the profile's traces: unique per connection when the address
 * names different contracts in different connections, so each keeps its own name and storage layout.
 */
function traceAddress(address: string, chain: number, moved: ReadonlySet<string>): string {
  return moved.has(address) ? `0x${(0xc000 + chain).toString(16)}${address.slice(6)}` : address;
}

function traceKey(key: LocationKey, chain: number, moved: ReadonlySet<string>): LocationKey {
  const address = keyAddress(key);
  if (!moved.has(address)) return key;
  const to = traceAddress(address, chain, moved);
  const kind = keyKind(key);
  if (kind === "storage") return storageKey(to, keySlot(key));
  if (kind === "balance") return balanceKey(to);
  return kind === "nonce" ? nonceKey(to) : codeKey(to);
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
): Promise<(WorkloadRun & { readonly deploymentsLeftOut: number }) | undefined> {
  const connections = await readProfiles(dir);
  const all = connections.flat();
  if (all.length === 0) return undefined;
  const codes = await artifactCodes();
  const segments = connections.flatMap((records, c) => segmentsOf(records, codes, c + 1));
  const chains = segments.map((segment) => ({
    deployments: segment.deployments,
    executed: segment.records.filter((r) => r.to !== null).map((r) => executedTransaction(r)),
  }));
  const moved = ambiguous(chains.map((c) => c.deployments));
  const deployments: Record<string, string> = {};
  const aliases: Record<string, AddressAlias> = {};
  segments.forEach((segment, c) => {
    for (const [address, name] of Object.entries(segment.deployments))
      deployments[traceAddress(address, c, moved)] = name;
    for (const address of moved) aliases[traceAddress(address, c, moved)] = { address, connection: segment.connection };
  });
  const blocks: BlockTrace[] = [];
  segments.forEach(({ records: all }, c) => {
    const keys = (list: readonly string[]) => list.map((k) => traceKey(k, c, moved));
    // Deployments are the tests' setup, not traffic: a call depends on its contract's creation by construction.
    const records = all.filter((r) => r.to !== null);
    for (let i = 0; i < records.length; i += WINDOW) {
      const window = records.slice(i, i + WINDOW);
      blocks.push({
        number: blocks.length,
        transactions: window.map((r, index) => ({
          ...txTrace(r, index, {
            contract: r.to === null ? undefined : chains[c]?.deployments[r.to],
            function: codes.selectors.get(selectorOf(r) ?? ""),
          }),
          to: r.to === null ? undefined : traceAddress(r.to, c, moved),
          ...(!Array.isArray(r.calls)
            ? {}
            : {
                calls: r.calls.map((f) => ({
                  ...f,
                  from: traceAddress(f.from, c, moved),
                  to: traceAddress(f.to, c, moved),
                })),
              }),
          reads: keys(r.reads),
          writes: keys(r.writes),
          deltas: keys(r.deltas),
        })),
      });
    }
  });
  const calls = all.filter((r) => r.to !== null);
  return {
    blocks,
    transactions: calls.length,
    deploymentsLeftOut: all.length - calls.length,
    reverted: calls.filter((r) => r.status === 0).length,
    revertReasons: new Map(),
    deployments,
    aliases,
    executed: [],
    miningMs: 0,
    blockMs: [],
    chains,
  };
}
