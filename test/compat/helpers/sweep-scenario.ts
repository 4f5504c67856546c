/**
 * An outside harness's way of comparing two networks: a scenario is a list of requests run on a fresh pair
 * (EDR and the parallel network), each side resolving its params from its own earlier answers (a transaction
 * hash, a block hash), and every answer — result, or error code, message and data — compared after the
 * fuzzer's normalisation (test/compat/fuzz/normalise.ts: block hashes, one-second clock skew, client names),
 * -32602's message included when `exactErrors` is set.
 */
import { expect } from "chai";

import { comparable, firstDifference } from "../fuzz/compat-replay.js";

import { ALICE, BOB, CompatPair, outcomeOf, type Outcome } from "./compat-pair.js";

/** One request; params may read this side's earlier answers (`answers[i]` is step i's result, or undefined). */
export type SweepStep = readonly [method: string, params: unknown[] | ((answers: unknown[]) => unknown[])];

/** A named scenario: its steps and whether error messages and data are compared exactly. */
export interface SweepScenario {
  readonly name: string;
  readonly steps: readonly SweepStep[];
  /** Compare error messages and data exactly, but -32602's (EDR's are its JSON parser's words; COMPATIBILITY.md). */
  readonly exactErrors?: boolean;
  /** Steps run but not compared (their index), e.g. a send whose hash differs only by the clock. */
  readonly unchecked?: readonly number[];
}

function paramsOf(step: SweepStep, answers: unknown[]): unknown[] {
  const [, given] = step;
  return structuredClone(typeof given === "function" ? given(answers) : given);
}

/** A -32004's data is the request, whose `id` is each provider's own counter (COMPATIBILITY.md): not compared. */
function withoutId(data: unknown): unknown {
  if (data === null || typeof data !== "object" || !("id" in data)) return data;
  return { ...data, id: undefined };
}

/**
 * Error message and data compared exactly, except -32602's message (EDR's are its JSON parser's words) and
 * -32004's for a block param EDR does not read, which goes on to name the param (COMPATIBILITY.md).
 */
function expectSameError(edr: Outcome, ours: Outcome, label: string): void {
  if (edr.ok || ours.ok || edr.code === -32602) return;
  expect(withoutId(ours.data), `${label}'s error data`).to.deep.equal(withoutId(edr.data));
  if (edr.code === -32004 && ours.message.startsWith(`${edr.message}: invalid value for parameter`)) return;
  expect(ours.message, `${label}'s error message`).to.equal(edr.message);
}

function resultOf(o: Outcome): unknown {
  return o.ok ? o.result : undefined;
}

/** Runs `scenario` on a fresh pair; fails on the first answer that differs, naming the step. */
export async function expectSweepSame(scenario: SweepScenario): Promise<void> {
  const pair = await CompatPair.open();
  const edrAnswers: unknown[] = [];
  const ourAnswers: unknown[] = [];
  try {
    for (const [index, step] of scenario.steps.entries()) {
      const method = step[0];
      const edr = await outcomeOf(pair.edr, method, paramsOf(step, edrAnswers));
      const ours = await outcomeOf(pair.parallel, method, paramsOf(step, ourAnswers));
      edrAnswers.push(resultOf(edr));
      ourAnswers.push(resultOf(ours));
      if (scenario.unchecked?.includes(index) === true) continue;
      const label = `step ${index} ${method}`;
      const [a, b] = comparable(method, edr, ours);
      expect(firstDifference(a, b), label).to.equal(undefined);
      if (scenario.exactErrors === true) expectSameError(edr, ours, label);
    }
  } finally {
    await pair.close();
  }
}

/** A block hash no chain has. */
export const UNKNOWN_HASH = `0x${"ab".repeat(32)}`;
/** A plain transfer, automined. */
export const ONE_TX: SweepStep = ["eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1" }]];
/** Automine off. */
export const MANUAL: SweepStep = ["evm_setAutomine", [false]];
/** Init code that creates a child whose constructor logs and reverts, then logs itself (topic 0x42). */
export const INNER_REVERT_INIT = "0x6960006000a060006000fd600052600a60166000f0506042600060006000a100";

/** One request after `before`, errors compared exactly. */
export const single = (method: string, params: unknown[], before: SweepStep[] = []): SweepScenario => ({
  name: `${method} ${JSON.stringify(params).slice(0, 90)}`,
  steps: [...before, [method, params]],
  exactErrors: true,
});
