/**
 * What a function's or modifier's syntax tells once (cached per AST node): the declarations it assigns (their
 * values are unknown after the declaration) and whether its body can return early (guards after such a return
 * do not hold for the caller).
 */
import type { FunctionDefinition, ModifierDefinition } from "solidity-ast";
import { findAll } from "solidity-ast/utils.js";

const mutableCache = new WeakMap<object, ReadonlySet<number>>();

/** Declarations a function or modifier assigns (cached per node: the AST does not change). */
export function scanMutable(node: FunctionDefinition | ModifierDefinition): ReadonlySet<number> {
  const cached = mutableCache.get(node);
  if (cached !== undefined) return cached;
  const ids = scanAssigned(node);
  mutableCache.set(node, ids);
  return ids;
}

function scanAssigned(node: FunctionDefinition | ModifierDefinition): Set<number> {
  const ids = new Set<number>();
  const add = (expr: { nodeType: string; referencedDeclaration?: number | null; components?: unknown[] } | null) => {
    if (expr?.nodeType === "Identifier" && typeof expr.referencedDeclaration === "number")
      ids.add(expr.referencedDeclaration);
    if (expr?.nodeType === "TupleExpression") for (const c of expr.components ?? []) add(c as typeof expr);
  };
  for (const a of findAll("Assignment", node)) add(a.leftHandSide);
  for (const u of findAll("UnaryOperation", node)) if (u.operator === "++" || u.operator === "--") add(u.subExpression);
  for (const asm of findAll("InlineAssembly", node)) {
    // Only references an assembly block assigns (`x := ...`, `p.slot := ...`); pre-0.6 blocks have no Yul AST.
    const assigned = new Set<string>();
    if (asm.AST)
      for (const a of findAll("YulAssignment", asm.AST)) for (const v of a.variableNames) assigned.add(v.src);
    for (const ref of asm.externalReferences) if (!asm.AST || assigned.has(ref.src)) ids.add(ref.declaration);
  }
  return ids;
}

const earlyReturns = new WeakMap<object, boolean>();

/** Whether a body can return before its end (then guards after the return do not hold for the caller). */
export function hasEarlyReturn(body: NonNullable<FunctionDefinition["body"]>): boolean {
  let found = earlyReturns.get(body);
  if (found === undefined) {
    const statements = body.statements ?? [];
    const last = statements[statements.length - 1];
    found = [...findAll("Return", body)].some((r) => r !== last);
    earlyReturns.set(body, found);
  }
  return found;
}

const skipping = new WeakMap<object, boolean>();

/**
 * Whether a modifier may end its function without running all of it: a `return` not at its end, or a `_;` that
 * is not one of its body's own statements (in a branch or a loop, or none at all). Then guards in the body or
 * the modifier hold on some paths only.
 */
export function mayEndEarly(mod: ModifierDefinition): boolean {
  const body = mod.body;
  if (body === null || body === undefined) return true;
  let found = skipping.get(body);
  if (found === undefined) {
    const own = new Set<object>((body.statements ?? []).filter((s) => s.nodeType === "PlaceholderStatement"));
    const all = [...findAll("PlaceholderStatement", body)];
    found = hasEarlyReturn(body) || all.length === 0 || all.some((p) => !own.has(p));
    skipping.set(body, found);
  }
  return found;
}

const onceCache = new WeakMap<object, ReadonlySet<number>>();

/** Locals and return variables assigned exactly once, by a plain `=` (not in a tuple, not in assembly). */
export function assignedOnce(node: FunctionDefinition): ReadonlySet<number> {
  const cached = onceCache.get(node);
  if (cached !== undefined) return cached;
  const counts = new Map<number, number>();
  for (const a of findAll("Assignment", node)) {
    const lhs = a.leftHandSide;
    const id = lhs.nodeType === "Identifier" && a.operator === "=" ? lhs.referencedDeclaration : undefined;
    if (typeof id === "number") counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const mutable = scanMutable(node);
  const once = new Set([...counts].filter(([id, n]) => n === 1 && mutable.has(id)).map(([id]) => id));
  for (const u of findAll("UnaryOperation", node))
    if (u.subExpression.nodeType === "Identifier") once.delete(u.subExpression.referencedDeclaration ?? -1);
  for (const a of findAll("Assignment", node))
    if (a.operator !== "=" && a.leftHandSide.nodeType === "Identifier")
      once.delete(a.leftHandSide.referencedDeclaration ?? -1);
  for (const asm of findAll("InlineAssembly", node)) for (const r of asm.externalReferences) once.delete(r.declaration);
  // Assigned in a tuple too (`(x, y) = f()`): more than once.
  for (const a of findAll("Assignment", node))
    if (a.leftHandSide.nodeType === "TupleExpression")
      for (const c of a.leftHandSide.components)
        if (c?.nodeType === "Identifier") once.delete(c.referencedDeclaration ?? -1);
  onceCache.set(node, once);
  return once;
}

const changedCache = new WeakMap<object, ReadonlySet<number>>();

/** The declaration an lvalue such as `l.a[i].b` is rooted at. */
function lvalueRoot(e: { nodeType: string }): number | undefined {
  const n = e as {
    nodeType: string;
    baseExpression?: object;
    expression?: object;
    referencedDeclaration?: number | null;
  };
  if (n.nodeType === "Identifier") return n.referencedDeclaration ?? undefined;
  if (n.nodeType === "IndexAccess" && n.baseExpression) return lvalueRoot(n.baseExpression as { nodeType: string });
  if (n.nodeType === "MemberAccess" && n.expression) return lvalueRoot(n.expression as { nodeType: string });
  return undefined;
}

/**
 * Locals a function may change other than by assigning them: a member or element written (`l.price = 0`,
 * `delete l.x`, `l.n++`), or the value used whole (passed, returned, assigned: a memory value can then change
 * through another name). A memory copy not in this set keeps the values it was copied with.
 */
export function scanChangedInPlace(node: FunctionDefinition): ReadonlySet<number> {
  const cached = changedCache.get(node);
  if (cached !== undefined) return cached;
  const ids = new Set<number>();
  const uses = new Map<number, number>();
  for (const i of findAll("Identifier", node))
    if (typeof i.referencedDeclaration === "number")
      uses.set(i.referencedDeclaration, (uses.get(i.referencedDeclaration) ?? 0) + 1);
  const asBase = new Map<number, number>();
  for (const m of findAll("MemberAccess", node))
    if (m.expression.nodeType === "Identifier" && typeof m.expression.referencedDeclaration === "number")
      asBase.set(m.expression.referencedDeclaration, (asBase.get(m.expression.referencedDeclaration) ?? 0) + 1);
  for (const [id, n] of uses) if (n > (asBase.get(id) ?? 0)) ids.add(id);
  const written = [
    ...[...findAll("Assignment", node)].map((a) => a.leftHandSide),
    ...[...findAll("UnaryOperation", node)]
      .filter((u) => u.operator === "++" || u.operator === "--" || u.operator === "delete")
      .map((u) => u.subExpression),
  ];
  for (const e of written) {
    const root = lvalueRoot(e);
    if (root !== undefined) ids.add(root);
  }
  for (const asm of findAll("InlineAssembly", node)) for (const r of asm.externalReferences) ids.add(r.declaration);
  changedCache.set(node, ids);
  return ids;
}
