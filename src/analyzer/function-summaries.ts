/**
 * Summaries of a contract's entry points — every public/external function (most-derived override), public
 * state variable getter, `receive` and `fallback`: the read and write sets of symbolic locations collected
 * transitively, external calls, and reasons for unknown accesses. Writes that only add or subtract and whose
 * location the function does not otherwise read or overwrite stay commutative.
 */
import type { FunctionDefinition, VariableDeclaration } from "solidity-ast";
import { type Access, AccessCollector, type Effects } from "./collect-accesses.js";
import type { ContractContext } from "./contract-context.js";
import { collectCreation } from "./creation-summary.js";
import { StoredValues } from "./stored-values.js";
import { type MethodIds, functionSignature, getterSignature, methodIds } from "./selectors.js";
import { type SymbolicLocation, deepOf, indexOf, lengthOf } from "./locations.js";
import { restoredLocations, withoutRestoredWrites } from "./restored-locks.js";
import { blockRestores } from "./block-restores.js";
import { type FunctionSummary, type ReentrancyGuard, finishSummary } from "./summary-shape.js";
import { withEntryBalance } from "./eth-balance.js";
import { withSelfDelegatecalls } from "./self-delegatecall.js";

export type { FunctionSummary, LocationAccess, ReentrancyGuard } from "./summary-shape.js";
export { finishSummary } from "./summary-shape.js";

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

/** An entry point evaluated: a function's effects, or a getter's read. */
type Evaluated = { node: FunctionDefinition; effects: Effects } | { node: VariableDeclaration; effects?: undefined };

function summarizeFunction(
  ids: MethodIds,
  fn: FunctionDefinition,
  effects: Effects,
  restored: readonly SymbolicLocation[],
): FunctionSummary {
  const params = fn.parameters.parameters.map((p, i) => (p.name === "" ? `arg${i}` : p.name));
  const kind = fn.kind === "receive" || fn.kind === "fallback" ? fn.kind : "function";
  const entry = kind === "function" ? functionSignature(ids, fn) : undefined;
  const summary = finishSummary({
    name: fn.kind === "function" ? fn.name : fn.kind,
    signature: entry?.signature ?? `${fn.kind}()`,
    selector: entry?.selector ?? null,
    kind,
    stateMutability: fn.stateMutability,
    params,
    accesses: withEntryBalance(fn, withoutRestoredWrites(effects.accesses, restored), effects.calls),
    calls: effects.calls,
    src: fn.src,
  });
  return { ...summary, reentrancyGuard: guardOf(fn, effects, summary.reentrant) };
}

function summarizeGetter(ctx: ContractContext, ids: MethodIds, decl: VariableDeclaration): FunctionSummary {
  let loc = ctx.stateVariable(decl);
  const params: string[] = [];
  const accesses: Access[] = [];
  const read = (location: SymbolicLocation) =>
    accesses.push({ mode: "read", location, commutative: false, src: decl.src });
  while (
    loc !== undefined &&
    (loc.type.kind === "mapping" || loc.type.kind === "dynamic-array" || loc.type.kind === "static-array")
  ) {
    // The index is checked against a dynamic array's length first.
    if (loc.type.kind === "dynamic-array") read(lengthOf(loc));
    const index = params.length;
    params.push(`arg${index}`);
    loc = indexOf(loc, { kind: "param", name: `arg${index}`, index });
  }
  if (loc !== undefined) read(loc.type.kind === "value" ? loc : deepOf(loc));
  const { signature, selector } = getterSignature(ids, decl);
  return finishSummary({
    name: decl.name,
    signature,
    selector,
    kind: "getter",
    stateMutability: "view",
    params,
    accesses,
    calls: [],
    src: decl.src,
  });
}

/** Evaluates every entry point; the writes go to `writes` (for the stored-value facts). */
function evaluateAll(ctx: ContractContext, ids: MethodIds, collector: AccessCollector, writes: Access[]): Evaluated[] {
  return entryPoints(ctx, ids).map((entry): Evaluated => {
    if (entry.node.nodeType !== "FunctionDefinition") return { node: entry.node };
    const effects = collector.entry(entry.node);
    for (const a of effects.accesses) if (a.mode === "write") writes.push(a);
    return { node: entry.node, effects };
  });
}

/**
 * Summaries of every entry point of a contract, in linearization order. When some write stores a value tied
 * to its own keys (`stored-values.ts`), a second pass reads such values with the facts every write and
 * creation keep (also when only zeros are ever stored there). Writes of a slot every transaction restores (a storage lock, `restored-locks.ts`) are reads.
 * A payable entry point credits the contract's ETH balance (`eth-balance.ts`).
 */
export function summarizeContract(ctx: ContractContext): FunctionSummary[] {
  const ids = methodIds(ctx.signatures);
  const writes: Access[] = [];
  const asked: SymbolicLocation[] = [];
  let evaluated = evaluateAll(ctx, ids, new AccessCollector(ctx, undefined, asked), writes);
  let creation: Effects | undefined;
  const created = () => (creation ??= collectCreation(new AccessCollector(ctx)));
  if (asked.length > 0 && StoredValues.mayPlace(asked, writes)) {
    for (const a of created().accesses) if (a.mode === "write") writes.push(a);
    const facts = new StoredValues(writes);
    if (asked.some((loc) => facts.of(loc) !== undefined))
      evaluated = evaluateAll(ctx, ids, new AccessCollector(ctx, facts), []);
  }
  const effects = evaluated.flatMap((e) => (e.effects === undefined ? [] : [e.effects]));
  const restored = restoredLocations(effects, created, () => blockRestores(ctx.linearization));
  return withSelfDelegatecalls(
    evaluated.map((e) =>
      e.effects === undefined
        ? summarizeGetter(ctx, ids, e.node)
        : summarizeFunction(ids, e.node, e.effects, restored(e.effects)),
    ),
  );
}
