/**
 * Internal function values through inline assembly. `fnOut := fnIn` in assembly (hardhat's and forge-std's
 * `console._castToPure`, which casts a view function pointer to a pure one) copies a function value: the
 * returned pointer can only be what flowed in, so a call through it reaches the same targets. A return variable
 * takes the value's targets only when that one Yul assignment is the only assignment it has anywhere in its
 * function (otherwise it may hold anything else: the call stays unknown).
 */
import type { FunctionDefinition } from "solidity-ast";
import { findAll } from "solidity-ast/utils.js";
import type { Frame } from "./evaluation-context.js";
import type { ContractContext } from "./contract-context.js";

const onlyAssembly = new WeakMap<object, ReadonlySet<number>>();

/** Return variables of `fn` assigned exactly once in its whole body, by one Yul assignment. */
function assignedOnceInAssembly(fn: FunctionDefinition): ReadonlySet<number> {
  const cached = onlyAssembly.get(fn);
  if (cached !== undefined) return cached;
  const counts = new Map<number, number>();
  const count = (id: number | null | undefined) => {
    if (typeof id === "number") counts.set(id, (counts.get(id) ?? 0) + 1);
  };
  for (const a of findAll("Assignment", fn)) {
    const lhs = a.leftHandSide;
    if (lhs.nodeType === "Identifier") count(lhs.referencedDeclaration);
    if (lhs.nodeType === "TupleExpression")
      for (const c of lhs.components) if (c?.nodeType === "Identifier") count(c.referencedDeclaration);
  }
  const yul = new Map<number, number>();
  for (const asm of findAll("InlineAssembly", fn)) {
    const assigned = new Set<string>();
    if (asm.AST)
      for (const a of findAll("YulAssignment", asm.AST)) for (const v of a.variableNames) assigned.add(v.src);
    for (const ref of asm.externalReferences) {
      // Pre-0.6 assembly has no Yul tree: any reference may be assigned.
      if (!asm.AST || assigned.has(ref.src)) yul.set(ref.declaration, (yul.get(ref.declaration) ?? 0) + 1);
    }
  }
  const returns = new Set(fn.returnParameters.parameters.map((p) => p.id));
  const once = new Set([...yul].filter(([id, n]) => n === 1 && !counts.has(id) && returns.has(id)).map(([id]) => id));
  onlyAssembly.set(fn, once);
  return once;
}

/**
 * Binds the Solidity variable `declaration`, assigned in assembly to a function value with targets `fns`: the
 * variable takes those targets when that is its only assignment (a return variable). Otherwise nothing is bound.
 */
export function bindAssemblyFunctionValue(
  ctx: ContractContext,
  frame: Frame,
  declaration: number,
  fns: readonly number[],
): void {
  const decl = ctx.build.node(declaration);
  if (decl?.nodeType !== "VariableDeclaration" || decl.stateVariable) return;
  const owner = ctx.build.node(decl.scope);
  if (owner?.nodeType !== "FunctionDefinition" || !assignedOnceInAssembly(owner).has(declaration)) return;
  frame.bindings.set(declaration, { key: { kind: "unknown", reason: "function value" }, locs: [], fns: [...fns] });
}
