/**
 * The analyzer's precision oracle: every pair of executed transactions that called the same analyzed contract
 * is judged twice — statically and by execution (a storage slot one wrote and the other read or wrote).
 * Precision is over the contract's own storage: the pair's class, or its same-sender verdict for one sender,
 * a key-dependent condition evaluated with the transactions' senders and arguments (keys execution cannot tell
 * count as "may"), and the analysis instantiated on both (`placedConflict`, as `mayConflict`: array elements
 * valued from calldata, the chain's senders running no code) — a pair is predicted when both say it may. A pair with a reverted transaction is judged by the analysis instantiated on both
 * (`placedAccesses`): a reverted transaction's storage writes are undone, so everything its function may
 * touch, paths that revert included, is a read (it meets only the other's writes). Soundness also covers other
 * contracts' storage the two reach through calls: a pair predicted free in the contract's storage that
 * conflicted in another contract's is a miss unless the `across` analysis instantiated on both (as `mayConflict`
 * does) predicted a conflict at that address. Per contract: the share of predicted-conflicting
 * pairs execution confirmed, the function pairs predicted conflicting that never conflicted, and every miss
 * (execution conflicted, the analysis said no: a bug; `address:slot` when in another contract).
 */
import {
  deployedImmutables,
  deploymentIndex,
  type AnalysisResult,
  type ContractJson,
  type ExecutedTransaction,
  type PairConflict,
} from "../../analyzer/index.js";

import type { PrecisionReport } from "../report-model.js";
import type { WorkloadRun } from "../record/workload-runner.js";

import { conflicted, judged, predictedAcross, predictedOwn, type Judged, type Scene } from "./pair-judgement.js";

/** The deployed code (hex) at each deployment's address, when the run recorded it: it holds the immutables. */
type Codes = { readonly codes?: Readonly<Record<string, string>> };

/** One chain's deployments and executed transactions, and its deployments' code when recorded. */
type Chain = { readonly deployments: Record<string, string>; readonly executed: ExecutedTransaction[] } & Codes;

/**
 * What the oracle reads of a workload run: its deployments and executed transactions (per chain), and the
 * deployments' code when recorded — immutables read from it value the keys computed from them (a router's
 * `pairFor(factory, ...)`, `deployed-immutables.ts`); without it such a key is any value.
 */
export type ExecutedRun = {
  readonly run: Pick<WorkloadRun, "deployments" | "executed"> & Codes & { readonly chains?: readonly Chain[] };
};

type Miss = PrecisionReport["misses"][number];

interface Tally {
  predicted: number;
  confirmed: number;
  byPair: Map<string, { first: string; second: string; predicted: number; confirmed: number }>;
}

/** The matrix's pairs by first then second signature, both orders (a later pair wins, as in one flat map). */
function pairsBySignature(contract: ContractJson): Map<string, Map<string, PairConflict>> {
  const bySignature = new Map<string, Map<string, PairConflict>>();
  const add = (first: string, second: string, pair: PairConflict): void => {
    const row = bySignature.get(first) ?? new Map<string, PairConflict>();
    row.set(second, pair);
    bySignature.set(first, row);
  };
  for (const p of contract.matrix.pairs) {
    add(p.a, p.b, p);
    add(p.b, p.a, p);
  }
  return bySignature;
}

function judgeContract(scene: Scene, txs: Judged[], tally: Tally, misses: Miss[]): void {
  const { contract } = scene;
  const pairs = pairsBySignature(contract);
  for (let i = 0; i < txs.length; i++) {
    const x = txs[i] as Judged;
    const row = pairs.get(x.fn.signature);
    if (row === undefined) continue;
    for (let j = i + 1; j < txs.length; j++) {
      const y = txs[j] as Judged;
      const pair = row.get(y.fn.signature);
      if (pair === undefined) continue;
      const own = predictedOwn(scene, pair, x, y);
      const slot = conflicted(x.slots, y.slots);
      const miss = (at: string) =>
        misses.push({
          contract: contract.name,
          first: x.fn.signature,
          second: y.fn.signature,
          transactions: [x.tx.hash, y.tx.hash],
          slot: at,
        });
      if (!own && slot !== undefined) miss(slot);
      if (!own) {
        // Other contracts' storage: checked for soundness only (the precision figure is the contract's own), so
        // only for a pair predicted free, the only one it can make a miss of.
        const elsewhere = conflicted(x.otherSlots, y.otherSlots);
        if (elsewhere !== undefined && !predictedAcross(scene, x, y, elsewhere.split(":")[0] ?? "")) miss(elsewhere);
        continue;
      }
      const key = `${pair.a}|${pair.b}`;
      const entry = tally.byPair.get(key) ?? { first: pair.a, second: pair.b, predicted: 0, confirmed: 0 };
      entry.predicted += 1;
      tally.predicted += 1;
      if (slot !== undefined) {
        entry.confirmed += 1;
        tally.confirmed += 1;
      }
      tally.byPair.set(key, entry);
    }
  }
}

/**
 * The precision oracle fed one workload at a time (the analysis thread judges each as soon as it is recorded):
 * the same figures as {@link precisionOf} over the workloads in the order they were added.
 */
export class PrecisionOracle {
  readonly #result: AnalysisResult | undefined;
  readonly #tallies = new Map<string, Tally>();
  readonly #misses: Miss[] = [];

  constructor(result: AnalysisResult | undefined) {
    this.#result = result;
  }

  /** Judges the pairs of one workload's transactions (per chain and analyzed contract it deployed). */
  add(w: ExecutedRun): void {
    const result = this.#result;
    if (result === undefined) return;
    const chains: readonly Chain[] = w.run.chains ?? [w.run];
    for (const chain of chains) {
      const immutables = deployedImmutables(result, chain.deployments, chain.codes ?? {});
      for (const [address, name] of Object.entries(chain.deployments)) {
        const contract = result.contracts.find((c) => c.name === name || `${c.sourceName}:${c.name}` === name);
        if (contract === undefined) continue;
        const tally = this.#tallies.get(contract.name) ?? { predicted: 0, confirmed: 0, byPair: new Map() };
        const byAddress = deploymentIndex(chain.deployments);
        const senders = [...new Set(chain.executed.map((tx) => tx.from.toLowerCase()))];
        const deployments = chain.deployments;
        const at = address.toLowerCase();
        const scene = { result, contract, address: at, deployments, byAddress, senders, immutables };
        judgeContract(scene, judged(contract, scene.address, chain.executed), tally, this.#misses);
        this.#tallies.set(contract.name, tally);
      }
    }
  }

  /**
   * Takes in what `later` judged, as if its workloads had been added to this oracle after this one's: counts
   * summed, function pairs and misses after this oracle's own, in `later`'s order. `later` is left as it was.
   */
  merge(later: PrecisionOracle): void {
    for (const [contract, t] of later.#tallies) {
      const tally = this.#tallies.get(contract) ?? { predicted: 0, confirmed: 0, byPair: new Map() };
      tally.predicted += t.predicted;
      tally.confirmed += t.confirmed;
      for (const [key, p] of t.byPair) {
        const entry = tally.byPair.get(key) ?? { first: p.first, second: p.second, predicted: 0, confirmed: 0 };
        entry.predicted += p.predicted;
        entry.confirmed += p.confirmed;
        tally.byPair.set(key, entry);
      }
      this.#tallies.set(contract, tally);
    }
    this.#misses.push(...later.#misses);
  }

  /** The report of every workload added so far. */
  report(): PrecisionReport {
    const contracts = [...this.#tallies]
      .filter(([, t]) => t.predicted > 0)
      .map(([contract, t]) => ({
        contract,
        predictedPairs: t.predicted,
        confirmedPairs: t.confirmed,
        confirmedRate: Math.round((t.confirmed / t.predicted) * 10_000) / 10_000,
        neverConflicting: [...t.byPair.values()]
          .filter((p) => p.confirmed === 0)
          .map((p) => ({ first: p.first, second: p.second, predictedPairs: p.predicted })),
      }))
      .sort((a, b) => a.contract.localeCompare(b.contract));
    const predictedPairs = contracts.reduce((n, c) => n + c.predictedPairs, 0);
    const confirmedPairs = contracts.reduce((n, c) => n + c.confirmedPairs, 0);
    return {
      predictedPairs,
      confirmedPairs,
      confirmedRate: predictedPairs === 0 ? null : Math.round((confirmedPairs / predictedPairs) * 10_000) / 10_000,
      contracts,
      misses: [...this.#misses],
    };
  }
}

/** The precision oracle over every workload (and the test profile) of a report run. */
export function precisionOf(result: AnalysisResult | undefined, workloads: readonly ExecutedRun[]): PrecisionReport {
  const oracle = new PrecisionOracle(result);
  for (const w of workloads) oracle.add(w);
  return oracle.report();
}
