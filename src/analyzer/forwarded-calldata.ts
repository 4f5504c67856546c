/**
 * Calldata an entry point passes on from its own, packed in memory: `abi.encodePacked(request.data,
 * request.from)`, which OpenZeppelin's ERC2771Forwarder calls in assembly (`call(gas, to, value, add(data, 0x20),
 * mload(data), 0, 0)`, `assembly-encoded.ts`). Calldata cannot change, so the transaction's calldata tells these
 * bytes: a `bytes calldata` parameter or a `bytes` member of a calldata struct parameter, then the packed 20
 * bytes of an address (ERC-2771's sender suffix). The placement of an executed transaction (`predict-conflict.ts`)
 * runs them at the call's target; anything else stays a call to code not known.
 */
import type { Expression } from "solidity-ast";
import { type EvaluationContext, type Forward, type Frame, type Val, unknownKey } from "./evaluation-context.js";
import { rvalueKey } from "./evaluate-expressions.js";
import type { ExecutedCall, ExecutedTransaction } from "./executed-transaction.js";
import { keyValue, paramBytesOf } from "./key-values.js";
import type { FunctionJson } from "./result.js";

type Call = Extract<Expression, { nodeType: "FunctionCall" }>;

/** The position of a `bytes` member of a calldata struct (`request.data` of `ForwardRequestData calldata`). */
function bytesMember(c: EvaluationContext, expr: Expression): number | undefined {
  if (expr.nodeType !== "MemberAccess") return undefined;
  if (!/^struct .* calldata$/.test(expr.expression.typeDescriptions.typeString ?? "")) return undefined;
  const decl = c.ctx.build.node(expr.referencedDeclaration);
  const struct = decl?.nodeType === "VariableDeclaration" ? c.ctx.build.node(decl.scope) : undefined;
  if (decl?.nodeType !== "VariableDeclaration" || struct?.nodeType !== "StructDefinition") return undefined;
  const at = struct.members.findIndex((m) => m.id === decl.id);
  return at < 0 ? undefined : at;
}

/**
 * `abi.encodePacked(data, account)` with `data` the entry point's own `bytes calldata` parameter or a `bytes`
 * member of its calldata struct parameter, and `account` an address: bytes a forwarding call may pass on.
 */
export function packedForward(c: EvaluationContext, call: Call, frame: Frame): Val | undefined {
  const [data, suffix, ...rest] = call.arguments;
  if (data === undefined || suffix === undefined || rest.length > 0) return undefined;
  if (data.typeDescriptions.typeString !== "bytes calldata") return undefined;
  if (!/^address(?: payable)?$/.test(suffix.typeDescriptions.typeString ?? "")) return undefined;
  const key = rvalueKey(c, data, frame);
  const at = bytesMember(c, data);
  if (key.kind !== "param") return undefined;
  const parts = key.name.split(".");
  if (parts.length > 2 || (parts.length === 2) !== (at !== undefined)) return undefined;
  const forward = { data: at === undefined ? key : { ...key, member: at }, suffix: rvalueKey(c, suffix, frame) };
  return { key: unknownKey("encoded calldata"), locs: [], encoded: { selector: "", args: [], forward } };
}

/**
 * The calldata a forwarding call passes on in one executed call of `fn`: its parameter's (or parameter member's)
 * bytes, then the suffix address's 20 bytes; undefined when execution does not tell them.
 */
export function forwardedBytes(
  f: Omit<Forward, "target">,
  call: ExecutedCall,
  tx: ExecutedTransaction,
  fn: FunctionJson,
): Buffer | undefined {
  const data = paramBytesOf(f.data, call, fn);
  if (data === undefined || f.suffix === undefined) return data;
  const account = keyValue(f.suffix, call, tx, fn);
  if (account === "any") return undefined;
  const packed = (account & ((1n << 160n) - 1n)).toString(16).padStart(40, "0");
  return Buffer.concat([data, Buffer.from(packed, "hex")]);
}
