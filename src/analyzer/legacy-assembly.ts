/**
 * Inline assembly of solc < 0.6, which gives it as text only (no Yul AST).
 */
import type { InlineAssembly } from "solidity-ast";
import type { EvaluationContext, Frame } from "./evaluation-context.js";
import { creationTarget } from "./created-class.js";

/**
 * solc < 0.6 gives assembly as text only: its calls and creations are recorded from the text (a `create2` in a
 * factory is a creation), and any storage opcode — or text that cannot be read — is an unknown access.
 */
export function legacyAssembly(c: EvaluationContext, node: InlineAssembly, frame?: Frame): void {
  const text = (node as { operations?: string }).operations;
  if (text === undefined) {
    c.unknown("write", "inline assembly without a Yul AST or text (solc < 0.6)", node.src);
    return;
  }
  const has = (op: string) => new RegExp(`\\b${op}\\b`).test(text);
  for (const op of ["create", "create2"] as const)
    if (has(op)) c.call({ kind: "create", target: creationTarget(node, frame), fn: op, src: node.src });
  for (const op of ["call", "staticcall"] as const)
    if (has(op)) c.call({ kind: op, target: "<assembly>", fn: op, src: node.src });
  for (const op of ["delegatecall", "callcode"] as const) {
    if (!has(op)) continue;
    c.call({ kind: "delegatecall", target: "<assembly>", fn: op, src: node.src });
    c.unknown("write", `${op} in inline assembly runs foreign code on this storage`, node.src);
  }
  if (/(_slot|\.slot|_offset|\.offset)\b/.test(text))
    c.unknown("write", "storage pointer slot in inline assembly without a Yul AST (solc < 0.6)", node.src);
  if (has("sstore")) c.unknown("write", "sstore in inline assembly without a Yul AST (solc < 0.6)", node.src);
  else if (has("sload")) c.unknown("read", "sload in inline assembly without a Yul AST (solc < 0.6)", node.src);
}
