/**
 * A reusable differential check: the same request on a fresh pair of networks (Hardhat's default network, EDR,
 * and the parallel network, both opened through Hardhat 3's network manager), the answers compared exactly
 * after the fuzzer's normalisation — its documented allowed differences only (test/compat/fuzz/normalise.ts:
 * block hashes, one-second clock skew, client names, -32602 message wording, -32004 request ids) — and then
 * what the request left behind: the latest block with its transactions, and the first accounts' balances and
 * nonces. A request accepted on one network and refused on the other, or accepted alike but read differently
 * ("12" read as 0x12), fails here.
 */
import { expect } from "chai";

import { comparable, firstDifference } from "../fuzz/compat-replay.js";

import { ALICE, BOB, CAROL, CompatPair, outcomeOf } from "./compat-pair.js";

/** One request, run after `before` (requests whose answers are not compared) on both networks. */
export interface DifferentialCase {
  readonly method: string;
  /** The params, or a function making them (signed raw transactions). */
  readonly params: unknown[] | (() => Promise<unknown[]>);
  /** Why the case is here: what it covers, or where it was seen to diverge. */
  readonly note: string;
  /** Requests run first, not compared; params given as a function are made once both networks are open (compiled). */
  readonly before?: ReadonlyArray<readonly [string, unknown[] | (() => unknown[])]>;
  /** A connection override (`network.create({ override })`) both networks are opened with. */
  readonly override?: Record<string, unknown>;
  /** Compare an error's message and data exactly, -32602's included (the fuzzer's normalisation lets those differ). */
  readonly exactError?: boolean;
}

/** What a request leaves behind that a user reads next. */
const AFTERWARDS: ReadonlyArray<readonly [string, unknown[]]> = [
  ["eth_getBlockByNumber", ["latest", true]],
  ...[ALICE, BOB, CAROL].flatMap((a): Array<[string, unknown[]]> => [
    ["eth_getBalance", [a, "latest"]],
    ["eth_getTransactionCount", [a, "pending"]],
  ]),
];
async function expectSame(
  pair: CompatPair,
  method: string,
  params: unknown[],
  label: string,
  exactError = false,
): Promise<void> {
  const edr = await outcomeOf(pair.edr, method, structuredClone(params));
  const parallel = await outcomeOf(pair.parallel, method, structuredClone(params));
  const [a, b] = comparable(method, edr, parallel);
  expect(firstDifference(a, b), `${label}: ${method}`).to.equal(undefined);
  if (exactError && !edr.ok && !parallel.ok)
    expect([parallel.message, parallel.data], `${label}: ${method}'s error`).to.deep.equal([edr.message, edr.data]);
}

/** Runs `c` on a fresh pair and fails on the first difference, naming where it is. */
export async function expectSameOnBoth(c: DifferentialCase): Promise<void> {
  const pair = await CompatPair.open(c.override);
  try {
    for (const [method, given] of c.before ?? []) {
      const params = typeof given === "function" ? given() : given;
      await outcomeOf(pair.edr, method, structuredClone(params));
      await outcomeOf(pair.parallel, method, structuredClone(params));
    }
    const params = typeof c.params === "function" ? await c.params() : c.params;
    await expectSame(pair, c.method, params, "answer", c.exactError);
    for (const [method, params] of AFTERWARDS) await expectSame(pair, method, [...params], "afterwards");
  } finally {
    await pair.close();
  }
}
