/**
 * Concrete values of summary keys in an executed call (shared by the soundness check and the report's
 * precision oracle): senders, origin, constants, static calldata words, arithmetic over them.
 */
import type { KeySource } from "./locations.js";
import type { FunctionJson } from "./result.js";
import type { ExecutedCall, ExecutedTransaction } from "./executed-transaction.js";

/** A hex word (with or without `0x`) as a number. */
export const norm = (hex: string): bigint => BigInt(hex.startsWith("0x") ? hex : `0x${hex}`);

function staticParams(signature: string): boolean {
  return !/[([]|bytes\b|string/.test(signature.slice(signature.indexOf("(") + 1, -1));
}

/**
 * The concrete value of a summary key in one executed call: the frame's sender, the transaction's origin, a
 * constant, a static calldata word; `"any"` when execution alone does not tell (storage, calls, unknown).
 */
export function keyValue(
  key: KeySource | undefined,
  call: ExecutedCall,
  tx: ExecutedTransaction,
  fn: FunctionJson,
): bigint | "any" {
  if (key === undefined) return "any";
  if (key.kind === "sender") return call.from === "" ? "any" : norm(call.from);
  if (key.kind === "origin") return norm(tx.from);
  if (key.kind === "const")
    return key.value !== undefined
      ? BigInt(key.value)
      : key.text === "this" || key.text === "address(this)"
        ? norm(call.to)
        : "any";
  if (key.kind === "expr") {
    const [a, b] = key.args.map((k) => keyValue(k, call, tx, fn));
    return a === undefined || b === undefined || a === "any" || b === "any"
      ? "any"
      : arithmetic(key.op, a, b, key.bits);
  }
  if (key.kind === "param" && fn.kind !== "constructor" && !key.name.includes(".") && staticParams(fn.signature)) {
    const hex = call.input.replace(/^0x/, "").slice(8 + key.index * 64, 8 + (key.index + 1) * 64);
    return hex.length === 64 ? BigInt(`0x${hex}`) : "any";
  }
  return "any";
}

/** `a op b` on unsigned `bits`-wide integers (Solidity wraps only in `unchecked`; a checked overflow reverts). */
export function arithmetic(op: string, a: bigint, b: bigint, bits: number): bigint | "any" {
  const mask = (1n << BigInt(bits)) - 1n;
  const ops: Record<string, () => bigint | undefined> = {
    "+": () => a + b,
    "-": () => a - b,
    "*": () => a * b,
    "/": () => (b === 0n ? undefined : a / b),
    "%": () => (b === 0n ? undefined : a % b),
    "&": () => a & b,
    "|": () => a | b,
    "^": () => a ^ b,
    "<<": () => (b >= BigInt(bits) ? 0n : a << b),
    ">>": () => (b >= BigInt(bits) ? 0n : a >> b),
  };
  const value = ops[op]?.();
  return value === undefined ? "any" : value & mask;
}
