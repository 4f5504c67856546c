/**
 * Abstract evaluation of calls out of the contract: high-level external calls (recorded with their target and,
 * when the build tells, a call edge to the callee), low-level `call`/`staticcall`/`delegatecall`/`send`/`transfer`
 * (an edge from the encoded calldata's selector; a call forwarding a parameter's `bytes calldata` to a parameter
 * target; a delegatecall is an unknown write of this contract's storage, its own address's a self-delegatecall).
 */
import type { Expression } from "solidity-ast";
import type { EvaluationContext, ExternalCall, Forward, Frame, Val } from "./evaluation-context.js";
import { callEdge, selectorEdge } from "./call-edges.js";
import { evaluate, rvalueKey } from "./evaluate-expressions.js";
import { type KeySource, keyText } from "./locations.js";
import { SELF_DELEGATECALL, isSelfTarget } from "./self-delegatecall.js";

type Call = Extract<Expression, { nodeType: "FunctionCall" }>;
type Member = Extract<Expression, { nodeType: "MemberAccess" }>;

/** Members of an address that call it at a low level. */
export const LOW_LEVEL = new Set(["call", "delegatecall", "staticcall", "callcode", "send", "transfer"]);

/** Records a call out (or a creation) of the evaluated function. */
export function record(
  c: EvaluationContext,
  kind: ExternalCall["kind"],
  target: string,
  fn: string,
  src: string,
): void {
  c.call({ kind, target, fn, src });
}

/** A high-level call of an external function (or a public getter) on `callee.expression`: one value per result. */
export function externalCall(
  c: EvaluationContext,
  call: Call,
  callee: Member,
  kind: ExternalCall["kind"],
  frame: Frame,
  results = 1,
): Val[] {
  const targetKey = rvalueKey(c, callee.expression, frame);
  const target = keyText(targetKey);
  const keys = call.arguments.map((a) => rvalueKey(c, a, frame));
  const decl = c.ctx.build.node(callee.referencedDeclaration);
  const edge =
    decl?.nodeType === "FunctionDefinition" || decl?.nodeType === "VariableDeclaration"
      ? callEdge(c, decl, keys, targetKey)
      : undefined;
  const first = kind === "staticcall" && c.unchangedSoFar(frame) ? { first: true as const } : {};
  c.call({ kind, target, fn: callee.memberName, src: call.src, ...(edge ? { callee: edge } : {}), ...first });
  const key: KeySource = { kind: "external-call", text: `${target}.${callee.memberName}()` };
  return Array.from({ length: Math.max(1, results) }, () => ({ key, locs: [] }));
}

/** A low-level call on an address: its success flag and return data (both unknown). */
export function lowLevel(c: EvaluationContext, call: Call, callee: Member, frame: Frame): Val[] {
  const targetKey = rvalueKey(c, callee.expression, frame);
  const target = keyText(targetKey);
  const [arg] = call.arguments.map((a) => evaluate(c, a, frame));
  const data = arg?.encoded;
  const name = callee.memberName;
  if (name === "delegatecall" || name === "callcode") {
    record(c, "delegatecall", target, name, call.src);
    const self = name === "delegatecall" && isSelfTarget(targetKey);
    c.unknown(
      "write",
      self ? SELF_DELEGATECALL : `${name} to ${target} runs foreign code on this contract's storage`,
      call.src,
    );
  } else {
    const kind = name === "staticcall" ? "staticcall" : name === "call" ? "call" : "transfer";
    const edge = data === undefined ? undefined : selectorEdge(c, data.selector, data.args, targetKey, data.decl);
    const forward = kind === "call" && edge === undefined ? forwarded(targetKey, arg?.key, call) : undefined;
    c.call({
      kind,
      target,
      fn: edge === undefined ? name : (edge.function.split("(")[0] ?? name),
      src: call.src,
      ...(edge ? { callee: edge } : {}),
      ...(forward ? { forward } : {}),
    });
  }
  const ret: KeySource = { kind: "external-call", text: `${target}.${name}()` };
  return [
    { key: { kind: "unknown", reason: "call success" }, locs: [] },
    { key: ret, locs: [] },
  ];
}

/** `target.call(data)` with a parameter target and a `bytes calldata` parameter as data (never changed). */
function forwarded(target: KeySource, data: KeySource | undefined, call: Call): Forward | undefined {
  const param = (k: KeySource | undefined) => k?.kind === "param" && !k.name.includes(".");
  const type = call.arguments[0]?.typeDescriptions.typeString;
  return param(target) && param(data) && type === "bytes calldata" && data ? { target, data } : undefined;
}
