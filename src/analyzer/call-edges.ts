/**
 * Call edges to other contracts, resolved statically where the build tells: the callee contract (the declared
 * type of the target: a typed state variable, an immutable, a parameter, a `new` result), the function (its
 * canonical signature and selector), the implementation when the callee is an interface or abstract contract with
 * exactly one concrete implementation in the build, and how the call binds: the arguments' key classes, and
 * `msg.sender` in the callee, which is this contract.
 */
import type { ContractDefinition, FunctionDefinition, VariableDeclaration } from "solidity-ast";
import type { CallEdge, EvaluationContext } from "./evaluation-context.js";
import type { KeySource } from "./locations.js";

export type { CallEdge } from "./evaluation-context.js";
import { canonicalType, selectorOf } from "./selectors.js";

function signatureOf(decl: FunctionDefinition | VariableDeclaration): { signature: string; selector: string } {
  const types =
    decl.nodeType === "FunctionDefinition"
      ? decl.parameters.parameters.map((p) => canonicalType(p.typeDescriptions.typeString ?? "?"))
      : [];
  const signature = `${decl.name}(${types.join(",")})`;
  return { signature, selector: decl.functionSelector ?? selectorOf(signature) };
}

function implementationOf(c: EvaluationContext, scope: ContractDefinition): string | undefined {
  if (scope.contractKind === "contract" && !scope.abstract) return undefined;
  const found = c.ctx.build.contracts.filter(
    (k) =>
      k.contractKind === "contract" &&
      !k.abstract &&
      k.id !== scope.id &&
      k.id !== c.ctx.contract.id &&
      k.linearizedBaseContracts.includes(scope.id),
  );
  return found.length === 1 ? found[0]?.name : undefined;
}

/** The call edge of an external call to `decl` (a function or public getter of another contract). */
export function callEdge(
  c: EvaluationContext,
  decl: FunctionDefinition | VariableDeclaration,
  args: KeySource[],
  target?: KeySource,
): CallEdge | undefined {
  const scope = c.ctx.build.node(decl.scope);
  if (scope?.nodeType !== "ContractDefinition") return undefined;
  const implementation = implementationOf(c, scope);
  const { signature, selector } = signatureOf(decl);
  return {
    contract: scope.name,
    function: signature,
    selector,
    ...(implementation !== undefined ? { implementation } : {}),
    args,
    ...(target !== undefined ? { target } : {}),
    sender: "this",
  };
}

const selectorIndex = new WeakMap<object, Map<string, FunctionDefinition[]>>();

/** The build's external functions by selector (computed once per build). */
function bySelector(c: EvaluationContext): Map<string, FunctionDefinition[]> {
  const cached = selectorIndex.get(c.ctx.build);
  if (cached !== undefined) return cached;
  const index = new Map<string, FunctionDefinition[]>();
  for (const k of c.ctx.build.contracts) {
    for (const n of k.nodes) {
      if (n.nodeType !== "FunctionDefinition" || n.kind !== "function") continue;
      if (n.visibility !== "external" && n.visibility !== "public") continue;
      const selector = selectorOfDecl(n);
      index.set(selector, [...(index.get(selector) ?? []), n]);
    }
  }
  selectorIndex.set(c.ctx.build, index);
  return index;
}

/** The selector (8 hex digits) of a function declaration. */
export function selectorOfDecl(decl: FunctionDefinition): string {
  return signatureOf(decl).selector;
}

/**
 * The edge of a call known only by its selector (a low-level call of encoded calldata, an assembly `call` of a
 * SafeERC20-style helper): the declaration when given, else a function of the build's interfaces and contracts
 * with that selector (preferring interfaces) for its signature, the edge `untyped` (any contract serving the
 * selector may be the callee); none when the build declares no such function.
 */
export function selectorEdge(
  c: EvaluationContext,
  selector: string,
  args: KeySource[],
  target: KeySource,
  declId?: number,
): CallEdge | undefined {
  const given = c.ctx.build.node(declId);
  if (given?.nodeType === "FunctionDefinition") return callEdge(c, given, args, target);
  const found = bySelector(c).get(selector) ?? [];
  const scopeKind = (f: FunctionDefinition) => {
    const scope = c.ctx.build.node(f.scope);
    return scope?.nodeType === "ContractDefinition" ? scope.contractKind : "";
  };
  const decl = found.find((f) => scopeKind(f) === "interface") ?? found[0];
  const edge = decl === undefined ? undefined : callEdge(c, decl, args, target);
  if (edge === undefined) return undefined;
  // The declaration is one of those with the selector: it names no type of the target, nor its implementation.
  const { implementation: _ignored, ...untyped } = edge;
  return { ...untyped, untyped: true };
}
