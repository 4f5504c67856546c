/**
 * Compares the analyzer with executed ground truth, pair by pair: for every two transactions of a block, the
 * prediction (`mayConflict`: the summaries instantiated with the transactions' senders, arguments and
 * addresses, across contracts and instances) and the static classes (the matrix pair's class for two calls of
 * one contract, its same-sender verdict for one sender, the `across` verdict for other contracts' storage)
 * against what the runtime recorded. A predicted or classified "none" that conflicted is a soundness bug.
 */
import {
  type AnalysisResult,
  type Immutables,
  type PairConflict,
  functionFor,
  deploymentIndex,
  mayConflict,
  placedAccesses,
  withUnreached,
} from "../../../src/analyzer/index.js";
import { type Observed, conflicts } from "./ground-truth.js";

/** Tally of one group of pairs (by the called contracts). */
export interface Tally {
  pairs: number;
  conflicting: number;
  predicted: number;
  confirmed: number;
}

/** Outcome of a comparison. */
export interface GroundTruth {
  pairs: number;
  sameSenderPairs: number;
  transactions: number;
  reverted: number;
  /** Pairs execution showed conflicting that the instantiated prediction called free. */
  falseNone: string[];
  /**
   * Transactions whose prediction reached only by their record some contract they touched (`unreached-accesses.ts`):
   * `mayConflict` stays sound, but the summaries missed that contract.
   */
  unreached: string[];
  /** Pairs whose static class (own or across) is `none` but that conflicted there. */
  classViolations: string[];
  /** Function pairs classed `always` in their own storage, by how often they ran free there (and how often at all). */
  alwaysFree: Map<string, { free: number; runs: number }>;
  byContracts: Map<string, Tally>;
}

/**
 * The contract's own slots and ETH balance (`own`), or other contracts' slots and balances. Balances of
 * accounts without a deployment (senders, recipients) are judged by `mayConflict` only: the static classes
 * describe contract state.
 */
function slotsAt(o: Observed, address: string, own: boolean, deployments: Record<string, string>): Observed {
  const ownKey = (k: string) => k.startsWith(`storage:${address}:`) || k === `balance:${address}`;
  const contractKey = (k: string) => k.startsWith("storage:") || deployments[k.slice("balance:".length)] !== undefined;
  const keep = (k: string) => contractKey(k) && ownKey(k) === own;
  const only = (keys: Set<string>) => new Set([...keys].filter(keep));
  return { ...o, reads: only(o.reads), writes: only(o.writes), deltas: only(o.deltas) };
}

function staticPair(result: AnalysisResult, name: string, x: Observed, y: Observed): PairConflict | undefined {
  const contract = result.contracts.find((c) => c.name === name);
  const [fx] = contract === undefined ? [] : functionFor(contract, x.tx.input);
  const [fy] = contract === undefined ? [] : functionFor(contract, y.tx.input);
  if (contract === undefined || fx === undefined || fy === undefined) return undefined;
  return contract.matrix.pairs.find(
    (p) => (p.a === fx.signature && p.b === fy.signature) || (p.a === fy.signature && p.b === fx.signature),
  );
}

/** Checks the static classes of a pair of calls to one contract against what they did. */
function classViolation(result: AnalysisResult, deployments: Record<string, string>, x: Observed, y: Observed) {
  const to = x.tx.to.toLowerCase();
  const name = deployments[to];
  if (name === undefined || to !== y.tx.to.toLowerCase()) return undefined;
  const pair = staticPair(result, name, x, y);
  if (pair === undefined) return undefined;
  const same = x.tx.from.toLowerCase() === y.tx.from.toLowerCase();
  const own = same ? (pair.sameSender ?? pair) : pair;
  if (own.class === "none" && conflicts(slotsAt(x, to, true, deployments), slotsAt(y, to, true, deployments)))
    return `${name}: ${pair.a} × ${pair.b} (${same ? "same" : "different"} senders): class none, conflicted`;
  const across = pair.across === undefined ? undefined : same ? (pair.across.sameSender ?? pair.across) : pair.across;
  if (
    (across === undefined || across.class === "none") &&
    conflicts(slotsAt(x, to, false, deployments), slotsAt(y, to, false, deployments))
  )
    return `${name}: ${pair.a} × ${pair.b}: across ${across?.class ?? "absent"}, conflicted in another contract`;
  return undefined;
}

/** Counts a pair of calls to one contract whose own class is `always`, and whether it ran free there. */
function countAlways(
  result: AnalysisResult,
  deployments: Record<string, string>,
  x: Observed,
  y: Observed,
  into: Map<string, { free: number; runs: number }>,
): void {
  const to = x.tx.to.toLowerCase();
  const name = deployments[to];
  if (name === undefined || to !== y.tx.to.toLowerCase() || x.reverted || y.reverted) return;
  const pair = staticPair(result, name, x, y);
  const own = x.tx.from.toLowerCase() === y.tx.from.toLowerCase() ? (pair?.sameSender ?? pair) : pair;
  if (pair === undefined || own?.class !== "always") return;
  const key = `${name}: ${pair.a} × ${pair.b}`;
  const tally = into.get(key) ?? { free: 0, runs: 0 };
  tally.runs += 1;
  if (!conflicts(slotsAt(x, to, true, deployments), slotsAt(y, to, true, deployments))) tally.free += 1;
  into.set(key, tally);
}

/** Compares every pair of observed transactions. */
export function compareWithExecution(
  result: AnalysisResult,
  deployments: Record<string, string>,
  observed: Observed[],
  into?: GroundTruth,
  immutables?: Immutables,
): GroundTruth {
  const out: GroundTruth = into ?? {
    pairs: 0,
    sameSenderPairs: 0,
    transactions: 0,
    reverted: 0,
    falseNone: [],
    unreached: [],
    classViolations: [],
    alwaysFree: new Map(),
    byContracts: new Map(),
  };
  out.transactions += observed.length;
  // Every sender of the block is an account without code (EIP-3607): `mayConflict` may rely on it.
  const senders = [...new Set(observed.map((o) => o.tx.from.toLowerCase()))];
  out.reverted += observed.filter((o) => o.reverted).length;
  const byAddress = deploymentIndex(deployments);
  for (const o of observed)
    if (
      withUnreached(o.tx, placedAccesses(result, deployments, o.tx, immutables), byAddress).some(
        (p) => p.unreached === true,
      )
    )
      out.unreached.push(`${o.label} (${o.tx.from})`);
  for (let i = 0; i < observed.length; i++) {
    for (let j = i + 1; j < observed.length; j++) {
      const x = observed[i] as Observed;
      const y = observed[j] as Observed;
      const actual = conflicts(x, y);
      const verdict = mayConflict(result, deployments, x.tx, y.tx, senders, immutables);
      const predicted = verdict.conflict;
      if (process.env.GROUND_TRUTH_DEBUG === "1" && predicted && !actual)
        console.log(`FP ${x.label} × ${y.label}: ${verdict.on?.join(" ~ ")}`);
      const names = [deployments[x.tx.to.toLowerCase()] ?? "?", deployments[y.tx.to.toLowerCase()] ?? "?"].sort();
      const group = names[0] === names[1] ? (names[0] ?? "?") : names.join(" × ");
      const tally = out.byContracts.get(group) ?? { pairs: 0, conflicting: 0, predicted: 0, confirmed: 0 };
      tally.pairs += 1;
      if (actual) tally.conflicting += 1;
      if (predicted) tally.predicted += 1;
      if (predicted && actual) tally.confirmed += 1;
      out.byContracts.set(group, tally);
      out.pairs += 1;
      if (x.tx.from.toLowerCase() === y.tx.from.toLowerCase()) out.sameSenderPairs += 1;
      if (actual && !predicted) out.falseNone.push(`${x.label} (${x.tx.from}) × ${y.label} (${y.tx.from})`);
      const violation = classViolation(result, deployments, x, y);
      if (violation !== undefined) out.classViolations.push(violation);
      countAlways(result, deployments, x, y, out.alwaysFree);
    }
  }
  return out;
}

/** Confirmed share of predicted-conflicting pairs (1 when nothing was predicted). */
export function precision(t: Tally): number {
  return t.predicted === 0 ? 1 : t.confirmed / t.predicted;
}

/** A compact table of the figures, one line per group. */
export function figures(g: GroundTruth): string {
  const lines = [...g.byContracts].map(
    ([k, t]) =>
      `${k}: ${t.pairs} pairs, ${t.conflicting} conflicting, ${t.predicted} predicted, ${t.confirmed} confirmed, precision ${(precision(t) * 100).toFixed(1)} %`,
  );
  for (const [k, t] of g.alwaysFree) if (t.free > 0) lines.push(`  always, ran free ${t.free} of ${t.runs}: ${k}`);
  const all = [...g.byContracts.values()];
  const total = { pairs: g.pairs, conflicting: 0, predicted: 0, confirmed: 0 };
  for (const t of all) {
    total.conflicting += t.conflicting;
    total.predicted += t.predicted;
    total.confirmed += t.confirmed;
  }
  lines.push(
    `overall: ${total.predicted} predicted, ${total.confirmed} confirmed, precision ${(precision(total) * 100).toFixed(1)} %`,
  );
  const head = `${g.transactions} transactions (${g.reverted} reverted), ${g.pairs} pairs (${g.sameSenderPairs} same sender), false none ${g.falseNone.length}, unreached ${g.unreached.length}`;
  return [head, ...lines].join("\n");
}
