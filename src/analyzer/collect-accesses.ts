/**
 * Collects the storage accesses of a function by abstract evaluation of its AST: statements in order
 * (`statement-evaluator.ts`), every expression to a `Val` (the key class of its value and the storage locations
 * it denotes), internal calls inlined with their arguments bound (memoized per argument classes), modifiers run
 * around the body. The evaluation is path-insensitive except for branches decided by constants
 * (`from == address(0)` with `from` bound to `address(0)`), so every access any path can make is recorded.
 */
import type { FunctionDefinition } from "solidity-ast";
import { evaluateArg } from "./evaluate-expressions.js";
import { mergeReturns } from "./merge-values.js";
import type { KeySource } from "./locations.js";
import { hasEarlyReturn, mayEndEarly } from "./function-scan.js";
import { functionFrame, modifierFrame } from "./frames.js";
import { reviveDoomed } from "./doomed-paths.js";
import { InvocationMemo, conditionally, mergeEffects, replayable } from "./invocation-memo.js";
import { withKeptElements } from "./memory-arrays.js";
import { memoryParamElements } from "./calldata-arrays.js";
import { type Effects, type Frame, type Val, unknownKey } from "./evaluation-context.js";
import { StatementEvaluator } from "./statement-evaluator.js";

export type { Access, Effects, ExternalCall, Frame, Val } from "./evaluation-context.js";
export { unknownKey } from "./evaluation-context.js";

const MAX_DEPTH = 48;

/** Evaluates the functions of one contract and records what they access. */
export class AccessCollector extends StatementEvaluator {
  private readonly stack: number[] = [];
  private readonly memo = new InvocationMemo();

  /** Runs a public/external function as a transaction entry point: parameters are the transaction's arguments. */
  entry(fn: FunctionDefinition): Effects {
    this.effects = { accesses: [], calls: [] };
    this.facts.reset(0);
    this.entryReads.clear();
    this.startGuards = [];
    const args = fn.parameters.parameters.map((p, index): Val => {
      const name = p.name === "" ? `arg${index}` : p.name;
      const elements = memoryParamElements(p, name, index);
      return { key: { kind: "param", name, index }, locs: [], ...(elements ? { elements } : {}) };
    });
    this.invoke(fn, args, { kind: "sender" });
    return this.startGuards.length > 0 ? { ...this.effects, startGuards: this.startGuards } : this.effects;
  }

  /** The entry point's own invocation (a replayed one records nothing: `noteStoredRead`, `assume`). */
  protected override atEntryLevel(): boolean {
    return this.stack.length === 1;
  }

  /** Runs an internal (or library, or self) call with bound arguments; returns the values it returns. */
  override invoke(fn: FunctionDefinition, args: Val[], sender: KeySource): Val[] {
    const memoKey = this.memo.key(fn, sender, args, this.facts.fingerprint());
    const hit = this.memo.replay(memoKey, this.nextRef);
    if (hit !== undefined) {
      const [cached, refs] = hit;
      this.nextRef += refs;
      const effects = replayable(cached.effects);
      mergeEffects(this.effects, this.conditional() ? conditionally(effects) : effects);
      this.facts.add(cached.facts);
      return cached.returns;
    }
    if (this.stack.includes(fn.id) || this.stack.length > MAX_DEPTH) return this.opaque(fn, "recursive call");
    const outer = this.effects;
    this.effects = { accesses: [], calls: [] };
    this.stack.push(fn.id);
    const mark = this.facts.mark();
    const firstRef = this.nextRef;
    const self = sender.kind === "const" && sender.text === "this";
    if (self) this.exits += 1;
    const returns = this.run(fn, args, sender);
    if (self) this.exits -= 1;
    this.stack.pop();
    const effects = this.effects;
    // A call to `this` is an external call: a `try` may catch its revert, so its guards prove nothing after it.
    if (sender.kind === "const" && sender.text === "this") {
      this.facts.reset(mark);
      reviveDoomed(effects);
    }
    this.memo.store(memoKey, { effects, returns, facts: this.facts.since(mark), refs: [firstRef, this.nextRef] });
    this.effects = outer;
    mergeEffects(outer, effects);
    return returns;
  }

  /** A call whose body cannot be followed: pure → nothing, view → unknown read, else unknown write. */
  override opaque(fn: { name: string; stateMutability: string; src: string }, why: string): Val[] {
    if (fn.stateMutability === "pure") return [];
    this.unknown(fn.stateMutability === "view" ? "read" : "write", `${why} to ${fn.name}`, fn.src);
    return [];
  }

  private run(fn: FunctionDefinition, args: Val[], sender: KeySource): Val[] {
    const frame = functionFrame(this.ctx, fn, args, sender);
    if (!fn.implemented || fn.body === null || fn.body === undefined) {
      this.opaque(fn, "unimplemented function");
      return [];
    }
    const body = fn.body;
    const modifiers = fn.modifiers.filter((m) => m.kind !== "baseConstructorSpecifier");
    const runAt = (i: number): void => {
      const invocation = modifiers[i];
      if (invocation === undefined) return this.exiting(body, () => this.statement(body, frame));
      this.modifier(invocation, frame, () => runAt(i + 1));
    };
    const mark = this.facts.mark();
    runAt(0);
    // Guards after an early return (the body's or a modifier's) hold on the paths that did not return only.
    if (frame.earlyReturn === true) this.facts.reset(mark);
    const params = fn.returnParameters.parameters;
    const named = params.map((r) => {
      const value = frame.bindings.get(r.id);
      return value === undefined
        ? { key: unknownKey("return"), locs: [] }
        : withKeptElements(this.ctx, value, r.id, frame);
    });
    const namedUsed = params.some((r) => r.name !== "" && frame.mutable.has(r.id));
    return mergeReturns(frame.returns.length === 0 ? [named] : namedUsed ? [...frame.returns, named] : frame.returns);
  }

  private modifier(invocation: FunctionDefinition["modifiers"][number], caller: Frame, next: () => void): void {
    const id = invocation.modifierName.referencedDeclaration;
    if (id === null || id === undefined) return next();
    const def = this.ctx.build.deref(["ModifierDefinition", "ContractDefinition"], id);
    if (def.nodeType !== "ModifierDefinition") return next();
    const mod = this.ctx.dispatchModifier(def);
    // A modifier that may skip the body: the body's guards may not run after what came before it.
    if (mayEndEarly(mod)) caller.earlyReturn = true;
    const args = (invocation.arguments ?? []).map((a) => evaluateArg(this, a, caller, false));
    const frame = modifierFrame(this.ctx, mod, args, caller, next);
    const body = mod.body;
    if (body) this.exiting(body, () => this.statement(body, frame));
  }

  /** Evaluates a body; if it may return early, nothing in it is made on every path nor guards the code after. */
  private exiting(body: NonNullable<FunctionDefinition["body"]>, run: () => void): void {
    const exits = hasEarlyReturn(body);
    const mark = this.facts.mark();
    if (exits) this.exits += 1;
    run();
    if (!exits) return;
    this.exits -= 1;
    this.facts.reset(mark); // a `return` goes on after the `_;` that ran the body: its later guards may not have run
  }
}
