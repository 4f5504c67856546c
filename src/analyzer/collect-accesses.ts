/**
 * Collects the storage accesses of a function by abstract evaluation of its AST: statements in order, every
 * expression to a `Val` (the key class of its value and the storage locations it denotes), internal calls
 * inlined with their arguments bound (memoized per argument classes), modifiers run around the body. The
 * evaluation is path-insensitive except for branches decided by constants (`from == address(0)` with `from`
 * bound to `address(0)`), so every access any path can make is recorded.
 */
import type {
  Assignment,
  FunctionCall,
  FunctionDefinition,
  Statement,
  UnaryOperation,
  VariableDeclaration,
} from "solidity-ast";
import { evaluate, evaluateArg, evaluateLocal, returnVals, rvalueKey } from "./evaluate-expressions.js";
import { evaluateCall } from "./evaluate-calls.js";
import { evaluateStatement, evaluateUpdate } from "./evaluate-updates.js";
import { mergeReturns } from "./merge-values.js";
import { inlineAssembly } from "./inline-assembly.js";
import type { KeySource } from "./locations.js";
import { hasEarlyReturn, mayEndEarly } from "./function-scan.js";
import { functionFrame, modifierFrame } from "./frames.js";
import { evaluateCondition } from "./evaluate-conditions.js";
import { bindEqualities } from "./guard-equalities.js";
import { type Fact, terminates } from "./path-facts.js";
import { assemblyStops, reviveDoomed, tagSince } from "./doomed-paths.js";
import { InvocationMemo, bound, conditionally, mergeEffects, replayable } from "./invocation-memo.js";
import { AccessRecorder } from "./access-recorder.js";
import { withKeptElements } from "./memory-arrays.js";
import { elementLocal, memoryParamElements } from "./calldata-arrays.js";
import { zeroDefault } from "./zero-defaults.js";
import { optionally } from "./evaluation-context.js";

/** A local declared without a value holds zero. */
const ZERO: KeySource = { kind: "const", text: "0", value: "0" };
import { type Effects, type EvaluationContext, type Frame, type Val, unknownKey } from "./evaluation-context.js";

export type { Access, Effects, ExternalCall, Frame, Val } from "./evaluation-context.js";
export { unknownKey } from "./evaluation-context.js";

const MAX_DEPTH = 48;

/** Evaluates the functions of one contract and records what they access. */
export class AccessCollector extends AccessRecorder implements EvaluationContext {
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
  invoke(fn: FunctionDefinition, args: Val[], sender: KeySource): Val[] {
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

  /** Evaluates a function call (see `evaluate-calls.ts`). */
  evaluateCall(call: FunctionCall, frame: Frame): Val[] {
    return evaluateCall(this, call, frame);
  }

  /** Evaluates an assignment or a `++`/`--`/`delete` (see `evaluate-updates.ts`). */
  evaluateUpdate(expr: Assignment | UnaryOperation, frame: Frame): Val {
    return evaluateUpdate(this, expr, frame);
  }

  /** A call whose body cannot be followed: pure → nothing, view → unknown read, else unknown write. */
  opaque(fn: { name: string; stateMutability: string; src: string }, why: string): Val[] {
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

  /** Evaluates one statement. */
  statement(node: Statement, frame: Frame): void {
    switch (node.nodeType) {
      case "Block":
      case "UncheckedBlock":
        return this.block(node.statements ?? [], frame);
      case "ExpressionStatement":
        evaluateStatement(this, node.expression, frame);
        return;
      case "VariableDeclarationStatement":
        return this.declare(node.declarations, node.initialValue ?? undefined, frame);
      case "IfStatement":
        return this.branch(node, frame);
      case "ForStatement":
      case "WhileStatement":
      case "DoWhileStatement":
        return this.looping(() => this.loop(node, frame));
      case "Return":
        if (node.expression) frame.returns.push(returnVals(this, node.expression, frame));
        return;
      case "EmitStatement":
        evaluate(this, node.eventCall, frame);
        return;
      case "RevertStatement":
        evaluate(this, node.errorCall, frame);
        return;
      case "TryStatement":
        evaluate(this, node.externalCall, frame);
        for (const clause of node.clauses) this.scoped(frame, () => this.statement(clause.block, frame));
        return;
      case "InlineAssembly":
        if (assemblyStops(node)) this.effects.stops = true;
        this.optional += 1; // assembly branches are not followed as such: nothing in it counts as made on every path
        inlineAssembly(this, node, frame);
        this.optional -= 1;
        return;
      case "PlaceholderStatement":
        frame.placeholder?.();
        return;
      default:
        return;
    }
  }

  /**
   * Evaluates a block's statements in order. A get-or-create local (`zero-defaults.ts`) keeps its first value
   * until the `if` after it, whose calls are made only when that value — a getter's return — is zero.
   */
  private block(statements: readonly Statement[], frame: Frame): void {
    let tested: { node: Statement; local: number } | undefined;
    statements.forEach((s, i) => {
      const local = zeroDefault(s, statements[i + 1], frame.once);
      if (local !== undefined) (frame.defaults ??= new Map()).set(local, ZERO);
      const first = tested?.node === s ? frame.defaults?.get(tested.local) : undefined;
      if (first?.kind === "external-call") this.zeroTested(first, () => this.statement(s, frame));
      else this.statement(s, frame);
      const next = statements[i + 1];
      tested = local === undefined || next === undefined ? undefined : { node: next, local };
    });
  }

  /** A loop: its header and body once (conditions and `i++` run again after the body, `looping`). */
  private loop(
    node: Extract<Statement, { nodeType: "ForStatement" | "WhileStatement" | "DoWhileStatement" }>,
    frame: Frame,
  ): void {
    if (node.nodeType === "ForStatement") {
      if (node.initializationExpression) this.statement(node.initializationExpression, frame);
      if (node.condition) rvalueKey(this, node.condition, frame);
      const step = node.loopExpression; // runs after the body, which may run zero times
      if (step) optionally(this, () => this.statement(step, frame));
    } else if (node.nodeType === "WhileStatement") rvalueKey(this, node.condition, frame);
    else optionally(this, () => rvalueKey(this, node.condition, frame)); // after a body that may `break` first
    this.scoped(frame, () => this.statement(node.body, frame));
  }

  /** Runs `body` with the path facts it adds dropped afterwards. */
  scoped(frame: Frame, body: () => void, facts: readonly Fact[] = []): void {
    const mark = this.facts.mark();
    const start = this.effects.accesses.length;
    this.facts.add(facts);
    this.branchDepth += 1;
    frame.depth = (frame.depth ?? 0) + 1;
    body();
    frame.depth -= 1;
    this.branchDepth -= 1;
    this.facts.reset(mark);
    tagSince(this.effects, start, facts);
  }

  /** Follows the branches the condition and path facts allow; a branch that ends the path leaves the other's facts. */
  private branch(node: Extract<Statement, { nodeType: "IfStatement" }>, frame: Frame): void {
    const cond = evaluateCondition(this, node.condition, frame);
    const falseBody = node.falseBody;
    if (cond.decided !== false) this.scoped(frame, () => this.statement(node.trueBody, frame), cond.whenTrue);
    if (cond.decided !== true && falseBody) this.scoped(frame, () => this.statement(falseBody, frame), cond.whenFalse);
    const trueEnds = cond.decided === false || terminates(node.trueBody) !== undefined;
    const falseEnds = cond.decided === true || (falseBody ? terminates(falseBody) !== undefined : false);
    if (trueEnds && !falseEnds) {
      this.assume(cond.whenFalse, frame);
      bindEqualities(this, node.condition, frame, false);
    } else if (falseEnds && !trueEnds) {
      this.assume(cond.whenTrue, frame);
      bindEqualities(this, node.condition, frame, true);
    }
  }

  private declare(
    decls: (VariableDeclaration | null)[],
    init: Parameters<typeof evaluate>[1] | undefined,
    frame: Frame,
  ): void {
    const values: Val[] =
      init === undefined
        ? []
        : decls.length === 1
          ? [evaluateLocal(this, init, decls[0], frame)]
          : returnVals(
              this,
              init,
              frame,
              decls.map((d) => d?.storageLocation === "storage"),
            );
    decls.forEach((decl, i) => {
      if (decl === null) return;
      const value = values[i] ?? { key: unknownKey("uninitialized"), locs: [] };
      const reassigned = frame.mutable.has(decl.id);
      const initial = init === undefined ? ZERO : value.key;
      // `x = f(); if (x == 0) x = g();`: `f()` until the `if` (`zero-defaults.ts`).
      const pending = frame.defaults?.has(decl.id) === true && init !== undefined;
      if (pending) frame.defaults?.set(decl.id, value.key);
      const key = pending
        ? value.key
        : reassigned
          ? (elementLocal(decl, initial, frame) ?? unknownKey(`local ${decl.name} is reassigned`))
          : value.key;
      if (reassigned) frame.bindings.set(decl.id, { key, locs: value.locs });
      else frame.bindings.set(decl.id, bound(value, decl.id, frame, decl.storageLocation === "memory"));
    });
  }
}
