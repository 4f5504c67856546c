/**
 * Summaries composed through calls: what an entry point reads and writes in OTHER contracts' storage, through
 * its call edges. Each call edge's callee is resolved among the analyzed contracts (the implementation the build
 * names, else every concrete contract declaring or inheriting the callee type, else every concrete contract with
 * the selector — never the caller's own class), the callee function's accesses (its own composed ones too, up to
 * a depth) are bound to the caller: callee parameters become the call's argument keys, the callee's `msg.sender`
 * the caller (`address(this)`), the callee's `address(this)` the instance called. A call no analyzed contract can
 * serve is an unknown access on that instance. Static calls only read.
 */
import type { CallEdge, ExternalCall, Forward } from "./evaluation-context.js";
import type { FunctionSummary, LocationAccess } from "./function-summaries.js";
import type { Fact } from "./path-facts.js";
import { type KeySource, type Level, type SymbolicLocation, keyText, rootLabel, unknownLocation } from "./locations.js";
import { balanceLocation, isBalance } from "./eth-balance.js";
import { readsCalldata } from "./calldata-keys.js";

/** A read or write of another contract's storage, reached through calls, in the entry point's terms. */
export interface ComposedAccess {
  /** The class (contract name) whose storage is accessed; `*` when no analyzed contract serves the call. */
  contract: string;
  /** The callee's address as a key of the entry point (`_asset`, a parameter, `address(this)`). */
  instance: KeySource;
  /** The calls leading there: `_asset.transferFrom(address,address,uint256)`. */
  via: string;
  mode: "read" | "write";
  /** The callee's location with its keys bound to the entry point's (text prefixed by the class). */
  location: SymbolicLocation;
  commutative: boolean;
  /** Facts on the composing function's parameters under which the access is made (its call's `when`). */
  when?: Fact[];
  /** The entry point's own call forwarding a parameter as calldata (`predict-conflict.ts` places it per transaction). */
  forward?: Forward;
}

/** An analyzed contract as composition sees it. */
export interface ComposableContract {
  name: string;
  concrete: boolean;
  /** Names of the contracts of its linearization (itself included). */
  bases: string[];
  summaries: FunctionSummary[];
  /** What deploying it writes (initializers and constructors). */
  creation?: FunctionSummary;
}

const MAX_DEPTH = 3;
const MAX_CANDIDATES = 8;
const THIS: KeySource = { kind: "const", text: "address(this)" };
/** A creation's edge: constructor arguments are not tracked, so its parameters bind to unknown values. */
const NO_ARGUMENTS: CallEdge = { contract: "", function: "constructor", selector: "", args: [], sender: "this" };

/** Whether a key denotes the running contract's own address. */
export function isThis(k: KeySource): boolean {
  return k.kind === "const" && k.value === undefined && (k.text === "this" || k.text === "address(this)");
}

/** `address(x)` and `x` name the same instance. */
function instanceKey(k: KeySource): KeySource {
  if (k.kind !== "const" || k.value !== undefined) return k;
  const m = /^(?:address|I?[A-Z]\w*)\((.+)\)$/.exec(k.text);
  return m?.[1] === undefined ? k : m[1] === "this" ? THIS : { ...k, text: m[1] };
}

/** Binds a callee key to the caller: parameters to arguments, sender to the caller, `this` to the instance. */
function bindKey(k: KeySource, edge: CallEdge, instance: KeySource): KeySource {
  switch (k.kind) {
    case "sender":
      return THIS;
    case "param":
      return k.name.includes(".")
        ? { kind: "unknown", reason: `member of argument ${k.name}` }
        : (edge.args[k.index] ?? { kind: "unknown", reason: `argument ${k.name}` });
    // The callee's immutable is the callee's deployment's, not the caller's: no longer valued by the caller's.
    case "const":
      return isThis(k) ? instance : k.immutable === true ? notImmutable(k) : k;
    // A value the callee read from its own storage: never one of the caller's reads (`stored-keys.ts`).
    case "storage":
      return { ...k, callee: true };
    // An element of the callee's calldata array: not the caller's (the array passed on is not tracked).
    // A key the callee computes (`eval`) is computed from its own calldata and immutables: not valued here.
    case "unknown":
      return k.elements !== undefined
        ? { kind: "unknown", reason: `the callee's calldata (${k.text ?? "?"})` }
        : k.eval === undefined
          ? k
          : withoutEval(k);
    case "expr":
      return readsCalldata(k)
        ? { kind: "unknown", reason: `the callee's calldata (${k.text})` }
        : { ...k, args: k.args.map((a) => bindKey(a, edge, instance)) };
    default:
      return k;
  }
}

function notImmutable(k: Extract<KeySource, { kind: "const" }>): KeySource {
  const { immutable: _immutable, ...rest } = k;
  return rest;
}

function withoutEval(k: Extract<KeySource, { kind: "unknown" }>): KeySource {
  const { eval: _eval, ...rest } = k;
  return rest;
}

function bindLevel(l: Level, edge: CallEdge, instance: KeySource): Level {
  const key = l.key === undefined ? {} : { key: bindKey(l.key, edge, instance) };
  const index =
    l.index === undefined
      ? {}
      : { index: { ...l.index, terms: l.index.terms.map((t) => ({ ...t, key: bindKey(t.key, edge, instance) })) } };
  return { ...l, ...key, ...index };
}

/** The location with its keys bound, its text naming the bound keys. */
function rebind(loc: SymbolicLocation, edge: CallEdge, instance: KeySource): SymbolicLocation {
  const levels = loc.levels.map((l) => bindLevel(l, edge, instance));
  const account = isBalance(loc) ? levels[1]?.key : undefined;
  if (account !== undefined) return balanceLocation(account);
  let text = loc.text;
  loc.levels.forEach((l, i) => {
    const bound = levels[i]?.key;
    if (l.key !== undefined && bound !== undefined)
      text = text.replace(`[${keyText(l.key)}]`, `[\u0000${keyText(bound)}]`);
  });
  return { ...loc, text: text.replaceAll("\u0000", ""), levels };
}

function bindLocation(loc: SymbolicLocation, edge: CallEdge, instance: KeySource, cls: string): SymbolicLocation {
  const bound = rebind(loc, edge, instance);
  // An account's ETH balance belongs to no class: named by the bound account alone.
  if (isBalance(loc)) return bound;
  const root =
    loc.root.kind === "variable" ? { ...loc.root, label: `${cls}.${rootLabel(loc)}`, contract: cls } : loc.root;
  return { ...bound, text: `${cls}(${keyText(instance)}).${bound.text}`, root };
}

/**
 * A call whose callee the build does not tell (a raw `.call`, a call through a function value): an unknown access
 * on whatever it reaches. A `transfer`/`send` forwards 2300 gas, too little to write storage: a read only.
 */
function opaqueCall(call: ExternalCall): ComposedAccess[] {
  // Even a static call may read any contract (its callee calls on): the instance stays unknown.
  const instance = instanceKey({ kind: "unknown", reason: `target ${call.target}`, text: call.target });
  const via = `${call.target}.${call.fn}`;
  const location = unknownLocation(`call ${via}: callee not known statically`);
  const modes: ("read" | "write")[] = call.kind === "call" ? ["read", "write"] : ["read"];
  const forward = call.forward ? { forward: call.forward } : {};
  return modes.map((mode) => ({ contract: "*", instance, via, mode, location, commutative: false, ...forward }));
}

/**
 * Whether the arguments of a call edge contradict a fact on the callee's parameters (a constant argument, or the
 * length of a new array or `bytes`): then what the callee does under that fact never happens through this edge.
 */
function contradicted(when: readonly Fact[] | undefined, edge: CallEdge): boolean {
  return (when ?? []).some((f) => {
    const key = JSON.parse(f.key) as KeySource;
    if (key.kind !== "param") return false;
    const [name, member] = key.name.split(".");
    const arg = edge.args[key.index];
    const actual =
      member === undefined
        ? arg?.kind === "const"
          ? arg.value
          : undefined
        : member === "length" && name !== undefined && arg?.kind === "unknown"
          ? arg.length
          : undefined;
    return actual !== undefined && (actual === f.value) !== f.equal;
  });
}

/** Resolves callees and composes accesses; one instance per analysis (summaries are memoized per function). */
export class CallComposer {
  private readonly byName = new Map<string, ComposableContract>();
  private readonly memo = new Map<FunctionSummary, ComposedAccess[]>();

  constructor(private readonly contracts: readonly ComposableContract[]) {
    for (const c of contracts) if (!this.byName.has(c.name)) this.byName.set(c.name, c);
  }

  /**
   * A creation writes the new contract's storage through its constructor; a later transaction of the block can
   * call the new address. The class is the `new` type when the source names it, else any (assembly `create2`).
   */
  private composeCreate(call: ExternalCall): ComposedAccess[] {
    const name = /\bcontract (\w+)/.exec(call.target)?.[1];
    const created = name === undefined ? undefined : this.byName.get(name);
    const instance: KeySource = { kind: "unknown", reason: "address of a created contract", text: "<created>" };
    const via = `${call.target}.constructor`;
    if (created?.creation === undefined) {
      const location = unknownLocation(`creation ${via}: the created contract is not analyzed`);
      return [{ contract: "*", instance, via, mode: "write", location, commutative: false }];
    }
    const cls = created.name;
    const at = (mode: "read" | "write") => (a: LocationAccess) => ({
      contract: cls,
      instance,
      via,
      mode,
      location: bindLocation(a.location, NO_ARGUMENTS, instance, cls),
      commutative: false,
    });
    return [...created.creation.reads.map(at("read")), ...created.creation.writes.map(at("write"))];
  }

  /** The analyzed contracts that can serve a call edge (never the caller's own class). */
  candidates(edge: CallEdge, caller: string): ComposableContract[] {
    // `IFoo(address(this)).f()`: the contract calls itself through its own address.
    const self = edge.target !== undefined && isThis(instanceKey(edge.target)) ? this.byName.get(caller) : undefined;
    if (self !== undefined) return [self];
    const named = edge.implementation === undefined ? undefined : this.byName.get(edge.implementation);
    if (named !== undefined && named.name !== caller) return [named];
    const serves = (c: ComposableContract) => c.summaries.some((s) => s.selector === edge.selector);
    const concrete = this.contracts.filter((c) => c.concrete && c.name !== caller && serves(c));
    if (edge.untyped === true) return concrete;
    const typed = concrete.filter((c) => c.bases.includes(edge.contract));
    return typed.length > 0 ? typed : concrete;
  }

  /** What `summary` (an entry point of `caller`) accesses in other contracts through its calls. */
  compose(summary: FunctionSummary, caller: string, depth = 0): ComposedAccess[] {
    const cached = this.memo.get(summary);
    if (cached !== undefined) return cached;
    this.memo.set(summary, []); // recursion through a cycle of calls composes nothing more
    const out: ComposedAccess[] = [];
    for (const call of summary.externalCalls)
      for (const a of this.composeCall(call, caller, depth)) out.push(call.when ? { ...a, when: call.when } : a);
    const id = (a: ComposedAccess) =>
      `${a.mode}|${a.location.text}|${a.commutative}|${a.via}|${JSON.stringify(a.when)}`;
    const unique = [...new Map(out.map((a) => [id(a), a])).values()];
    this.memo.set(summary, unique);
    return unique;
  }

  private composeCall(call: ExternalCall, caller: string, depth: number): ComposedAccess[] {
    const edge = call.callee;
    if (call.kind === "create") return this.composeCreate(call);
    if (call.kind === "delegatecall" || call.target === "this") return [];
    if (edge === undefined) return opaqueCall(call);
    const instance = instanceKey(edge.target ?? { kind: "unknown", reason: `target ${call.target}` });
    const via = `${keyText(instance)}.${edge.function}`;
    const found = this.candidates(edge, caller);
    if (found.length === 0 || found.length > MAX_CANDIDATES || depth >= MAX_DEPTH) {
      const why =
        found.length === 0
          ? "no analyzed contract implements it"
          : depth >= MAX_DEPTH
            ? "calls nested too deep"
            : "too many implementations";
      const location = unknownLocation(`call ${via}: ${why}`);
      const modes: ("read" | "write")[] = call.kind === "staticcall" ? ["read"] : ["read", "write"];
      return modes.map((mode) => ({ contract: "*", instance, via, mode, location, commutative: false }));
    }
    const out: ComposedAccess[] = [];
    for (const target of found) {
      const fn = target.summaries.find((s) => s.selector === edge.selector);
      if (fn === undefined) continue;
      const add = (mode: "read" | "write") => (a: LocationAccess) =>
        out.push({
          contract: target.name,
          instance,
          via,
          mode: call.kind === "staticcall" ? "read" : mode,
          location: bindLocation(a.location, edge, instance, target.name),
          commutative: call.kind !== "staticcall" && a.commutative,
        });
      fn.reads.forEach(add("read"));
      fn.writes.forEach(add("write"));
      for (const inner of this.compose(fn, target.name, depth + 1)) {
        if (contradicted(inner.when, edge)) continue; // `if (data.length > 0) callback()` called with `new bytes(0)`
        const bind = (k: KeySource) => bindKey(k, edge, instance);
        // A forwarded call of the callee's is in the callee's terms: not placed per transaction from here.
        const { when: _when, forward: _forward, ...rest } = inner;
        out.push({
          ...rest,
          instance: bind(inner.instance),
          via: `${via} → ${inner.via}`,
          mode: call.kind === "staticcall" ? "read" : inner.mode,
          location: rebind(inner.location, edge, instance),
        });
      }
    }
    return out;
  }
}
