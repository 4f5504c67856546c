/**
 * What the fuzzer does not compare, each with its reason (docs/COMPATIBILITY.md lists the same):
 *
 * - Block `hash`, `parentHash`, `stateRoot`, and `blockHash` wherever it appears: they cover the timestamps
 *   (below), and contracts may store those; test/compat/header-parity.test.ts compares them with timestamps set.
 * - `accountProof` of `eth_getProof`: a proof against that state root.
 * - Timestamps (`timestamp`, `blockTimestamp`) within one second: each network reads the wall clock for the
 *   next block at a slightly different instant, so a step that straddles a second boundary differs by one.
 * - The clock offset `evm_increaseTime` answers, within one second: it is relative to the wall clock each
 *   network read when its chain was created, a few milliseconds apart.
 * - Block hashes in a block filter's changes: compared as the numbers of the blocks they name.
 * - Snapshot and filter ids: opaque handles (EDR's counters do not start where ours do); the replayer maps
 *   them, only their kind (a quantity) is compared.
 * - EDR's messages built from the project's compiled sources (its Solidity stack traces) other than those the
 *   plugin words from the project's ABIs too (custom errors, "function selector was not recognized…",
 *   "non-payable function…", "fallback function is not payable…", "function call to a non-contract account":
 *   compared): EDR reads the sources, the runtime has none (code and data are compared).
 * - The client's name and version (`web3_clientVersion`; `clientVersion` of `hardhat_metadata`) and
 *   `hardhat_metadata`'s `instanceId` (random per connection) and `latestBlockHash` (a block hash, above).
 * - The `id` in the data of -32004 (an unsupported method's error carries the request), and of the refusals EDR
 *   raises while parsing a param (they carry the request too, and their message ends "at line 1 column N", a
 *   position in that request's text, so N is not compared either): each provider numbers its own requests, and
 *   Hardhat's request handlers send requests of their own to EDR.
 * - Messages and data of -32602 (malformed params): EDR's come from its serde parser and echo the request;
 *   ours name the parameter (the code is compared).
 * - What follows "Method X is not supported: " in our -32004 answers: a block tag EDR does not read ("Latest", "12")
 *   makes the request unsupported there; ours add which param and what it expected.
 */

const BLOCK_ONLY_OURS = ["hash", "parentHash", "stateRoot"];

function isBlock(o: Record<string, unknown>): boolean {
  return "parentHash" in o && "miner" in o;
}

/** `hardhat_metadata` fields that differ by design (see the header). */
const METADATA_OURS = ["clientVersion", "instanceId", "latestBlockHash"];

/** A deep copy of an answer without the fields that differ by design. */
export function normalise(value: unknown, method: string): unknown {
  if (method === "web3_clientVersion" && typeof value === "string") return "(client version)";
  if (method === "hardhat_metadata" && value !== null && typeof value === "object" && !Array.isArray(value)) {
    const kept = Object.entries(value).filter(([key]) => !METADATA_OURS.includes(key));
    return normalise(Object.fromEntries(kept), "");
  }
  if (Array.isArray(value)) return value.map((v) => normalise(v, method));
  if (value === null || typeof value !== "object") return value;
  const o = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const block = isBlock(o);
  for (const [key, v] of Object.entries(o)) {
    if (key === "blockHash") continue;
    if (block && BLOCK_ONLY_OURS.includes(key)) continue;
    if (method === "eth_getProof" && key === "accountProof") continue;
    out[key] = normalise(v, method);
  }
  return out;
}

/** Replaces timestamps of `ours` by EDR's where they differ by at most one second (see the header). */
export function alignTimestamps(edr: unknown, ours: unknown): unknown {
  if (Array.isArray(edr) && Array.isArray(ours)) return ours.map((v, i) => alignTimestamps(edr[i], v));
  if (edr === null || ours === null || typeof edr !== "object" || typeof ours !== "object") return ours;
  const a = edr as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(ours as Record<string, unknown>)) {
    const e = a[key];
    const isTime = key === "timestamp" || key === "blockTimestamp";
    if (isTime && typeof e === "string" && typeof v === "string" && /^0x[0-9a-f]+$/.test(e + v.slice(2))) {
      const delta = BigInt(e) - BigInt(v);
      out[key] = delta >= -1n && delta <= 1n ? e : v;
    } else out[key] = alignTimestamps(e, v);
  }
  return out;
}

/** `evm_increaseTime`'s answer (the clock offset in seconds) of ours replaced by EDR's within one second. */
export function alignClockOffset(method: string, edr: unknown, ours: unknown): unknown {
  if (method !== "evm_increaseTime") return ours;
  const a = (edr as { result?: unknown }).result;
  const b = (ours as { result?: unknown }).result;
  if (typeof a !== "string" || typeof b !== "string" || !/^-?\d+$/.test(a) || !/^-?\d+$/.test(b)) return ours;
  const delta = BigInt(a) - BigInt(b);
  return delta >= -1n && delta <= 1n ? edr : ours;
}
