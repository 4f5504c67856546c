/**
 * Compile-time evaluation of the constant expressions that fix storage slots: hex/decimal literals,
 * `keccak256("...")`, the ERC-7201 formula `keccak256(abi.encode(uint256(keccak256(id)) - 1)) & ~0xff`, and
 * references to other constants. Anything else is `undefined`, which callers treat as an unknown slot.
 */
import type { Expression, VariableDeclaration } from "solidity-ast";
import type { ASTDereferencer } from "solidity-ast/utils.js";

import { keccak256 } from "../shared/keccak.js";

const MASK = (1n << 256n) - 1n;

/** keccak256 of bytes as a bigint. */
export function keccakBig(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(keccak256(bytes)).toString("hex")}`);
}

/** A 256-bit big-endian word. */
export function word(value: bigint): Uint8Array {
  return Buffer.from((value & MASK).toString(16).padStart(64, "0"), "hex");
}

/** The ERC-7201 base slot of namespace `id`. */
export function erc7201Slot(id: string): bigint {
  const inner = keccakBig(Buffer.from(id, "utf8")) - 1n;
  return keccakBig(word(inner)) & ~0xffn & MASK;
}

/** The namespace id of a struct's `@custom:storage-location erc7201:<id>` annotation, if any. */
export function erc7201Id(documentation: { text?: string } | string | null | undefined): string | undefined {
  const text = typeof documentation === "string" ? documentation : documentation?.text;
  const match = text === undefined ? null : /@custom:storage-location\s+erc7201:(\S+)/.exec(text);
  return match?.[1];
}

function literalValue(node: Extract<Expression, { nodeType: "Literal" }>): bigint | Uint8Array | undefined {
  if (node.kind === "number") {
    const text = (node.value ?? "").replace(/_/g, "");
    return /^(0x[0-9a-fA-F]+|\d+)$/.test(text) ? BigInt(text) : undefined;
  }
  if (node.kind === "string" || node.kind === "hexString") return Buffer.from(node.hexValue, "hex");
  if (node.kind === "bool") return node.value === "true" ? 1n : 0n;
  return undefined;
}

/** Evaluates constant expressions that can fix a storage slot or key. */
export class ConstantEvaluator {
  private readonly cache = new Map<number, bigint | undefined>();

  constructor(private readonly deref: ASTDereferencer) {}

  /** Value of a `constant` state variable (memoized), or `undefined`. */
  ofVariable(decl: VariableDeclaration): bigint | undefined {
    if (this.cache.has(decl.id)) return this.cache.get(decl.id);
    this.cache.set(decl.id, undefined);
    const value = decl.value ? this.asBig(this.evaluate(decl.value)) : undefined;
    this.cache.set(decl.id, value);
    return value;
  }

  /** Value of an expression as a 256-bit integer, or `undefined`. */
  value(expr: Expression): bigint | undefined {
    return this.asBig(this.evaluate(expr));
  }

  private asBig(value: bigint | Uint8Array | undefined): bigint | undefined {
    if (value === undefined || typeof value === "bigint") return value;
    return value.length <= 32 ? BigInt(`0x${Buffer.from(value).toString("hex").padEnd(64, "0")}`) : undefined;
  }

  private evaluate(expr: Expression): bigint | Uint8Array | undefined {
    switch (expr.nodeType) {
      case "Literal":
        return literalValue(expr);
      case "Identifier":
        return this.identifier(expr.referencedDeclaration);
      case "MemberAccess":
        return this.identifier(expr.referencedDeclaration);
      case "TupleExpression":
        return expr.components.length === 1 && expr.components[0] ? this.evaluate(expr.components[0]) : undefined;
      case "UnaryOperation":
        return this.unary(expr.operator, expr.subExpression);
      case "BinaryOperation":
        return this.binary(expr.operator, expr.leftExpression, expr.rightExpression);
      case "FunctionCall":
        return this.call(expr);
      default:
        return undefined;
    }
  }

  private identifier(id: number | null | undefined): bigint | undefined {
    if (id === null || id === undefined || id < 0) return undefined;
    try {
      const decl = this.deref("VariableDeclaration", id);
      return decl.constant ? this.ofVariable(decl) : undefined;
    } catch {
      return undefined;
    }
  }

  private unary(operator: string, sub: Expression): bigint | undefined {
    const value = this.value(sub);
    if (value === undefined) return undefined;
    if (operator === "~") return ~value & MASK;
    if (operator === "-") return -value & MASK;
    return undefined;
  }

  private binary(operator: string, left: Expression, right: Expression): bigint | undefined {
    const a = this.value(left);
    const b = this.value(right);
    if (a === undefined || b === undefined) return undefined;
    const ops: Record<string, (x: bigint, y: bigint) => bigint> = {
      "+": (x, y) => x + y,
      "-": (x, y) => x - y,
      "*": (x, y) => x * y,
      "&": (x, y) => x & y,
      "|": (x, y) => x | y,
      "^": (x, y) => x ^ y,
      "<<": (x, y) => x << y,
      ">>": (x, y) => x >> y,
    };
    const op = ops[operator];
    return op === undefined ? undefined : op(a, b) & MASK;
  }

  private call(expr: Extract<Expression, { nodeType: "FunctionCall" }>): bigint | Uint8Array | undefined {
    const [first] = expr.arguments;
    if (expr.kind === "typeConversion") {
      if (first === undefined || expr.arguments.length !== 1) return undefined;
      return truncateBytes(this.evaluate(first), first.typeDescriptions.typeString, expr.typeDescriptions.typeString);
    }
    const callee = expr.expression;
    const name =
      callee.nodeType === "Identifier" ? callee.name : callee.nodeType === "MemberAccess" ? callee.memberName : "";
    if (name === "keccak256" && first !== undefined) {
      const bytes = this.evaluate(first);
      if (bytes === undefined) return undefined;
      return keccakBig(typeof bytes === "bigint" ? word(bytes) : bytes);
    }
    if (name === "encode" && expr.arguments.length === 1 && first !== undefined) {
      const value = this.value(first);
      return value === undefined ? undefined : word(value);
    }
    return undefined;
  }
}

/** `bytes4(bytes32 x)` keeps the leftmost bytes (a selector from `keccak256(...)`); other conversions keep the value. */
function truncateBytes(
  value: bigint | Uint8Array | undefined,
  from: string | null | undefined,
  to: string | null | undefined,
): bigint | Uint8Array | undefined {
  const source = /^bytes(\d+)$/.exec(from ?? "");
  const target = /^bytes(\d+)$/.exec(to ?? "");
  if (typeof value !== "bigint" || source?.[1] === undefined || target?.[1] === undefined) return value;
  const keep = Number(target[1]);
  if (keep >= Number(source[1])) return value;
  const drop = BigInt(256 - 8 * keep);
  return (value >> drop) << drop;
}
