/**
 * Bounds of counters. A storage value only ever changed by `++`, `--`, `+= 1` or `delete` cannot exceed the
 * number of transactions ever run, far below 2^64 (the analyzer already assumes keccak has no collisions, a much
 * stronger assumption); a narrower unsigned type bounds a value by its width. The bound lets packed ids such as
 * `uint256(uint160(minter)) << 96 | ++mintedBy[minter]` compare by their parts (see `alias.ts`).
 */
import type { Expression } from "solidity-ast";
import { findAll } from "solidity-ast/utils.js";
import type { ContractContext } from "./contract-context.js";
import type { SymbolicLocation } from "./locations.js";

const COUNTER_BITS = 64;
const cache = new WeakMap<ContractContext, Map<number, boolean>>();

/** The state variable an lvalue like `m[a][b]` or `x` is rooted at. */
function rootOf(e: Expression): number | undefined {
  if (e.nodeType === "IndexAccess") return rootOf(e.baseExpression);
  if (e.nodeType === "Identifier") return e.referencedDeclaration ?? undefined;
  return undefined;
}

function valueTyped(typeString: string): boolean {
  return /^(mapping\(.*=> )*uint\d*\)*$/.test(typeString.replace(/\s+/g, " "));
}

function onlyCounted(ctx: ContractContext, id: number): boolean {
  for (const base of ctx.linearization) {
    for (const a of findAll("Assignment", base)) {
      if (rootOf(a.leftHandSide) !== id) continue;
      const one = a.rightHandSide.nodeType === "Literal" && a.rightHandSide.value === "1";
      if (a.operator !== "+=" || !one) return false;
    }
    // Assembly that stores anywhere or runs foreign code could set the value: no bound.
    for (const asm of findAll("InlineAssembly", base)) {
      if (asm.externalReferences.some((r) => r.declaration === id) || asm.AST === undefined || asm.AST === null)
        return false;
      for (const call of findAll("YulFunctionCall", asm.AST))
        if (["sstore", "delegatecall", "callcode"].includes(call.functionName.name)) return false;
    }
    for (const m of findAll("MemberAccess", base)) if (m.memberName === "delegatecall") return false;
  }
  return true;
}

/** Whether the state variable `id` (uint, or mapping to uint) is a counter: only `++`, `--`, `+= 1`, `delete`. */
function isCounter(ctx: ContractContext, id: number): boolean {
  let known = cache.get(ctx);
  if (known === undefined) cache.set(ctx, (known = new Map()));
  const hit = known.get(id);
  if (hit !== undefined) return hit;
  const decl = ctx.build.node(id);
  const counter =
    decl?.nodeType === "VariableDeclaration" &&
    decl.stateVariable &&
    valueTyped(decl.typeDescriptions.typeString ?? "") &&
    onlyCounted(ctx, id);
  known.set(id, counter);
  return counter;
}

/** Bits that bound the value `++x`/`x--` yields: the value type's width, or 64 for a counter. */
export function counterBits(ctx: ContractContext, target: Expression, locs: SymbolicLocation[]): number | undefined {
  const widths = locs.map((l) => (l.type.kind === "value" && l.type.bytes < 32 ? l.type.bytes * 8 : 256));
  const width = widths.length > 0 ? Math.max(...widths) : 256;
  if (width < 256) return width;
  const root = rootOf(target);
  return root !== undefined && locs.length > 0 && isCounter(ctx, root) ? COUNTER_BITS : undefined;
}
