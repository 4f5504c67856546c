/**
 * Summaries of a contract's entry points — every public/external function (most-derived override), public
 * state variable getter, `receive` and `fallback`: the read and write sets of symbolic locations collected
 * transitively, external calls, and reasons for unknown accesses. Writes that only add or subtract and whose
 * location the function does not otherwise read or overwrite stay commutative.
 */
import type { FunctionDefinition, VariableDeclaration } from "solidity-ast";
import { type Access, AccessCollector, type Effects, type ExternalCall } from "./collect-accesses.js";
import type { ContractContext } from "./contract-context.js";
import { collectCreation } from "./creation-summary.js";
import { StoredValues } from "./stored-values.js";
import { type MethodIds, functionSignature, getterSignature, methodIds } from "./selectors.js";
import { type SymbolicLocation, deepOf, indexOf } from "./locations.js";

/** A read or write of one symbolic location by a function, with every statement making it. */
export interface LocationAccess {
  location: SymbolicLocation;
  /** Only `+=`/`-=`/`++`/`--` and never otherwise read or overwritten by the function. */
  commutative: boolean;
  /** AST `src` of each expression making the access. */
  srcs: string[];
}

/** What one entry point of a contract reads, writes and calls. */
export interface FunctionSummary {
  name: string;
  /** `transfer(address,uint256)`, `receive()`, `fallback()`. */
  signature: string;
  /** 4-byte selector as 8 hex digits, `null` for receive/fallback. */
  selector: string | null;
  kind: "function" | "getter" | "receive" | "fallback" | "constructor";
  stateMutability: string;
  /** Parameter names, in order (`arg<i>` when unnamed). */
  params: string[];
  reads: LocationAccess[];
  writes: LocationAccess[];
  /** Accesses made only on paths that revert (`doomed-paths.ts`): covered by the soundness check, not classified. */
  reverting?: LocationAccess[];
  externalCalls: ExternalCall[];
  /** Reasons for accesses the analysis could not place. */
  unknowns: string[];
  /** Makes calls out through which another contract could re-enter this one. */
  reentrant: boolean;
  /** What guards a re-entrant call out (`none` when nothing does, or when the function makes none). */
  reentrancyGuard: ReentrancyGuard;
  /** AST `src` of the declaration. */
  src: string;
}

/**
 * The re-entrancy guard found on a function: a `nonReentrant` modifier, another lock (a `lock`-style modifier or
 * a lock variable the function writes), checks-effects-interactions (no storage write after the first call
 * out, in evaluation order), or none.
 */
export type ReentrancyGuard = "nonReentrant" | "lock" | "checks-effects-interactions" | "none";

const LOCK_NAME = /lock|mutex|entered|reentran|status/i;

function guardOf(fn: FunctionDefinition, effects: Effects, reentrant: boolean): ReentrancyGuard {
  if (!reentrant) return "none";
  const modifiers = fn.modifiers.map((m) => m.modifierName.name ?? "");
  if (modifiers.some((m) => /nonReentrant/i.test(m))) return "nonReentrant";
  const lockWrite = effects.accesses.some((a) => a.mode === "write" && !a.reverting && LOCK_NAME.test(a.location.text));
  if (modifiers.some((m) => LOCK_NAME.test(m)) || lockWrite) return "lock";
  const first = effects.firstCallOut;
  const writesAfter =
    first !== undefined && effects.accesses.slice(first).some((a) => a.mode === "write" && !a.reverting);
  return writesAfter ? "none" : "checks-effects-interactions";
}

type Entry = { node: FunctionDefinition } | { node: VariableDeclaration };

/** Entry points keyed by selector (so interface declarations and the getters implementing them meet). */
function entryPoints(ctx: ContractContext, ids: MethodIds): Entry[] {
  const seen = new Set<string>();
  const entries: Entry[] = [];
  for (const base of ctx.linearization) {
    for (const node of base.nodes) {
      let key: string | undefined;
      let entry: Entry | undefined;
      if (node.nodeType === "FunctionDefinition") {
        const external = node.visibility === "public" || node.visibility === "external";
        if (node.kind === "receive" || node.kind === "fallback") key = node.kind;
        else if (node.kind === "function" && external) key = functionSignature(ids, node).selector;
        entry = { node };
      } else if (node.nodeType === "VariableDeclaration" && node.visibility === "public" && node.stateVariable) {
        key = getterSignature(ids, node).selector;
        entry = { node };
      }
      if (key === undefined || entry === undefined || seen.has(key)) continue;
      seen.add(key);
      entries.push(entry);
    }
  }
  return entries;
}

function group(accesses: Access[], mode: "read" | "write"): LocationAccess[] {
  const byKey = new Map<string, LocationAccess>();
  for (const a of accesses) {
    if (a.mode !== mode) continue;
    const key = `${a.location.text}|${a.location.deep}|${a.commutative}`;
    const found = byKey.get(key);
    if (found === undefined) byKey.set(key, { location: a.location, commutative: a.commutative, srcs: [a.src] });
    else if (!found.srcs.includes(a.src)) found.srcs.push(a.src);
  }
  return [...byKey.values()];
}

/** Downgrades commutative writes whose location the function also reads or overwrites. */
function settleCommutative(
  reads: LocationAccess[],
  writes: LocationAccess[],
): { reads: LocationAccess[]; writes: LocationAccess[] } {
  const readTexts = new Set(reads.map((r) => r.location.text));
  const plainWrites = new Set(writes.filter((w) => !w.commutative).map((w) => w.location.text));
  const extraReads: LocationAccess[] = [];
  const settled = writes.map((w) => {
    if (!w.commutative || (!readTexts.has(w.location.text) && !plainWrites.has(w.location.text))) return w;
    if (!readTexts.has(w.location.text)) extraReads.push({ ...w, commutative: false });
    return { ...w, commutative: false };
  });
  return { reads: [...reads, ...extraReads], writes: settled };
}

function summarizeFunction(
  ids: MethodIds,
  collector: AccessCollector,
  fn: FunctionDefinition,
  writes: Access[],
): FunctionSummary {
  const effects = collector.entry(fn);
  for (const a of effects.accesses) if (a.mode === "write") writes.push(a);
  const params = fn.parameters.parameters.map((p, i) => (p.name === "" ? `arg${i}` : p.name));
  const kind = fn.kind === "receive" || fn.kind === "fallback" ? fn.kind : "function";
  const entry = kind === "function" ? functionSignature(ids, fn) : undefined;
  const selector = entry?.selector ?? null;
  const signature = entry?.signature ?? `${fn.kind}()`;
  const summary = finish(
    fn.kind === "function" ? fn.name : fn.kind,
    signature,
    selector,
    kind,
    fn.stateMutability,
    params,
    effects.accesses,
    effects.calls,
    fn.src,
  );
  return { ...summary, reentrancyGuard: guardOf(fn, effects, summary.reentrant) };
}

function summarizeGetter(ctx: ContractContext, ids: MethodIds, decl: VariableDeclaration): FunctionSummary {
  let loc = ctx.stateVariable(decl);
  const params: string[] = [];
  while (
    loc !== undefined &&
    (loc.type.kind === "mapping" || loc.type.kind === "dynamic-array" || loc.type.kind === "static-array")
  ) {
    const index = params.length;
    params.push(`arg${index}`);
    loc = indexOf(loc, { kind: "param", name: `arg${index}`, index });
  }
  const accesses: Access[] =
    loc === undefined
      ? []
      : [{ mode: "read", location: loc.type.kind === "value" ? loc : deepOf(loc), commutative: false, src: decl.src }];
  const { signature, selector } = getterSignature(ids, decl);
  return finish(decl.name, signature, selector, "getter", "view", params, accesses, [], decl.src);
}

function finish(
  name: string,
  signature: string,
  selector: string | null,
  kind: FunctionSummary["kind"],
  stateMutability: string,
  params: string[],
  accesses: Access[],
  calls: ExternalCall[],
  src: string,
): FunctionSummary {
  const live = accesses.filter((a) => !a.reverting);
  const { reads, writes } = settleCommutative(group(live, "read"), group(live, "write"));
  const doomed = accesses.filter((a) => a.reverting);
  const reverting = [...group(doomed, "read"), ...group(doomed, "write")];
  const unknowns = [
    ...new Set(
      accesses
        .filter((a) => a.location.root.kind === "unknown")
        .map((a) => (a.location.root as { reason: string }).reason),
    ),
  ];
  const uniqueCalls = [...new Map(calls.map((c) => [`${c.kind}|${c.target}|${c.fn}|${c.src}`, c])).values()];
  const reentrant = uniqueCalls.some((c) => c.target !== "this");
  return {
    name,
    signature,
    selector,
    kind,
    stateMutability,
    params,
    reads,
    writes,
    ...(reverting.length > 0 ? { reverting } : {}),
    externalCalls: uniqueCalls,
    unknowns,
    reentrant,
    reentrancyGuard: "none",
    src,
  };
}

/** Builds a summary from raw accesses and calls (shared with the bytecode fallback). */
export function finishSummary(p: {
  name: string;
  signature: string;
  selector: string | null;
  kind: FunctionSummary["kind"];
  stateMutability: string;
  params: string[];
  accesses: Access[];
  calls: ExternalCall[];
  src: string;
}): FunctionSummary {
  return finish(p.name, p.signature, p.selector, p.kind, p.stateMutability, p.params, p.accesses, p.calls, p.src);
}

function summarizeAll(ctx: ContractContext, collector: AccessCollector, writes: Access[]): FunctionSummary[] {
  const ids = methodIds(ctx.signatures);
  return entryPoints(ctx, ids).map((entry) =>
    entry.node.nodeType === "FunctionDefinition"
      ? summarizeFunction(ids, collector, entry.node, writes)
      : summarizeGetter(ctx, ids, entry.node),
  );
}

/**
 * Summaries of every entry point of a contract, in linearization order. When some write stores a value tied
 * to its own keys (`stored-values.ts`), a second pass reads such values with the facts every write and
 * creation keep.
 */
export function summarizeContract(ctx: ContractContext): FunctionSummary[] {
  const writes: Access[] = [];
  const first = summarizeAll(ctx, new AccessCollector(ctx), writes);
  if (!StoredValues.worthIt(writes)) return first;
  for (const a of collectCreation(new AccessCollector(ctx)).accesses) if (a.mode === "write") writes.push(a);
  return summarizeAll(ctx, new AccessCollector(ctx, new StoredValues(writes)), []);
}
