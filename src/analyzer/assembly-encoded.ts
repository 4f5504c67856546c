/**
 * Calldata built in Solidity and called in assembly: `bytes memory data = abi.encodeCall(IAuthority.canCall, (a,
 * b, c))` then `staticcall(gas(), authority, add(data, 0x20), mload(data), 0x00, 0x40)` (OpenZeppelin's
 * `AuthorityUtils.canCallWithDelay`). The call's input at `data + 32` is the encoded call — a call edge like the
 * Solidity `authority.staticcall(data)` — when the bytes cannot have changed: the function keeps the variable
 * (`keeps`: never assigned, written in place or passed where it may be; this block excepted), the block has no
 * loop or Yul function (so it runs its statements once, in order), and nothing in it wrote memory outside the
 * scratch words below 0x80 before the call.
 */
import type { InlineAssembly } from "solidity-ast";
import { findAll } from "solidity-ast/utils.js";
import type { ContractContext } from "./contract-context.js";
import type { EncodedCall, Frame, Val } from "./evaluation-context.js";
import { keeps } from "./memory-arrays.js";
import type { AsmState, YVal } from "./yul-values.js";

/** Builtins that write memory, and the argument that is the address written (a call's output area). */
const WRITES: Record<string, number> = {
  mstore: 0,
  mstore8: 0,
  mcopy: 0,
  calldatacopy: 0,
  codecopy: 0,
  extcodecopy: 1,
  returndatacopy: 0,
  call: 5,
  callcode: 5,
  delegatecall: 4,
  staticcall: 4,
};

/** The Yul value of a Solidity `bytes` variable holding encoded calldata, when the block may use it as such. */
export function encodedValue(
  ctx: ContractContext,
  frame: Frame,
  node: InlineAssembly,
  declaration: number,
  bound: Val | undefined,
): YVal | undefined {
  if (bound?.encoded === undefined || frame.fn === undefined || node.AST === undefined || node.AST === null)
    return undefined;
  if ([...findAll(["YulForLoop", "YulFunctionDefinition"], node.AST)].length > 0) return undefined;
  return keeps(ctx, frame.fn, declaration, node) ? { kind: "encoded", call: bound.encoded, offset: 0n } : undefined;
}

/** `add` on encoded calldata's pointer and a constant. */
export function encodedAdd(a: YVal | undefined, b: YVal | undefined): YVal | undefined {
  if (a?.kind === "encoded" && b?.kind === "const") return { ...a, offset: a.offset + b.value };
  if (b?.kind === "encoded" && a?.kind === "const") return { ...b, offset: b.offset + a.value };
  return undefined;
}

/** Notes a builtin's memory write: anything but the scratch words below 0x80 may overwrite encoded calldata. */
export function noteMemoryWrite(s: AsmState, name: string, args: readonly YVal[]): void {
  const at = WRITES[name];
  if (at === undefined) return;
  const target = args[at];
  if (target?.kind !== "const" || target.value >= 0x80n) s.memoryDirty = true;
}

/** `mload(data)` of encoded calldata: its length, while memory there is still what was encoded. */
export function encodedLength(s: AsmState, at: YVal | undefined): YVal | undefined {
  return at?.kind === "encoded" && at.offset === 0n && s.memoryDirty !== true
    ? { kind: "encodedLength", call: at.call }
    : undefined;
}

/** The encoded call at a call's input pointer (`add(data, 0x20)`), when memory there is still what was encoded. */
export function encodedInput(s: AsmState, input: YVal | undefined): EncodedCall | undefined {
  return input?.kind === "encoded" && input.offset === 32n && s.memoryDirty !== true ? input.call : undefined;
}
