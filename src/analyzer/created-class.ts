/**
 * Which contract an assembly `create`/`create2` deploys, when the code it deploys is `type(X).creationCode`
 * (Uniswap V2's `createPair`: `bytes memory bytecode = type(UniswapV2Pair).creationCode; assembly { pair :=
 * create2(0, add(bytecode, 32), mload(bytecode), salt) }`), so the creation composes X's constructor.
 */
import type { Expression, InlineAssembly } from "solidity-ast";
import type { Frame } from "./evaluation-context.js";

/** `X` for `type(X).creationCode`, else undefined. */
export function creationCodeOf(expr: Extract<Expression, { nodeType: "MemberAccess" }>): string | undefined {
  const base = expr.expression;
  if (expr.memberName !== "creationCode" || base.nodeType !== "FunctionCall") return undefined;
  if (base.expression.nodeType !== "Identifier" || base.expression.name !== "type") return undefined;
  const type = base.arguments[0]?.typeDescriptions.typeString ?? "";
  return /^type\(contract (\w+)\)$/.exec(type)?.[1];
}

/** Declarations an inline assembly block refers to (solc < 0.6 lists `{ name: { declaration } }` entries). */
function referenced(node: InlineAssembly): number[] {
  const refs = node.externalReferences as unknown as Record<string, unknown>[];
  const ids: number[] = [];
  for (const r of refs) {
    const direct = r.declaration;
    if (typeof direct === "number") ids.push(direct);
    else
      for (const v of Object.values(r)) {
        const id = (v as { declaration?: unknown } | null)?.declaration;
        if (typeof id === "number") ids.push(id);
      }
  }
  return ids;
}

/**
 * The call target text of a creation in `node`: `new contract X` when the block refers to exactly one local
 * holding `type(X).creationCode` (the composer reads the class from it), else `<assembly>` (any class).
 */
export function creationTarget(node: InlineAssembly, frame: Frame | undefined): string {
  const classes = new Set(
    referenced(node).flatMap((id) => {
      const created = frame?.bindings.get(id)?.creationOf;
      return created === undefined ? [] : [created];
    }),
  );
  const [only] = classes;
  return classes.size === 1 && only !== undefined ? `<assembly> new contract ${only}` : "<assembly>";
}
