/**
 * Replays a request stream on a fresh pair of networks (EDR and the parallel network), step by step, and
 * compares each pair of answers after the normalisations of `normalise.ts`. Placeholders of the stream
 * (`compat-stream.ts`) are resolved on each network from what that network answered before.
 */
import { isDeepStrictEqual } from "node:util";

import type { NetworkConnection } from "hardhat/types/network";

import { CompatPair, outcomeOf, type Outcome } from "../helpers/compat-pair.js";

import type { Step } from "./compat-stream.js";
import { alignClockOffset, alignTimestamps, normalise } from "./normalise.js";

/** A step whose answers differ. */
export interface Divergence {
  readonly step: number;
  readonly method: string;
  readonly edrRequest: unknown[];
  readonly parallelRequest: unknown[];
  readonly edr: Outcome;
  readonly parallel: Outcome;
  /** Where the normalised answers first differ. */
  readonly where: string;
}

/** The path of the first difference between two JSON values, with both values there. */
export function firstDifference(a: unknown, b: unknown, path = "$"): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) {
      const found = firstDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        `${path}.${key}`,
      );
      if (found !== undefined) return found;
    }
  }
  return `${path}: EDR ${brief(a)} / parallel ${brief(b)}`;
}

const NO_HASH = `0x${"00".repeat(32)}`;
const NOWHERE = "0x000000000000000000000000000000000000dead";
/** Beginnings of EDR's messages built from the project's compiled sources (its Solidity stack traces). */
const SOURCE_MESSAGES = ["Transaction reverted: ", "Transaction reverted and Hardhat couldn't infer the reason"];
/** Those the parallel network words too, from the project's ABIs (src/runtime/rpc/revert-inference.ts): compared. */
const INFERRED_MESSAGES = [
  "Transaction reverted: function selector was not recognized",
  "Transaction reverted: non-payable function was called with value",
  "Transaction reverted: fallback function is not payable",
  "Transaction reverted: there's no receive function",
  "Transaction reverted: function call to a non-contract account",
];
const OPAQUE_RESULTS = new Set(["evm_snapshot", "eth_newFilter", "eth_newBlockFilter"]);

/** What one network has produced so far (the values placeholders point at). */
export class Side {
  readonly contracts: string[] = [];
  readonly txs: string[] = [];
  readonly snapshots: string[] = [];
  readonly filters: string[] = [];
  #unmined: string[] = [];
  #seenHead = 0;

  constructor(readonly connection: NetworkConnection) {}

  request(method: string, params: unknown[]): Promise<Outcome> {
    return outcomeOf(this.connection, method, params);
  }

  async resolve(value: unknown, sharedTime: (ahead: boolean) => Promise<bigint>): Promise<unknown> {
    if (Array.isArray(value)) return Promise.all(value.map((v) => this.resolve(v, sharedTime)));
    if (value !== null && typeof value === "object") {
      const entries = await Promise.all(
        Object.entries(value).map(async ([k, v]) => [k, await this.resolve(v, sharedTime)] as const),
      );
      return Object.fromEntries(entries);
    }
    if (typeof value !== "string" || !value.startsWith("$")) return value;
    const [kind, arg = "0"] = value.slice(1).split(":");
    const n = Number(arg);
    const nth = (list: string[], fallback: string): string => list[n % Math.max(1, list.length)] ?? fallback;
    if (kind === "contract") return nth(this.contracts, NOWHERE);
    if (kind === "tx") return nth(this.txs, NO_HASH);
    if (kind === "snapshot") return nth(this.snapshots, "0x7fff");
    if (kind === "filter") return nth(this.filters, "0x7fff");
    if (kind === "time") return Number((await sharedTime(n >= 0)) + BigInt(n));
    if (kind === "blockhash") return this.#blockHash(n);
    throw new Error(`unknown placeholder ${value}`);
  }

  /**
   * The answer with block hashes of a block filter's changes replaced by their block numbers (the hashes
   * differ by design, see normalise.ts; which blocks are reported must not).
   */
  async withBlockNumbers(method: string, outcome: Outcome): Promise<Outcome> {
    if (method !== "eth_getFilterChanges" || !outcome.ok || !Array.isArray(outcome.result)) return outcome;
    const result = await Promise.all(
      outcome.result.map(async (item: unknown) => {
        if (typeof item !== "string" || item.length !== 66) return item;
        const block = await this.request("eth_getBlockByHash", [item, false]);
        return block.ok ? `block ${String((block.result as { number?: string } | null)?.number)}` : item;
      }),
    );
    return { ok: true, result };
  }

  async latestTimestamp(): Promise<bigint> {
    const block = await this.request("eth_getBlockByNumber", ["latest", false]);
    return block.ok ? BigInt(String((block.result as { timestamp: string }).timestamp)) : 0n;
  }

  /** Records what the step produced (transaction hashes, snapshot and filter ids, deployed contracts). */
  async record(method: string, outcome: Outcome): Promise<void> {
    if (outcome.ok && typeof outcome.result === "string") {
      if (method === "eth_sendTransaction") {
        this.txs.push(outcome.result);
        this.#unmined.push(outcome.result);
      }
      if (method === "evm_snapshot") this.snapshots.push(outcome.result);
      if (method === "eth_newFilter" || method === "eth_newBlockFilter") this.filters.push(outcome.result);
    }
    await this.#recordMined();
    const still: string[] = [];
    for (const hash of this.#unmined) {
      const receipt = await this.request("eth_getTransactionReceipt", [hash]);
      const r = (receipt.ok ? receipt.result : null) as { status?: string; contractAddress?: string | null } | null;
      if (r === null) still.push(hash);
      else if (r.status === "0x1" && typeof r.contractAddress === "string") this.contracts.push(r.contractAddress);
    }
    this.#unmined = still;
  }

  /** Adds the hashes of transactions in blocks mined since the last step (failed sends answer no hash). */
  async #recordMined(): Promise<void> {
    const head = await this.request("eth_blockNumber", []);
    const latest = head.ok ? Number(head.result) : 0;
    for (let n = Math.min(this.#seenHead, latest) + 1; n <= latest; n++) {
      const block = await this.request("eth_getBlockByNumber", [`0x${n.toString(16)}`, false]);
      const hashes = block.ok ? ((block.result as { transactions?: string[] } | null)?.transactions ?? []) : [];
      for (const hash of hashes) if (!this.txs.includes(hash)) this.txs.push(hash);
    }
    this.#seenHead = latest;
  }

  async #blockHash(n: number): Promise<string> {
    const head = await this.request("eth_blockNumber", []);
    const count = head.ok ? Number(head.result) + 1 : 1;
    const block = await this.request("eth_getBlockByNumber", [`0x${(n % count).toString(16)}`, false]);
    return block.ok ? String((block.result as { hash: string }).hash) : NO_HASH;
  }
}

/** An error reduced to what must be equal; which parts are left out is decided by EDR's answer. */
function comparableFailure(o: Outcome & { ok: false }, edr: Outcome): Record<string, unknown> {
  const edrMessage = edr.ok ? "" : edr.message;
  if (!edr.ok && edr.code === -32602) return { error: o.code };
  const inferred = INFERRED_MESSAGES.some((m) => edrMessage.startsWith(m));
  const fromSources = !inferred && SOURCE_MESSAGES.some((m) => edrMessage.startsWith(m));
  const echoed = o.code === -32004 || isRequest(o.data);
  const data = echoed ? requestWithoutId(o.data) : o.data;
  const position = o.message.replace(/ at line 1 column \d+$/, " at line 1 column (n)");
  // An unsupported-method error is compared up to EDR's words: ours then name the param that made it so.
  const message = o.code === -32004 ? position.replace(/^(Method \S+ is not supported): .*$/s, "$1") : position;
  return { error: o.code, data, ...(fromSources ? {} : { message }) };
}

/** Whether `data` is a request echoed back (EDR's -32004 and its refusals raised while parsing params). */
function isRequest(data: unknown): boolean {
  return data !== null && typeof data === "object" && "jsonrpc" in data && "method" in data;
}

/** An echoed request without its id: each provider counts its own requests. */
function requestWithoutId(data: unknown): unknown {
  if (data === null || typeof data !== "object" || !("id" in data)) return data;
  const { id: _id, ...rest } = data as Record<string, unknown>;
  return rest;
}

/** The two answers reduced to what must be equal (see normalise.ts). */
export function comparable(method: string, edr: Outcome, parallel: Outcome): [unknown, unknown] {
  const reduce = (o: Outcome): unknown => {
    if (!o.ok) return comparableFailure(o, edr);
    return OPAQUE_RESULTS.has(method) ? { result: typeof o.result } : { result: normalise(o.result, method) };
  };
  const a = reduce(edr);
  return [a, alignClockOffset(method, a, alignTimestamps(a, reduce(parallel)))];
}

/** Replays `steps` on a fresh pair; answers the first divergence, or undefined. */
export async function replay(steps: readonly Step[]): Promise<Divergence | undefined> {
  const pair = await CompatPair.open();
  try {
    const edr = new Side(pair.edr);
    const ours = new Side(pair.parallel);
    for (const [index, step] of steps.entries()) {
      let times: Promise<[bigint, bigint]> | undefined;
      // The later latest timestamp of the two for a time ahead, the earlier one for a time behind: the two
      // clocks may be a second apart (normalise.ts), and the request must mean the same on both.
      const sharedTime = async (ahead: boolean): Promise<bigint> => {
        times ??= Promise.all([edr.latestTimestamp(), ours.latestTimestamp()]);
        const [a, b] = await times;
        return ahead === a > b ? a : b;
      };
      const edrRequest = (await edr.resolve(step.params, sharedTime)) as unknown[];
      const parallelRequest = (await ours.resolve(step.params, sharedTime)) as unknown[];
      const a = await edr.request(step.method, edrRequest);
      const b = await ours.request(step.method, parallelRequest);
      const [left, right] = comparable(
        step.method,
        await edr.withBlockNumbers(step.method, a),
        await ours.withBlockNumbers(step.method, b),
      );
      const where = firstDifference(left, right);
      if (where !== undefined) {
        return { step: index, method: step.method, edrRequest, parallelRequest, edr: a, parallel: b, where };
      }
      await edr.record(step.method, a);
      await ours.record(step.method, b);
    }
    return undefined;
  } finally {
    await pair.close();
  }
}

/**
 * Shrinks a diverging stream: drops chunks of the steps before the diverging one (halving the chunk size
 * down to single steps) as long as the last step still diverges. At most `budget` replays.
 */
export async function shrink(
  steps: readonly Step[],
  divergence: Divergence,
  budget = 300,
): Promise<{ steps: Step[]; divergence: Divergence }> {
  let current = steps.slice(0, divergence.step + 1);
  let found = divergence;
  let replays = 0;
  for (let chunk = Math.max(1, Math.floor(current.length / 2)); chunk >= 1 && replays < budget;) {
    let removed = false;
    for (let start = 0; start + chunk < current.length && replays < budget;) {
      const candidate = [...current.slice(0, start), ...current.slice(start + chunk)];
      replays++;
      const d = await replay(candidate);
      if (d !== undefined && d.step === candidate.length - 1) {
        current = candidate;
        found = d;
        removed = true;
      } else start += chunk;
    }
    if (!removed) chunk = Math.floor(chunk / 2);
  }
  return { steps: current, divergence: found };
}

/** JSON with long hex strings (bytecode) shortened to their first bytes and length. */
function brief(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    typeof v === "string" && v.length > 140 ? `${v.slice(0, 74)}…(${(v.length - 2) / 2} bytes)` : v,
  );
}

/** A divergence as text: seed, step, the request on each network and both answers. */
export function describeDivergence(seed: number, steps: readonly Step[], d: Divergence): string {
  const lines = [
    `seed ${seed}: step ${d.step} (${d.method}) differs; minimised stream of ${steps.length} steps:`,
    ...steps.map((s, i) => `  ${i}. ${s.method} ${brief(s.params)}`),
    `  request on EDR:      ${brief(d.edrRequest)}`,
    `  request on parallel: ${brief(d.parallelRequest)}`,
    `  EDR answered:        ${brief(d.edr)}`,
    `  parallel answered:   ${brief(d.parallel)}`,
    `  first difference:    ${d.where}`,
  ];
  return lines.join("\n");
}
