/**
 * The atomicity-break list: every synchronous cross-contract call of the executed traffic whose caller and
 * callee the recommended placement puts on different shards. On one chain such a call returns before the
 * caller's next line runs, and the caller's checks (`require`s after the call) rely on it; with asynchronous
 * cross-shard messages the callee runs a block later, so those lines need redesign. Each entry names the call
 * chain (`AmmRouter.swapExactTokensForTokens → AmmPair.swap → SampleToken.transfer`), the call's source line (from
 * the static analysis' located external calls of the caller function), the checks after it, and a remedy:
 *
 * - `split-per-shard` when the callee is a hot account (a sub-pool or sub-vault per shard makes the call local);
 * - `callback` when the caller checks the outcome after the call (move those checks into the reply's handler);
 * - `broker` when three or more contracts call the callee (a settlement contract on the callee's shard batches
 *   their requests);
 * - `co-locate` otherwise (pin both on one shard: the access graph shows whether the load allows it);
 * - a value transfer to a user account is a `broker` case whatever else holds: credit a settlement ledger and
 *   let the account withdraw (pull payment).
 *
 * Calls are grouped by caller contract and function and callee contract and function; where a frame runs (a
 * replicated router runs on its caller's shard) is frame-shards.ts' business.
 */
import type { ContractJson } from "../../analyzer/index.js";
import type { CallFrame } from "../../runtime/execution-record.js";
import type { AccessGraph } from "./access-graph.js";
import { checksAfterCall, sourceLineText } from "./checks-after-call.js";
import { callerIndex, crossingCalls, type ShardOf } from "./frame-shards.js";
import { round4 } from "./placement-metrics.js";
import type { Placement } from "./placement-policies.js";
import type { AtomicityBreak, ShardAccount, ShardingRemedyKind, SourceLine } from "./sharding-model.js";

/** What the list needs besides the traffic: names, the static analysis and the source texts. */
export interface CallSiteContext {
  readonly account: (address: string) => ShardAccount;
  /** Analysed contracts by name (the static analysis; empty without one). */
  readonly contracts: ReadonlyMap<string, ContractJson>;
  /** Source texts by solc source name (empty when unavailable). */
  readonly sources: ReadonlyMap<string, string>;
  /** Hot accounts (addresses). */
  readonly hot: ReadonlySet<string>;
}

/** Breaks listed at most. */
const MAX_BREAKS = 20;

interface Group {
  readonly frame: CallFrame;
  readonly callerInput: string;
  readonly path: string[];
  readonly callerShard: number;
  readonly calleeShard: number;
  readonly transactions: Set<number>;
}

function selector(input: string): string {
  return input.length >= 10 ? input.slice(0, 10).toLowerCase() : "(no data)";
}

/** Whether an analyzer selector (`a9059cbb`, with or without `0x`) is `sel` (`0xa9059cbb`). */
function isSelector(analyzer: string | null | undefined, sel: string): boolean {
  return analyzer !== null && analyzer !== undefined && `0x${analyzer.toLowerCase().replace(/^0x/, "")}` === sel;
}

/** `Contract.function` of a frame entering `address` with `input`. */
function functionName(ctx: CallSiteContext, address: string, input: string): string {
  const account = ctx.account(address);
  const sel = selector(input);
  const fn = ctx.contracts.get(account.contract ?? "")?.functions.find((f) => isSelector(f.selector, sel));
  return fn?.name ?? (sel === "(no data)" ? "receive/fallback" : sel);
}

function label(ctx: CallSiteContext, frame: CallFrame): string {
  return `${ctx.account(frame.to).name}.${functionName(ctx, frame.to, frame.input)}`;
}

function pathTo(ctx: CallSiteContext, frames: readonly CallFrame[], i: number): string[] {
  const out: string[] = [];
  for (let at = i; at >= 0 && out.length < 8; at = callerIndex(frames, at)) {
    const frame = frames[at];
    if (frame !== undefined) out.unshift(label(ctx, frame));
  }
  return out;
}

function collect(graph: AccessGraph, ctx: CallSiteContext, shardOf: ShardOf): Group[] {
  const groups = new Map<string, Group>();
  graph.transactions.forEach((tx, t) => {
    const frames = tx.calls ?? [];
    for (const crossing of crossingCalls(frames, shardOf)) {
      const frame = frames[crossing.index] as CallFrame;
      const callerInput = frames[crossing.caller]?.input ?? "0x";
      const key = `${frame.from}|${selector(callerInput)}|${frame.to}|${selector(frame.input)}`;
      const group = groups.get(key) ?? {
        frame,
        callerInput,
        path: pathTo(ctx, frames, crossing.index),
        callerShard: crossing.callerShard,
        calleeShard: crossing.calleeShard,
        transactions: new Set<number>(),
      };
      group.transactions.add(t);
      groups.set(key, group);
    }
  });
  return [...groups.values()];
}

/** The caller's call site of the callee's function (static analysis), with the checks after it. */
function callSite(ctx: CallSiteContext, group: Group): { call: SourceLine | undefined; checks: SourceLine[] } {
  const caller = ctx.contracts.get(ctx.account(group.frame.from).contract ?? "");
  const callerSel = selector(group.callerInput);
  const calleeSel = selector(group.frame.input);
  const fns = caller?.functions ?? [];
  const own = fns.filter((f) => isSelector(f.selector, callerSel));
  const found = [...own, ...fns]
    .flatMap((f) => f.externalCalls)
    .find((c) => isSelector(c.callee?.selector, calleeSel) && c.at !== undefined);
  const at = found?.at;
  if (found === undefined || at === undefined) return { call: undefined, checks: [] };
  const content = ctx.sources.get(at.file);
  const text = content === undefined ? (at.text ?? "") : sourceLineText(content, at.line);
  const call = { file: at.file, line: at.line, column: at.column, text };
  return { call, checks: content === undefined ? [] : checksAfterCall(content, at.file, found.src) };
}

/** A value transfer to a user account: the remedy is a settlement ledger (pull payment), whatever else holds. */
const PULL_PAYMENT =
  "Credit the account in a settlement ledger on the caller's shard and let it withdraw (pull payment) instead of pushing value across shards.";

const REMEDIES: Record<ShardingRemedyKind, string> = {
  "split-per-shard":
    "Split the callee per shard (one sub-pool or sub-vault per shard, rebalanced asynchronously) so each caller calls its local part.",
  callback:
    "Turn the call into a message and move the checks after it into the callee's reply handler (a callback), with a way to undo the caller's earlier effects if the reply fails.",
  broker:
    "Put a broker or settlement contract on the callee's shard: callers send requests, it executes them in a batch and reports back.",
  "co-locate": "Keep both contracts on one shard (pin them together in the placement).",
};

function remedyOf(
  ctx: CallSiteContext,
  group: Group,
  checks: number,
  callers: ReadonlyMap<string, number>,
): { kind: ShardingRemedyKind; text: string } {
  if (ctx.account(group.frame.to).kind === "account") return { kind: "broker", text: PULL_PAYMENT };
  const kind = remedyKind(ctx, group, checks, callers);
  return { kind, text: REMEDIES[kind] };
}

function remedyKind(
  ctx: CallSiteContext,
  group: Group,
  checks: number,
  callers: ReadonlyMap<string, number>,
): ShardingRemedyKind {
  if (ctx.hot.has(group.frame.to)) return "split-per-shard";
  if (checks > 0) return "callback";
  if ((callers.get(group.frame.to) ?? 0) >= 3) return "broker";
  return "co-locate";
}

/** The atomicity-break list under `placement` (see the header), most frequent first. */
export function atomicityBreaks(graph: AccessGraph, placement: Placement, ctx: CallSiteContext): AtomicityBreak[] {
  const index = graph.index;
  const shardOf = (address: string): number | undefined => {
    const id = index.get(address);
    return id === undefined ? undefined : placement[id];
  };
  const groups = collect(graph, ctx, shardOf);
  const callers = new Map<string, Set<string>>();
  for (const g of groups) callers.set(g.frame.to, (callers.get(g.frame.to) ?? new Set()).add(g.frame.from));
  const callerCounts = new Map([...callers].map(([to, from]) => [to, from.size]));
  const size = Math.max(1, graph.transactions.length);
  return groups
    .map((group): AtomicityBreak => {
      const { call, checks } = callSite(ctx, group);
      const remedy = remedyOf(ctx, group, checks.length, callerCounts);
      return {
        path: group.path,
        caller: ctx.account(group.frame.from),
        callerFunction: functionName(ctx, group.frame.from, group.callerInput),
        callee: ctx.account(group.frame.to),
        calleeFunction: functionName(ctx, group.frame.to, group.frame.input),
        callerShard: group.callerShard,
        calleeShard: group.calleeShard,
        transactions: group.transactions.size,
        share: round4(group.transactions.size / size),
        call,
        checksAfter: checks,
        remedy,
      };
    })
    .sort((a, b) => b.transactions - a.transactions || a.path.join().localeCompare(b.path.join()))
    .slice(0, MAX_BREAKS);
}
