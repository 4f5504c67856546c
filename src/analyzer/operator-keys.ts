/**
 * The key class of `a op b` from the key classes of its operands: constants fold, unsigned arithmetic over keys
 * execution can evaluate (`msg.sender % SHARDS`, `minter << 96 | nonce`) stays an `expr` key, the rest is unknown.
 */
import type { Expression } from "solidity-ast";
import type { EvaluationContext } from "./evaluation-context.js";
import { arithmetic } from "./key-values.js";
import { type KeySource, type SymbolicLocation, constValue, keyText } from "./locations.js";

const ARITHMETIC = new Set(["+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>"]);

/** Keys execution can evaluate: senders, parameters, constants with a value, arithmetic over them. */
export function evaluable(k: KeySource): boolean {
  return (
    k.kind === "sender" ||
    k.kind === "origin" ||
    k.kind === "param" ||
    k.kind === "expr" ||
    (k.kind === "const" && k.value !== undefined)
  );
}

/** The key of `a op b`; `distributed`: `a`/`b` are alternatives of the operands, not their own values. */
export function binaryKey(
  c: EvaluationContext,
  expr: Extract<Expression, { nodeType: "BinaryOperation" }>,
  a: KeySource,
  b: KeySource,
  distributed: boolean,
): KeySource {
  const bits = /^uint(\d*)$/.exec(expr.typeDescriptions.typeString ?? "");
  const width = Number(bits?.[1] || 256);
  if (a.kind === "const" && b.kind === "const") {
    const [x, y] = [constValue(a), constValue(b)];
    const computed =
      !distributed || bits === null || x === undefined || y === undefined || !ARITHMETIC.has(expr.operator)
        ? undefined
        : arithmetic(expr.operator, x, y, width);
    const value = distributed ? (computed === "any" ? undefined : computed) : c.ctx.build.constants.value(expr);
    return {
      kind: "const",
      text: `${a.text} ${expr.operator} ${b.text}`,
      ...(value === undefined ? {} : { value: value.toString() }),
    };
  }
  const text = `${keyText(a)} ${expr.operator} ${keyText(b)}`;
  if (bits !== null && ARITHMETIC.has(expr.operator) && (evaluable(a) || evaluable(b)))
    return { kind: "expr", op: expr.operator, args: [a, b], bits: width, text };
  return { kind: "unknown", reason: "computed value", text };
}

/** `uint256(deriveArray(S)) + i`: element `i` of the array whose data region the slot starts (one slot each). */
export function elementSlots(base: SymbolicLocation[] | undefined, index: KeySource): SymbolicLocation[] | undefined {
  if (base === undefined || (index.kind === "unknown" && index.alts !== undefined)) return undefined;
  const out: SymbolicLocation[] = [];
  for (const l of base) {
    const last = l.levels[l.levels.length - 1];
    if (last?.via !== "array" || last.key !== undefined || last.span !== null) return undefined;
    const level = { via: "array" as const, key: index, start: 0n, span: 1n };
    const text = `${l.text.replace(/\[\*\]$/, "")}[${keyText(index)}]`;
    out.push({
      ...l,
      text,
      levels: [...l.levels.slice(0, -1), level],
      deep: false,
      type: { kind: "value", bytes: 32 },
    });
  }
  return out;
}
