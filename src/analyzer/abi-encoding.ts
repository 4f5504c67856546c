/**
 * Values built by `abi.*`: calldata for low-level calls (`abi.encodeCall`/`encodeWithSelector`/
 * `encodeWithSignature`: selector and argument keys, resolved to a call edge by `evaluate-calls.ts`), and keys
 * hashed from values (`keccak256(abi.encodePacked(owner, tickLower, tickUpper))`, `keccak256(abi.encode(a, b))`):
 * an `expr` key `keccak:<byte widths>` over the argument keys, which execution evaluates (`key-values.ts`) and
 * which two transactions share only when every argument is equal (keccak's collision resistance).
 */
import type { Expression } from "solidity-ast";
import { type EvaluationContext, type Frame, type Val, unknownKey } from "./evaluation-context.js";
import { selectorOfDecl } from "./call-edges.js";
import { selectorOf } from "./selectors.js";
import { rvalueKey } from "./evaluate-expressions.js";
import { type KeySource, keyText } from "./locations.js";
import { hashPacked } from "./key-values.js";
import { isCalldata } from "./calldata-keys.js";
import { hasEval } from "./key-value-sets.js";

type Call = Extract<Expression, { nodeType: "FunctionCall" }>;

/** The `abi` members that build calldata for a low-level call. */
export const ENCODERS = new Set(["encodeCall", "encodeWithSelector", "encodeWithSignature"]);

/** A selector as 8 hex digits from a constant: `0xa9059cbb`, or a left-aligned bytes4 word. */
function selectorHex(key: KeySource): string | undefined {
  if (key.kind !== "const" || key.value === undefined) return undefined;
  const v = BigInt(key.value);
  const s = v < 1n << 32n ? v : (v & ((1n << 224n) - 1n)) === 0n ? v >> 224n : undefined;
  return s === undefined ? undefined : s.toString(16).padStart(8, "0");
}

/** `abi.encodeCall(f, (args))`, `abi.encodeWithSelector(sel, args...)`, `abi.encodeWithSignature(sig, args...)`. */
export function encodedCall(c: EvaluationContext, call: Call, encoder: string, frame: Frame): Val {
  const [first, ...rest] = call.arguments;
  const value: Val = { key: { kind: "unknown", reason: "encoded calldata" }, locs: [] };
  if (first === undefined) return value;
  if (encoder === "encodeCall") {
    const tuple = rest[0];
    const parts = tuple?.nodeType === "TupleExpression" ? tuple.components : tuple === undefined ? [] : [tuple];
    const keys = parts.map((p) => (p === null ? unknownKey("empty tuple component") : rvalueKey(c, p, frame)));
    const ref =
      first.nodeType === "MemberAccess" || first.nodeType === "Identifier" ? first.referencedDeclaration : null;
    const decl = c.ctx.build.node(ref);
    if (first.nodeType === "MemberAccess") rvalueKey(c, first.expression, frame);
    if (decl?.nodeType !== "FunctionDefinition") return value;
    return { ...value, encoded: { selector: selectorOfDecl(decl), decl: decl.id, args: keys } };
  }
  const signature =
    first.nodeType === "Literal" && first.kind === "string" && typeof first.value === "string"
      ? first.value
      : undefined;
  const firstKey = signature === undefined ? rvalueKey(c, first, frame) : undefined;
  const keys = rest.map((a) => rvalueKey(c, a, frame));
  const selector =
    encoder === "encodeWithSignature"
      ? signature === undefined
        ? undefined
        : selectorOf(signature)
      : firstKey === undefined
        ? undefined
        : selectorHex(firstKey);
  return selector === undefined ? value : { ...value, encoded: { selector, args: keys } };
}

/** Bytes a value of this type takes in `abi.encodePacked` (`packed`) or `abi.encode`; undefined for others. */
function width(type: string, packed: boolean): number | undefined {
  const hex = /^literal_string hex"([0-9a-fA-F]*)"$/.exec(type);
  if (hex !== null) return packed && (hex[1] ?? "").length > 0 ? (hex[1] ?? "").length / 2 : undefined;
  const n = /^u?int(\d+)$/.exec(type);
  const bytes =
    type === "address" || type === "address payable" || type.startsWith("contract ")
      ? 20
      : type === "bool"
        ? 1
        : type === "bytes32"
          ? 32
          : n !== null
            ? Number(n[1]) / 8
            : undefined;
  return bytes === undefined ? undefined : packed ? bytes : 32;
}

/**
 * A string or hex literal's bytes, as hex: `hex'ff'` (0.6 types one that is no UTF-8 `literal_string (contains
 * invalid UTF-8 sequence at position 0)`, not `literal_string hex"ff"`); undefined for others and empty ones.
 */
function literalHex(e: Expression): string | undefined {
  if (e.nodeType !== "Literal" || (e.kind !== "hexString" && e.kind !== "string")) return undefined;
  return e.hexValue.length > 0 ? e.hexValue : undefined;
}

function hexLiteral(e: Expression): KeySource | undefined {
  const hex = literalHex(e);
  return hex === undefined ? undefined : { kind: "const", text: `hex"${hex}"`, value: BigInt(`0x${hex}`).toString() };
}

/** The bytes an argument of `abi.encodePacked` (`packed`) or `abi.encode` takes: a literal's own length when packed. */
function argWidth(a: Expression, packed: boolean): number | undefined {
  const hex = literalHex(a);
  if (hex !== undefined) return packed ? hex.length / 2 : undefined;
  return width(a.typeDescriptions.typeString ?? "", packed);
}

/**
 * `keccak256(abi.encodePacked(hex'ff', deployer, salt, initCodeHash))`: the CREATE2 address formula (EIP-1014).
 * Its low 160 bits are where a contract is or will be deployed, never a transaction's sender (an account without
 * code, EIP-3607, whose address is a public key's hash: equal only by a keccak collision).
 */
function create2Form(keys: readonly KeySource[], widths: readonly (number | "d" | undefined)[]): boolean {
  const [ff] = keys;
  return widths.join(",") === "1,20,32,32" && ff?.kind === "const" && ff.value === "255";
}

/**
 * `keccak256(abi.encodePacked(...))` / `keccak256(abi.encode(...))` over value types: a key hashed from the
 * arguments' keys (a constant when all are known constants); undefined for other data (then evaluated as
 * before). An unknown argument makes the hash unknown.
 */
export function hashKey(c: EvaluationContext, data: Expression | undefined, frame: Frame): KeySource | undefined {
  if (data?.nodeType !== "FunctionCall" || data.expression.nodeType !== "MemberAccess") return undefined;
  const member = data.expression;
  if (member.expression.nodeType !== "Identifier" || member.expression.name !== "abi") return undefined;
  if (member.memberName !== "encodePacked" && member.memberName !== "encode") return undefined;
  const packed = member.memberName === "encodePacked";
  // `abi.encode` of a `bytes`/`string` calldata parameter (never changed): its bytes, at an offset ("d").
  const dynamic = (a: Expression) => !packed && /^(bytes|string) calldata$/.test(a.typeDescriptions.typeString ?? "");
  const widths = data.arguments.map((a) => (dynamic(a) ? "d" : argWidth(a, packed)));
  if (data.arguments.length === 0 || widths.some((w) => w === undefined)) return undefined;
  const keys = data.arguments.map((a) => hexLiteral(a) ?? rvalueKey(c, a, frame));
  const text = `keccak256(${keys.map(keyText).join(", ")})`;
  const op = `keccak:${widths.join(",")}`;
  if (keys.some((k) => k.kind === "unknown")) {
    const unknown: Extract<KeySource, { kind: "unknown" }> = create2Form(keys, widths)
      ? { kind: "unknown", reason: "CREATE2 address of values not known statically", code: true }
      : { kind: "unknown", reason: "hash of a value not known statically" };
    // Execution may still compute it (`key-value-sets.ts`): from elements of calldata arrays, sorted pairs, immutables.
    const evaluable = !widths.includes("d") && keys.every((k) => k.kind !== "unknown" || valuable(k));
    return evaluable ? { ...unknown, eval: { kind: "expr", op, args: keys, bits: 256, text } } : unknown;
  }
  if (keys.some((k, i) => widths[i] === "d" && k.kind !== "param" && !isCalldata(k)))
    return unknownKey("hash of computed bytes");
  const values = keys.map((k) => (k.kind === "const" && k.value !== undefined ? BigInt(k.value) : undefined));
  if (values.every((v): v is bigint => v !== undefined) && !widths.includes("d")) {
    const value = hashPacked(values, widths as number[]);
    return { kind: "const", text, value: value.toString() };
  }
  return { kind: "expr", op, args: keys, bits: 256, text };
}

/** An unknown key execution may value: it carries `eval`, or is an element of a calldata array. */
const valuable = (k: Extract<KeySource, { kind: "unknown" }>) => k.eval !== undefined || k.elements !== undefined;

/**
 * An unknown key with `eval` converted to `type`: an address or a narrower unsigned integer keeps the low bits of
 * the value (`address(uint(keccak256(...)))`: the CREATE2 address), a 256-bit type all of it; any other type
 * (signed, `bytesN`, ...) drops `eval`. Keys without `eval` are returned as they are.
 */
export function narrowEval(key: KeySource, type: string): KeySource {
  // Only an expression or an unknown key with `eval` can change (the common case returns before parsing `type`).
  if (key.kind === "unknown" ? key.eval === undefined : key.kind !== "expr") return key;
  const base = type.split(" ")[0] ?? "";
  const bits = base === "address" ? 160 : Number(/^uint(\d+)$/.exec(base)?.[1] ?? 0);
  // A contract type is an address: the conversion keeps the value.
  if (bits === 256 || base === "bytes32" || base === "contract") return key;
  // An expression over such keys changes value when narrowed: execution no longer tells it.
  if (key.kind === "expr" && hasEval(key)) return unknownKey("narrowed computed value");
  if (key.kind !== "unknown" || key.eval === undefined) return key;
  const { eval: inner, ...rest } = key;
  if (bits === 0) return rest;
  const mask = { kind: "const" as const, text: `2^${bits}-1`, value: ((1n << BigInt(bits)) - 1n).toString() };
  return {
    ...rest,
    eval: { kind: "expr", op: "&", args: [inner, mask], bits: 256, text: `${base}(${key.text ?? "?"})` },
  };
}

/**
 * A hash converted to a narrower type keeps only part of it: `address(uint160(uint256(h)))` is `h`'s low 160
 * bits (a CREATE2 address, Uniswap's `pairFor`), an `expr` masking it; a shorter `bytesN` keeps its high bytes:
 * unknown. Undefined when the key is no hash or the type keeps all 256 bits.
 */
export function narrowHash(key: KeySource, type: string): KeySource | undefined {
  if (key.kind !== "expr" || !key.op.startsWith("keccak:")) return undefined;
  const base = type.split(" ")[0] ?? "";
  if (/^bytes\d+$/.test(base)) return base === "bytes32" ? undefined : unknownKey("part of a hash");
  const bits = base === "address" ? 160 : Number(/^u?int(\d+)$/.exec(base)?.[1] ?? 256);
  if (bits >= 256) return undefined;
  const mask = ((1n << BigInt(bits)) - 1n).toString();
  const text = `${base}(${key.text})`;
  return { kind: "expr", op: "&", args: [key, { kind: "const", text: `2^${bits}-1`, value: mask }], bits: 256, text };
}
