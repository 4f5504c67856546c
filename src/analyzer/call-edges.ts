/**
 * Call edges to other contracts, resolved statically where the build tells: the callee contract (the declared
 * type of the target: a typed state variable, an immutable, a parameter, a `new` result), the function (its
 * canonical signature and selector), the implementation when the callee is an interface or abstract contract with
 * exactly one concrete implementation in the build, and how the call binds: the arguments' key classes, and
 * `msg.sender` in the callee, which is this contract.
 */
import type { ContractDefinition, FunctionDefinition, VariableDeclaration } from "solidity-ast";
import type { AccessCollector } from "./collect-accesses.js";
import type { KeySource } from "./locations.js";
import { canonicalType, selectorOf } from "./selectors.js";

/** The callee of a call out, and how the call binds its arguments and sender. */
export interface CallEdge {
  /** Contract (or interface) the target is declared as. */
  contract: string;
  /** Canonical signature of the function called. */
  function: string;
  selector: string;
  /** The one concrete contract of the build implementing `contract`, when there is exactly one. */
  implementation?: string;
  /** Key class of each argument, in order (`param`s name this function's parameters). */
  args: KeySource[];
  /** `msg.sender` inside the callee: this contract. */
  sender: "this";
}

function signatureOf(decl: FunctionDefinition | VariableDeclaration): { signature: string; selector: string } {
  const types =
    decl.nodeType === "FunctionDefinition"
      ? decl.parameters.parameters.map((p) => canonicalType(p.typeDescriptions.typeString ?? "?"))
      : [];
  const signature = `${decl.name}(${types.join(",")})`;
  return { signature, selector: decl.functionSelector ?? selectorOf(signature) };
}

function implementationOf(c: AccessCollector, scope: ContractDefinition): string | undefined {
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
  c: AccessCollector,
  decl: FunctionDefinition | VariableDeclaration,
  args: KeySource[],
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
    sender: "this",
  };
}
