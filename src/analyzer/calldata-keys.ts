/**
 * Keys read out of the frame's own calldata beyond the ABI-decoded parameters: `msg.data.length` and an address
 * taken from the calldata at a computed offset, `address(bytes20(msg.data[s:]))` — OpenZeppelin's
 * `ERC2771Context._msgSender()`, which takes the relayed sender from the last 20 bytes a trusted forwarder
 * appends. Both are `expr` keys execution evaluates from the frame's calldata (`key-values.ts`); like parameters,
 * they mean nothing in another frame, so composition and self-delegatecalls unbind them.
 */
import type { Expression } from "solidity-ast";
import { isBuiltin } from "./contract-context.js";
import type { KeySource } from "./locations.js";

const SIZE = "calldatasize";
const ADDRESS_AT = "calldata-address";
const DATA = "calldata";

/** `msg.data.length` of the frame. */
export const CALLDATA_SIZE: KeySource = { kind: "expr", op: SIZE, args: [], bits: 256, text: "msg.data.length" };

/**
 * `msg.data` of the frame, as bytes: only hashed (`keccak256(abi.encode(caller, target, msg.data))`, OpenZeppelin
 * `AccessManager.hashOperation(caller, address(this), _msgData())`, a "d" argument `key-values.ts` reads whole).
 */
export const CALLDATA: KeySource = { kind: "expr", op: DATA, args: [], bits: 256, text: "msg.data" };

/** Whether a key is the frame's whole calldata (`CALLDATA`). */
export const isCalldata = (k: KeySource): boolean => k.kind === "expr" && k.op === DATA;

/** Whether `e` is `msg.data` (the builtin `msg`). */
export function isMsgData(e: Expression): boolean {
  return (
    e.nodeType === "MemberAccess" &&
    e.memberName === "data" &&
    e.expression.nodeType === "Identifier" &&
    e.expression.name === "msg" &&
    isBuiltin(e.expression.referencedDeclaration)
  );
}

/** Whether `e` is `msg.data.length` (the builtin `msg`). */
export function isCalldataSize(e: Expression): boolean {
  return e.nodeType === "MemberAccess" && e.memberName === "length" && isMsgData(e.expression);
}

/**
 * The start expression `s` when `e` is `bytes20(msg.data[s:])` (a conversion of an open-ended calldata slice to
 * `bytes20`, the only width an address conversion takes whole).
 */
export function addressSliceStart(e: Expression): Expression | undefined {
  if (e.nodeType !== "FunctionCall" || e.kind !== "typeConversion") return undefined;
  if (e.typeDescriptions.typeString !== "bytes20") return undefined;
  const [arg] = e.arguments;
  if (arg?.nodeType !== "IndexRangeAccess" || !isMsgData(arg.baseExpression)) return undefined;
  if (arg.endExpression !== null && arg.endExpression !== undefined) return undefined;
  return arg.startExpression ?? undefined;
}

/** `address(bytes20(msg.data[start:]))`: the 20 calldata bytes at `start` as an address. */
export function calldataAddressKey(start: KeySource, text: string): KeySource {
  return { kind: "expr", op: ADDRESS_AT, args: [start], bits: 160, text };
}

/** Whether a key depends on the frame's calldata beyond its parameters. */
export function readsCalldata(k: KeySource): boolean {
  if (k.kind !== "expr")
    return k.kind === "unknown" && (k.elements !== undefined || (k.alts ?? []).some(readsCalldata));
  return k.op === SIZE || k.op === ADDRESS_AT || k.op === DATA || k.args.some(readsCalldata);
}

/**
 * The value of a calldata key in a frame with calldata `input` (hex); `start` values the offset argument. A
 * slice starting past the end reverts (Solidity checks slice bounds), so no access is ever made with that
 * value: it takes `nowhere()`, a value no other frame's key takes. Undefined for other keys.
 */
export function calldataKeyValue(
  key: KeySource,
  input: string,
  start: (k: KeySource) => bigint | "any",
  nowhere: () => bigint,
): bigint | "any" | undefined {
  if (key.kind !== "expr") return undefined;
  const hex = input.replace(/^0x/, "");
  if (key.op === SIZE) return BigInt(hex.length / 2);
  if (key.op !== ADDRESS_AT) return undefined;
  const [arg] = key.args;
  const offset = arg === undefined ? "any" : start(arg);
  if (offset === "any") return "any";
  if (offset > BigInt(hex.length / 2)) return nowhere();
  const at = Number(offset) * 2;
  return BigInt(`0x${hex.slice(at, at + 40).padEnd(40, "0")}`);
}
