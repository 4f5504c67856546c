/**
 * The findings vocabulary: one typed table of the kinds of contention users know (hot slot, sequential id, hot
 * key, false sharing, volatile read, nonce chain, re-entrancy lock), each with its title, its remedy kind and
 * the remedy's gas cost; plus the classification of a variable into a kind and the remedy text fitted to the
 * code (an AMM's reserves or an owner slot do not get "move it to a per-user mapping").
 */
import type { FindingKind, Remedy, RemedyKind, SourceRef } from "../report-model.js";

/** What the table says about one kind of finding. */
export interface FindingKindInfo {
  /** Title in reports (`Hot slot`). */
  readonly title: string;
  /** The pattern in one sentence. */
  readonly pattern: string;
  readonly remedy: RemedyKind;
  /** Approximate extra gas per transaction of the remedy (0 when none or when it saves gas). */
  readonly gasPerTransaction: number;
  /** The cost in words. */
  readonly gasText: string;
}

/** The findings vocabulary. */
export const FINDING_TABLE: Readonly<Record<FindingKind, FindingKindInfo>> = {
  "hot-slot": {
    title: "Hot slot",
    pattern: "one global variable (a counter or a total) written by every transaction",
    remedy: "partitioned-counter",
    gasPerTransaction: 0,
    gasText:
      "about the same per write (one slot either way, +17,100 gas the first time a partition is set); reads that sum N partitions pay N cold loads",
  },
  "sequential-id": {
    title: "Sequential id",
    pattern: "an id taken from a global `next id` counter, so every creation waits for the previous one",
    remedy: "precomputed-ids",
    gasPerTransaction: 2_100,
    gasText: "about +2,100 gas per creation (one more cold slot: the caller's own counter); ids are no longer dense",
  },
  "hot-key": {
    title: "Hot key",
    pattern: "one mapping entry written by all (e.g. a pool's balance in its token)",
    remedy: "spread-load",
    gasPerTransaction: 0,
    gasText: "no extra gas per transaction; one more deployment per extra instance",
  },
  "false-sharing": {
    title: "False sharing",
    pattern: "variables packed into one slot and written by unrelated functions",
    remedy: "split-packed-slot",
    gasPerTransaction: 2_100,
    gasText: "about +2,100 gas per call that reads both variables (two cold slots instead of one)",
  },
  "volatile-read": {
    title: "Volatile read",
    pattern: "a value every transaction changes read on the hot path (block values, `address(this).balance`)",
    remedy: "cache-volatile",
    gasPerTransaction: 0,
    gasText: "no extra gas (keep the amount in storage you write anyway)",
  },
  "nonce-chain": {
    title: "Nonce chain",
    pattern: "one sender sends many transactions: they run in nonce order whatever the contract does",
    remedy: "spread-senders",
    gasPerTransaction: 0,
    gasText: "no contract change (an off-chain change: more sending accounts)",
  },
  "reentrancy-lock": {
    title: "Re-entrancy lock",
    pattern: "a re-entrancy guard kept in storage, written by every guarded call",
    remedy: "transient-lock",
    gasPerTransaction: 0,
    gasText: "saves gas: a transient lock costs ~200 gas instead of ~2,900–22,100 for the storage writes",
  },
};

const LOCK = /^_?(status|locked|unlocked|lock|entered|reentrancy\w*|reentrancystatus)$/i;
const SEQUENTIAL_ID =
  /^_?(next|last|current|total)?_?(token|item|order|position|request|proposal|game|match)?_?ids?(counter|tracker)?$/i;
const ADMIN_WRITER =
  /^_?(transferOwnership|renounceOwnership|acceptOwnership|grantRole|revokeRole|renounceRole|initialize|pause|unpause|upgradeTo\w*|set\w+)\(/;

/** The kind of a global (not per-key) variable that serializes transactions. */
export function globalVariableKind(variable: string): FindingKind {
  if (LOCK.test(variable)) return "reentrancy-lock";
  if (SEQUENTIAL_ID.test(variable) || /^_?(next|last)\w*Id$/i.test(variable) || /IdCounter$/i.test(variable))
    return "sequential-id";
  return "hot-slot";
}

/** Whether every writer of a variable is an administration function (owner, roles, setters, pause). */
export function adminOnly(writers: readonly string[]): boolean {
  return writers.length > 0 && writers.every((w) => ADMIN_WRITER.test(w));
}

function list(functions: readonly string[]): string {
  if (functions.length === 0) return "its writers";
  const shown = functions.slice(0, 3).join(", ");
  return functions.length > 3 ? `${shown} and ${functions.length - 3} more` : shown;
}

/** What the remedy text needs to know about the finding. */
export interface RemedyContext {
  readonly kind: FindingKind;
  readonly subject: string;
  readonly variable: string | undefined;
  readonly functions: readonly string[];
  /** Role of the mapping key of a hot key (`AmmPool`, `a constant`...). */
  readonly keyRole?: string;
  /** Where the variable is declared (a dependency's file cannot be edited: the remedy says so). */
  readonly source?: SourceRef | undefined;
  /**
   * The variables a hot slot shares its storage slot with, when no function writes the variable itself (only its
   * neighbours in the packed slot are written: `functions` are their writers).
   */
  readonly packedWith?: readonly string[];
  /** The finding's name when no variable names it: `(nonce)` for a contract's nonce (a factory's). */
  readonly name?: string;
}

/**
 * A time or block stamp of the last update (`lastAccrual`, `lastUpdateTime`, `updatedAt`, `lastRewardBlock`):
 * `last` alone is not enough (`lastScore`, `lastPrice`, `lastCaller` are values, not stamps).
 */
const STAMP =
  /^_?(last_?(Accrual|Accrued|Update|Updated|Sync|Synced|Checkpoint|Rebase|Harvest|Poke|Touch|Tick)\w*|\w*(Timestamp|Time|At|Block|BlockNumber|Epoch))$/;
/** An accumulator advanced by time or activity (`rewardPerShare`, `borrowIndex`, `accRewardPerToken`). */
const ACCUMULATOR = /(PerShare|PerToken|Index|Accumulat|Cumulative)/i;
/** A statistics counter no logic may need (`transferCount`, `totalCalls`, `totalVolume`). */
const STATISTIC = /(Count|Calls|Volume|Transfers|Txs)$/;

/** Whether a source name is a dependency's (npm package) rather than the project's. */
export function inDependency(source: SourceRef | undefined): boolean {
  return source !== undefined && (source.file.startsWith("npm/") || source.file.includes("node_modules/"));
}

/** What to add when the variable lives in a dependency's source, which the user cannot edit. */
function dependencyNote(ctx: RemedyContext): string {
  if (!inDependency(ctx.source)) return "";
  return ` ${ctx.variable ?? ctx.subject} is declared in a dependency (${ctx.source?.file ?? ""}), so change how your contract calls ${list(ctx.functions)}, or acknowledge it with \`/// @custom:parallel-allow <reason>\` on those functions in your contract.`;
}

/** The finding name of a contract's nonce (bumped by its CREATE and CREATE2). */
export const NONCE = "(nonce)";

/** Remedies for global slots whose name tells what they are, before the generic partitioned counter. */
function namedSlotText(ctx: RemedyContext): Remedy | undefined {
  const v = ctx.variable ?? ctx.subject;
  if (STAMP.test(v))
    return {
      kind: "cache-volatile",
      text: `${ctx.subject} records when ${list(ctx.functions)} last ran, so every call writes it: update it at most once per block — return early when it already equals block.timestamp (or block.number), as MasterChef's updatePool and Compound's accrueInterest do — so the block's later transactions only read it.`,
    };
  if (ACCUMULATOR.test(v))
    return {
      kind: "cache-volatile",
      text: `${ctx.subject} is an accumulator advanced by every call of ${list(ctx.functions)}: advance it at most once per block (skip the update when the last update's block.timestamp or block.number is the current one) so the block's later transactions only read it.`,
    };
  if (STATISTIC.test(v))
    return {
      kind: "partitioned-counter",
      text: `${ctx.subject} is a statistics counter written by ${list(ctx.functions)}: if no contract logic reads it, drop it and count the events off-chain; otherwise keep N partitioned counters (indexed by uint160(msg.sender) % N) summed on read.`,
    };
  if (/^_?totalSupply$/i.test(v) && ctx.functions.some((f) => /^_?mint/i.test(f)) && !inDependency(ctx.source))
    return {
      kind: "precomputed-ids",
      text: `${ctx.subject} is written by every ${list(ctx.functions)}: if it hands out token ids (id = totalSupply), derive the id from the caller instead (keccak256(msg.sender, per-user nonce), or per-user ranges); if it is only a total, keep N partitioned counters (indexed by uint160(msg.sender) % N) summed on read.`,
    };
  return undefined;
}

/** A slot written only through its packed neighbours (`owner` beside OpenZeppelin Pausable's `_paused`). */
function packedNeighbourText(ctx: RemedyContext, neighbours: readonly string[]): Remedy {
  const v = ctx.variable ?? ctx.subject;
  const shared = `${v} is never written by a function, but it shares one storage slot with ${neighbours.join(", ")}, written by ${list(ctx.functions)}, so reading ${v} waits for those writes`;
  if (adminOnly(ctx.functions))
    return {
      kind: "none",
      text: `${shared}. They are administration functions, rare in real traffic: nothing to change; acknowledge it with \`/// @custom:parallel-allow <reason>\` on ${v} if you prefer it silent.`,
    };
  return {
    kind: "split-packed-slot",
    text: `${shared}: declare ${v} apart from ${neighbours.join(", ")} (a uint256 between them, or a separate struct) so they get separate slots${ctx.variable === undefined ? "" : `, or make ${v} immutable if it is set only in the constructor`}.`,
  };
}

function hotSlotText(ctx: RemedyContext): Remedy {
  const v = ctx.variable ?? ctx.subject;
  if (ctx.variable === undefined && ctx.name === NONCE)
    return {
      kind: "spread-load",
      text: `${ctx.subject} is bumped by every contract creation in ${list(ctx.functions)} (CREATE and CREATE2 alike: each new address depends on it), so one contract's deployments run one after another: deploy from several factory instances, or create ahead of the traffic (a pool of pre-created clones) so that the busy calls do not create.`,
    };
  if (ctx.packedWith !== undefined && ctx.packedWith.length > 0) return packedNeighbourText(ctx, ctx.packedWith);
  if (adminOnly(ctx.functions))
    return {
      kind: "none",
      text: `${ctx.subject} is written only by administration functions (${list(ctx.functions)}): they are rare in real traffic and conflict only with themselves and its readers. Nothing to change; acknowledge it with \`/// @custom:parallel-allow <reason>\` on ${inDependency(ctx.source) ? "those functions in your contract (it is declared in a dependency)" : v}.`,
    };
  if (/reserve/i.test(v))
    return {
      kind: "spread-load",
      text: `${ctx.subject} is a pool's price state: every swap must see the previous one, which is inherent to the pool. Spread volume over several pools or fee tiers, or batch swaps (e.g. one batch auction per block).`,
    };
  const named = namedSlotText(ctx);
  if (named !== undefined) return named;
  return {
    kind: "partitioned-counter",
    text: `${ctx.subject} is one global slot written by ${list(ctx.functions)}: keep N partitioned counters (indexed by uint160(msg.sender) % N) summed on read, or move it to per-user state and aggregate off-chain.${dependencyNote(ctx)}`,
  };
}

function hotKeyText(ctx: RemedyContext): Remedy {
  if (/ETH balance/.test(ctx.subject))
    return {
      kind: "spread-load",
      text: `${ctx.subject} changes with every payable call and every ETH payout (${list(ctx.functions)}), and a payout reads it first, so it waits for every such call before it in the block: hold the funds as a token (WETH: each user's balance is an entry of its own) or in per-user escrow contracts, so that calls of different users (deposits, and each user's pull (withdraw) of their own ETH) touch different balances.`,
    };
  if (ctx.keyRole === "user")
    return {
      kind: "none",
      text: `${ctx.subject} is per-user state already: its conflicts come from accounts that send or receive many of the transactions. Nothing to change in the contract unless one account is a hub (then spread it over several accounts).`,
    };
  if (ctx.keyRole !== undefined && /^\d+$/.test(ctx.keyRole))
    return {
      kind: "spread-load",
      text: `${ctx.subject} is one fixed entry that many transactions write. If each caller should have an entry of its own, key ${ctx.variable ?? "the mapping"} by msg.sender (or by the account the call is about) instead of a fixed value; if it is one item's state (a token id), only transactions on that item wait for each other, and the workload may simply call it more often than real traffic would.`,
    };
  return {
    kind: "spread-load",
    text: `${ctx.subject} is one entry that many transactions write${ctx.keyRole === undefined ? "" : ` (its key: ${ctx.keyRole})`}: spread the load over several instances (pools, vaults, escrows per user group), or credit it lazily (pull payments) so transfers touch per-user entries.`,
  };
}

/**
 * The gas cost of the remedy actually proposed: the kind's own, unless the remedy fitted to the code is
 * another one (an update once per block, an id from the caller, nothing to change).
 */
export function remedyCost(kind: FindingKind, remedy: Remedy): { gasPerTransaction: number; gasText: string } {
  if (remedy.kind === "none") return { gasPerTransaction: 0, gasText: "none: nothing to change in the contract" };
  if (remedy.kind === "cache-volatile" && kind !== "volatile-read")
    return {
      gasPerTransaction: 0,
      gasText:
        "saves gas: the block's later calls skip the update (a warm read and a comparison instead of the writes)",
    };
  if (remedy.kind === "precomputed-ids" && kind !== "sequential-id") return FINDING_TABLE["sequential-id"];
  if (remedy.kind === "split-packed-slot" && kind !== "false-sharing") return FINDING_TABLE["false-sharing"];
  return FINDING_TABLE[kind];
}

/** The concrete remedy for a finding, fitted to its variable and functions. */
export function remedyFor(ctx: RemedyContext): Remedy {
  const kind = FINDING_TABLE[ctx.kind].remedy;
  const v = ctx.variable ?? ctx.subject;
  switch (ctx.kind) {
    case "hot-slot":
      return hotSlotText(ctx);
    case "sequential-id":
      return {
        kind,
        text: `${ctx.subject} hands out ids one after the other in ${list(ctx.functions)}: derive the id from the caller instead (keccak256(msg.sender, per-user nonce), or per-user ranges) so creations by different users do not wait for each other.`,
      };
    case "hot-key":
      return hotKeyText(ctx);
    case "false-sharing":
      if (adminOnly(ctx.functions))
        return {
          kind: "none",
          text: `${v.split("/").join(" and ")} share one storage slot, written only by administration functions (${list(ctx.functions)}): they are rare in real traffic, so the shared slot costs no parallelism. Nothing to change; acknowledge it with \`/// @custom:parallel-allow <reason>\` on ${inDependency(ctx.source) ? "those functions in your contract (a variable is declared in a dependency)" : (v.split("/")[0] ?? v)}.`,
        };
      return {
        kind,
        text: `${v.split("/").join(" and ")} share one storage slot but are written by different functions (${list(ctx.functions)}): declare them apart (a uint256 between them, or a separate struct) so they get separate slots.`,
      };
    case "volatile-read":
      return {
        kind,
        text: `${ctx.subject} is read on the hot path and changes with every transaction: keep the amount you need in storage you already write (e.g. deposits in a mapping) instead of reading address(this).balance or block values.`,
      };
    case "nonce-chain":
      return {
        kind,
        text: `Transactions of one sender run in nonce order whatever the contract does (${ctx.subject}): send from several accounts, or batch the calls into fewer transactions (multicall).`,
      };
    case "reentrancy-lock":
      return {
        kind,
        text: `${ctx.subject} is a re-entrancy lock in storage that serializes ${list(ctx.functions)}: use transient storage (EIP-1153), e.g. OpenZeppelin ReentrancyGuardTransient.`,
      };
  }
}
