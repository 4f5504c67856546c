/**
 * Findings of one workload (or the test-run profile): its contended locations named in the findings
 * vocabulary and grouped by cause, one row per id, with the share of conflicts they cause and the simulated
 * speedup their fix gains. A sender's own nonce and fee balance become one nonce-chain row (never a hotspot),
 * the coinbase and code (deployment order) are dropped, mapping entries are named by variable and key role (never raw keys), and the
 * project's findings merge the static and workload rows by id.
 */
import type { ContractJson } from "../../analyzer/index.js";
import { keyAddress, keyKind } from "../../runtime/vocabulary.js";

import type { Finding, FindingKind } from "../report-model.js";
import type { WhatIfResult } from "../simulate/what-if.js";

import { globalVariableKind, NONCE } from "./finding-kinds.js";
import { entryLabel, type LocationLabel } from "./location-labels.js";
import { makeFinding, storageSlotOf, toSourceRef, writersOf } from "./static-findings.js";
import type { Acknowledgements } from "./static-view.js";

/** The chain's default coinbase (its fee credits are commutative deltas, never a finding). */
export const DEFAULT_COINBASE = "0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e";

/** A contended location of a workload, with its label. */
export interface ContendedLocation {
  readonly location: string;
  readonly label: LocationLabel | undefined;
  readonly edges: number;
  readonly edgeShare: number;
  /** Transactions reading it, and writing it with a plain store (deltas are neither). */
  readonly readers: number;
  readonly writers: number;
}

/** What classifying a workload's locations needs. */
export interface WorkloadFindingContext {
  readonly workload: string;
  readonly senders: ReadonlySet<string>;
  readonly contracts: ReadonlyMap<string, ContractJson>;
  readonly acks: Acknowledgements;
  readonly whatIf: readonly WhatIfResult[];
}

interface Classified {
  readonly kind: FindingKind;
  readonly name: string;
  readonly subject: string;
  readonly contract: string | undefined;
  readonly variable: string | undefined;
  readonly keyRole?: string;
}

function accountOf(location: string): { kind: string; address: string } {
  return { kind: keyKind(location), address: keyAddress(location) };
}

function classifyStorage(label: LocationLabel): Classified {
  const variable = label.variable ?? "";
  if (label.label.endsWith("(packed)")) {
    const sorted = variable.split("/").sort().join("/");
    return {
      kind: "false-sharing",
      name: sorted,
      subject: `${label.contract}.${sorted} (packed)`,
      contract: label.contract,
      variable: sorted,
    };
  }
  if (label.keyRole !== undefined)
    return {
      kind: "hot-key",
      name: variable,
      subject: label.label,
      contract: label.contract,
      variable,
      keyRole: label.keyRole,
    };
  return {
    kind: globalVariableKind(variable),
    name: variable,
    subject: label.label,
    contract: label.contract,
    variable,
  };
}

/** The analyzer's name of a contract's own ETH balance (its static finding's variable). */
const CONTRACT_BALANCE = "ETH balance of address(this)";

/** A subject for a location no layout explains (never the raw key). */
function fallbackSubject(kind: string, address: string, contract: string | undefined): string {
  if (kind === "balance") return `account ${address} (ETH balance)`;
  const owner = contract ?? `contract ${address}`;
  if (kind === "nonce" || kind === "code") return `${owner} (${kind})`;
  return `${owner} storage (slot outside the layout)`;
}

/**
 * Whether a what-if row for `location` means anything to the user: not a sender's own balance or nonce (its
 * fee and nonce order its own transactions whatever the contract does) and not the coinbase.
 */
export function contractFixable(location: string, senders: ReadonlySet<string>): boolean {
  const { kind, address } = accountOf(location);
  return kind === "storage" || (!senders.has(address) && address !== DEFAULT_COINBASE);
}

/** The what-if label of a location: its report label, else a subject that is never the raw key. */
export function whatIfLabel(location: string, label: string | undefined): string {
  if (label !== undefined) return label;
  const { kind, address } = accountOf(location);
  return fallbackSubject(kind, address, undefined);
}

/**
 * The what-if labels of `locations` (each a location or several joined by `together`): where two locations would
 * read the same (`SampleToken._balances[user]` for five hot accounts), each names its mapping keys too.
 */
export function whatIfLabels(
  locations: readonly string[],
  labelOf: (location: string) => LocationLabel | undefined,
  together: string,
): string[] {
  const split = locations.map((row) => row.split(together));
  const plain = new Map<string, string>();
  const uses = new Map<string, Set<string>>();
  for (const location of new Set(split.flat())) {
    const text = whatIfLabel(location, labelOf(location)?.label);
    plain.set(location, text);
    uses.set(text, (uses.get(text) ?? new Set()).add(location));
  }
  const named = (location: string): string => {
    const text = plain.get(location) ?? location;
    const label = labelOf(location);
    return (uses.get(text)?.size ?? 0) > 1 && label !== undefined ? entryLabel(label) : text;
  };
  return split.map((parts) => parts.map(named).join(together));
}

/** The finding a contended location belongs to; undefined for what is never a finding (the coinbase). */
export function classifyLocation(loc: ContendedLocation, senders: ReadonlySet<string>): Classified | undefined {
  const { kind, address } = accountOf(loc.location);
  if (kind !== "storage" && senders.has(address))
    return { kind: "nonce-chain", name: "senders", subject: "a sender", contract: undefined, variable: undefined };
  if (kind === "balance" && address === DEFAULT_COINBASE) return undefined;
  // Code is written once, by the deployment: calls after it depend on it by construction, not by contention.
  // So is a contract's nonce written once (its creation); a factory's nonce bumped by many creations stays.
  if (kind === "code" || (kind === "nonce" && loc.writers <= 1)) return undefined;
  if (loc.writers === 0 && loc.readers > 0) {
    const subject = loc.label?.label ?? fallbackSubject(kind, address, undefined);
    const name = loc.label?.variable ?? (kind === "balance" ? "(ETH balance)" : "(unresolved slot)");
    return { kind: "volatile-read", name, subject, contract: loc.label?.contract, variable: loc.label?.variable };
  }
  if (loc.label?.variable !== undefined) return classifyStorage(loc.label);
  if (kind === "balance") {
    const subject = loc.label?.label ?? `account ${address} (ETH balance)`;
    const contract = loc.label?.contract;
    // A contract's own balance is the analyzer's `ETH balance of address(this)`: one finding (with the static
    // one's payable functions and source line), not two rows for the same thing.
    const name = contract === undefined ? "(ETH balance)" : CONTRACT_BALANCE;
    return { kind: "hot-key", name, subject, contract, variable: undefined };
  }
  const contract = loc.label?.contract;
  const subject = fallbackSubject(kind, address, contract);
  const name = kind === "nonce" ? NONCE : "(unresolved slot)";
  return { kind: "hot-slot", name, subject, contract, variable: undefined };
}

function speedupOf(locations: readonly string[], whatIf: readonly WhatIfResult[]): Finding["tradeOff"]["speedup"] {
  const best = whatIf
    .filter((w) => locations.includes(w.location))
    .sort((a, b) => b.blockStm.after - a.blockStm.after)[0];
  return best === undefined
    ? undefined
    : { threads: best.threads, now: best.blockStm.before, fixed: best.blockStm.after };
}

function senderSubject(locations: readonly string[]): string {
  const senders = [...new Set(locations.map((l) => accountOf(l).address))];
  return senders.length === 1 ? `sender ${senders[0] ?? ""}` : `${senders.length} senders (e.g. ${senders[0] ?? ""})`;
}

/** Locations grouped by the finding they belong to (what is never a finding left out). */
function groupByCause(
  locations: readonly ContendedLocation[],
  senders: ReadonlySet<string>,
): Map<string, { c: Classified; locs: ContendedLocation[] }> {
  const groups = new Map<string, { c: Classified; locs: ContendedLocation[] }>();
  for (const loc of locations) {
    const c = classifyLocation(loc, senders);
    if (c === undefined) continue;
    const key = `${c.kind}|${c.contract ?? ""}|${c.name}`;
    const group = groups.get(key) ?? { c, locs: [] };
    group.locs.push(loc);
    groups.set(key, group);
  }
  return groups;
}

/** The workload's findings, one per id, largest share first; `byLocation` maps each location to its finding. */
export function workloadFindings(
  locations: readonly ContendedLocation[],
  ctx: WorkloadFindingContext,
): { findings: Finding[]; byLocation: Map<string, Finding> } {
  const groups = groupByCause(locations, ctx.senders);
  const byLocation = new Map<string, Finding>();
  const findings = [...groups.values()].map(({ c, locs }) => {
    const top = [...locs].sort((a, b) => b.edges - a.edges)[0];
    const keys = locs.map((l) => l.location);
    const contract = c.contract === undefined ? undefined : ctx.contracts.get(c.contract);
    const functions = contract === undefined || c.variable === undefined ? [] : writersOf(contract, c.variable).sort();
    const base = makeFinding(
      {
        ...c,
        subject: c.kind === "nonce-chain" ? senderSubject(keys) : (top?.label?.label ?? c.subject),
        functions,
        storageSlot: storageSlotOf(contract, c.variable),
        source: toSourceRef(top?.label?.declaration),
        // An edge caused by two locations of the group counts for both: the sum is capped at 1.
        edgeShare:
          Math.round(
            Math.min(
              1,
              locs.reduce((n, l) => n + l.edgeShare, 0),
            ) * 10_000,
          ) / 10_000,
        workloads: [ctx.workload],
      },
      ctx.acks,
    );
    // A sender's nonce is not fixable by a contract change: no what-if gain to show.
    const speedup = c.kind === "nonce-chain" ? undefined : speedupOf(keys, ctx.whatIf);
    const finding = { ...base, tradeOff: { ...base.tradeOff, speedup } };
    for (const k of keys) byLocation.set(k, finding);
    return finding;
  });
  return { findings: sortFindings(findings), byLocation };
}

/** Largest share first, then static-only rows, by id. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => (b.edgeShare ?? -1) - (a.edgeShare ?? -1) || a.id.localeCompare(b.id));
}

function mergeTwo(a: Finding, b: Finding): Finding {
  const [main, other] = (b.edgeShare ?? -1) > (a.edgeShare ?? -1) ? [b, a] : [a, b];
  const speedups = [a.tradeOff.speedup, b.tradeOff.speedup].filter((s) => s !== undefined);
  const speedup = speedups.sort((x, y) => y.fixed / y.now - x.fixed / x.now)[0];
  // A workload row may not know the writers (a contract's ETH balance): the static row's remedy names them.
  const remedy = main.functions.length === 0 && other.functions.length > 0 ? other.remedy : main.remedy;
  return {
    ...main,
    remedy,
    source: a.source ?? b.source,
    functions: [...new Set([...a.functions, ...b.functions])].sort(),
    workloads: [...new Set([...a.workloads, ...b.workloads])].sort(),
    tradeOff: { ...main.tradeOff, speedup },
    acknowledged: main.acknowledged ?? other.acknowledged,
  };
}

/** The project's findings: static and workload rows merged by id. */
export function mergeFindings(lists: ReadonlyArray<readonly Finding[]>): Finding[] {
  const byId = new Map<string, Finding>();
  for (const f of lists.flat()) {
    const known = byId.get(f.id);
    byId.set(f.id, known === undefined ? f : mergeTwo(known, f));
  }
  return sortFindings([...byId.values()]);
}
