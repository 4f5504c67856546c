/**
 * How a body's statements are evaluated, in order (`collect-accesses.ts` runs the functions around them): blocks,
 * declarations, branches the condition and path facts allow (facts scoped to them), loops once with their steps
 * optional, `try`, inline assembly, a modifier's `_;`. Calls and updates inside them go to `evaluate-calls.ts`
 * and `evaluate-updates.ts`; an invocation (entry point, internal call, modifier) is the subclass's.
 */
import type {
  Assignment,
  FunctionCall,
  FunctionDefinition,
  Statement,
  UnaryOperation,
  VariableDeclaration,
} from "solidity-ast";
import { evaluate, evaluateLocal, returnVals, rvalueKey } from "./evaluate-expressions.js";
import { evaluateCall } from "./evaluate-calls.js";
import { evaluateStatement, evaluateUpdate } from "./evaluate-updates.js";
import { inlineAssembly } from "./inline-assembly.js";
import type { KeySource } from "./locations.js";
import { evaluateCondition } from "./evaluate-conditions.js";
import { bindEqualities } from "./guard-equalities.js";
import { type Fact, terminates } from "./path-facts.js";
import { assemblyStops, tagSince } from "./doomed-paths.js";
import { bound } from "./invocation-memo.js";
import { AccessRecorder } from "./access-recorder.js";
import { elementLocal } from "./calldata-arrays.js";
import { zeroDefault } from "./zero-defaults.js";
import { type EvaluationContext, type Frame, type Val, optionally, unknownKey } from "./evaluation-context.js";

/** A local declared without a value holds zero. */
const ZERO: KeySource = { kind: "const", text: "0", value: "0" };

/** Evaluates statements and records what they access; invoking functions is left to the subclass. */
export abstract class StatementEvaluator extends AccessRecorder implements EvaluationContext {
  /** Runs an internal (or library, or self) call with bound arguments; returns the values it returns. */
  abstract invoke(fn: FunctionDefinition, args: Val[], sender: KeySource): Val[];

  /** A call whose body cannot be followed. */
  abstract opaque(fn: { name: string; stateMutability: string; src: string }, why: string): Val[];

  /** Evaluates a function call (see `evaluate-calls.ts`). */
  evaluateCall(call: FunctionCall, frame: Frame): Val[] {
    return evaluateCall(this, call, frame);
  }

  /** Evaluates an assignment or a `++`/`--`/`delete` (see `evaluate-updates.ts`). */
  evaluateUpdate(expr: Assignment | UnaryOperation, frame: Frame): Val {
    return evaluateUpdate(this, expr, frame);
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
