/**
 * Hotspots: the locations that make pairs of functions conflict whatever the arguments, ranked by how many
 * pairs they serialize, with the declaration, the statements writing them and a remediation; plus packed-slot
 * false sharing (different variables in one slot touched by different functions).
 */
import type { PairConflict } from "./classify-conflicts.js";
import type { FunctionSummary } from "./function-summaries.js";
import { rootLabel } from "./locations.js";
import type { SourcePosition } from "./source-locations.js";

/** The kinds of remediation the analyzer suggests. */
export type RemediationKind =
  | "transient-lock"
  | "commutative-delta"
  | "sharded-counter"
  | "per-user-mapping"
  | "per-key-state"
  | "split-packed-slot"
  | "pull-payments";

/** A suggested fix. */
export interface Remediation {
  kind: RemediationKind;
  text: string;
}

const REMEDIATIONS: Record<RemediationKind, string> = {
  "transient-lock":
    "A re-entrancy lock in storage serializes every guarded function: keep it in transient storage (EIP-1153, e.g. OpenZeppelin ReentrancyGuardTransient).",
  "commutative-delta":
    "Only add/subtract updates meet here: apply them as commutative deltas (the parallel runtime merges them), or keep a sharded counter summed on read.",
  "sharded-counter":
    "A counter read and written by many functions: partition it (N sub-counters chosen by msg.sender or key, summed on read) or drop the read from the hot path.",
  "per-user-mapping":
    "A global written by every caller: move it to a per-user mapping (keyed by msg.sender) and aggregate off-chain or lazily.",
  "per-key-state":
    "Shared state reached through a constant key: key it by the user or asset so unrelated transactions touch different slots.",
  "split-packed-slot":
    "Different variables packed into one slot are written by different functions: split them into separate slots (reorder declarations or pad).",
  "pull-payments":
    "The contract's ETH balance is read by every call into it and written by every payable call and every payout, so those serialize with everything: take payments in a token (WETH) or through per-user escrow contracts, and let users pull (withdraw) their ETH instead of paying it out in hot functions.",
};

/** A location that serializes pairs whatever the arguments. */
export interface Hotspot {
  /** Root variable label (or `erc7201:<id>`, `slot(0x..)`). */
  location: string;
  /** `conflict`: a plain read/write meeting; `commutative`: only add/subtract updates meet. */
  kind: "conflict" | "commutative";
  /** Number of function pairs it serializes. */
  pairs: number;
  /** Those pairs as `[a, b]` signatures. */
  pairList: [string, string][];
  declaration?: SourcePosition;
  /** Statements that write it, per function. */
  writers: { function: string; statements: SourcePosition[] }[];
  remediation: Remediation;
}

/** Two variables sharing one slot that make pairs conflict. */
export interface FalseSharing {
  variables: string[];
  pairs: number;
  declarations: SourcePosition[];
  remediation: Remediation;
}

/** Lookups the hotspot finder needs from its caller. */
export interface HotspotContext {
  summaries: FunctionSummary[];
  locate: (src: string) => SourcePosition | undefined;
  /** Declaration position of a root label, if it is a variable. */
  declarationOf: (label: string) => SourcePosition | undefined;
}

function rootOf(text: string): string {
  return text.split(/[.[]/)[0] ?? text;
}

function remediationFor(label: string, kind: Hotspot["kind"], ctx: HotspotContext): Remediation {
  const pick = (k: RemediationKind): Remediation => ({ kind: k, text: REMEDIATIONS[k] });
  if (/^_?(status|locked|unlocked|lock|entered|reentrancy\w*)$/i.test(label)) return pick("transient-lock");
  if (label.startsWith("ETH balance of")) return pick("pull-payments");
  if (kind === "commutative") return pick("commutative-delta");
  const writes = ctx.summaries.flatMap((s) => s.writes.filter((w) => rootLabel(w.location) === label));
  const scalar = writes.every((w) => w.location.levels.length === 1 && w.location.type.kind === "value");
  const counterLike = writes.some((w) => w.srcs.some((src) => /(\+\+|--|\+=|-=)/.test(ctx.locate(src)?.text ?? "")));
  if (counterLike) return pick("sharded-counter");
  return pick(scalar ? "per-user-mapping" : "per-key-state");
}

function writersOf(label: string, ctx: HotspotContext): Hotspot["writers"] {
  return ctx.summaries
    .map((s) => ({
      function: s.signature,
      statements: s.writes
        .filter((w) => rootLabel(w.location) === label)
        .flatMap((w) => w.srcs.map(ctx.locate))
        .filter((p): p is SourcePosition => p !== undefined),
    }))
    .filter((w) => w.statements.length > 0);
}

/** Ranks the locations that serialize pairs whatever the arguments. */
export function findHotspots(pairs: PairConflict[], ctx: HotspotContext): Hotspot[] {
  const found = new Map<string, { kind: Hotspot["kind"]; pairList: [string, string][] }>();
  for (const pair of pairs) {
    const cls = pair.class;
    if (cls !== "always" && cls !== "commutative-only") continue;
    const kind = cls === "always" ? "conflict" : "commutative";
    const labels = new Set(
      pair.clauses
        .filter((c) => c.terms.length === 0 && c.commutative === (kind === "commutative"))
        .map((c) => c.variable),
    );
    for (const label of labels) {
      const key = `${kind}|${label}`;
      const entry = found.get(key) ?? { kind, pairList: [] };
      entry.pairList.push([pair.a, pair.b]);
      found.set(key, entry);
    }
  }
  const hotspots = [...found].map(([key, v]): Hotspot => {
    const location = key.slice(key.indexOf("|") + 1);
    const declaration = ctx.declarationOf(location);
    return {
      location,
      kind: v.kind,
      pairs: v.pairList.length,
      pairList: v.pairList,
      ...(declaration ? { declaration } : {}),
      writers: writersOf(location, ctx),
      remediation: remediationFor(location, v.kind, ctx),
    };
  });
  return hotspots.sort((x, y) => y.pairs - x.pairs || x.location.localeCompare(y.location));
}

/** Packed-slot false sharing: pairs that meet only because two variables share a slot. */
export function findFalseSharing(pairs: PairConflict[], ctx: HotspotContext): FalseSharing[] {
  const found = new Map<string, number>();
  for (const pair of pairs) {
    const shared = new Set(
      pair.clauses.filter((c) => c.falseSharing).map((c) => [rootOf(c.a), rootOf(c.b)].sort().join("|")),
    );
    for (const key of shared) found.set(key, (found.get(key) ?? 0) + 1);
  }
  return [...found].map(([key, count]) => {
    const variables = key.split("|");
    const declarations = variables.map(ctx.declarationOf).filter((p): p is SourcePosition => p !== undefined);
    return {
      variables,
      pairs: count,
      declarations,
      remediation: { kind: "split-packed-slot", text: REMEDIATIONS["split-packed-slot"] },
    };
  });
}
