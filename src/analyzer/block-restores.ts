/**
 * Locks set and reset inside one block: OpenZeppelin `AccessManaged._checkCanCall` writes
 * `_consumingSchedule = true; authority.consumeScheduledOp(...); _consumingSchedule = false;` only when the
 * caller's call is delayed — a branch, so `restored-locks.ts`' "written last, unconditionally" does not hold, yet
 * every execution of the block that makes the first write makes the last one (or reverts, undoing both). Found in
 * the AST of the contract's functions and modifiers: plain assignments of a constant to one state variable, two or
 * more, as statements of one block, with no `return`, `break`, `continue`, inline assembly (which may `return` or
 * `stop`) or `try` from the first to the last. Each assignment's `src` maps to its group and the group's last
 * assignment (`restored-locks.ts` accepts a conditional last write that ends such a group when every write of the
 * location in the entry point belongs to that group).
 */
import type { Block, ContractDefinition, Statement, UncheckedBlock } from "solidity-ast";

/** A set-and-reset group: the `src` of its last assignment. */
export interface BlockRestore {
  group: string;
  last: string;
}

/** Whether a node (statement or expression) holds a statement that may leave the block early. */
function leaves(node: unknown): boolean {
  if (typeof node !== "object" || node === null) return false;
  const kind = (node as { nodeType?: unknown }).nodeType;
  if (kind === "Return" || kind === "Break" || kind === "Continue" || kind === "InlineAssembly") return true;
  if (kind === "TryStatement") return true;
  return Object.values(node).some((v) => (Array.isArray(v) ? v.some(leaves) : typeof v === "object" && leaves(v)));
}

/** The state variable id and `src` of `x = <literal>;` when `x` is a state variable, else undefined. */
function constantAssignment(s: Statement, stateVars: ReadonlySet<number>): [number, string] | undefined {
  if (s.nodeType !== "ExpressionStatement" || s.expression.nodeType !== "Assignment") return undefined;
  const a = s.expression;
  if (a.operator !== "=" || a.leftHandSide.nodeType !== "Identifier" || a.rightHandSide.nodeType !== "Literal")
    return undefined;
  const id = a.leftHandSide.referencedDeclaration;
  return typeof id === "number" && stateVars.has(id) ? [id, a.src] : undefined;
}

function blockGroups(block: Block | UncheckedBlock, stateVars: ReadonlySet<number>, out: Map<string, BlockRestore>) {
  const statements = block.statements ?? [];
  const byVar = new Map<number, { at: number; src: string }[]>();
  statements.forEach((s, at) => {
    const found = constantAssignment(s, stateVars);
    if (found !== undefined) byVar.set(found[0], [...(byVar.get(found[0]) ?? []), { at, src: found[1] }]);
  });
  for (const [id, list] of byVar) {
    const first = list[0];
    const last = list[list.length - 1];
    if (first === undefined || last === undefined || list.length < 2) continue;
    if (statements.slice(first.at, last.at + 1).some(leaves)) continue;
    for (const a of list) out.set(a.src, { group: `${block.src}|${id}`, last: last.src });
  }
}

/** The blocks nested in a statement (branches, loop bodies, `try` clauses, inner blocks). */
function innerBlocks(s: Statement | undefined | null): Statement[] {
  if (s === undefined || s === null) return [];
  switch (s.nodeType) {
    case "Block":
    case "UncheckedBlock":
      return [s];
    case "IfStatement":
      return [s.trueBody, s.falseBody].flatMap(innerBlocks);
    case "ForStatement":
    case "WhileStatement":
    case "DoWhileStatement":
      return innerBlocks(s.body);
    case "TryStatement":
      return s.clauses.map((c) => c.block);
    default:
      return [];
  }
}

function visit(block: Block | UncheckedBlock, stateVars: ReadonlySet<number>, out: Map<string, BlockRestore>): void {
  blockGroups(block, stateVars, out);
  for (const s of block.statements ?? [])
    for (const inner of innerBlocks(s))
      if (inner.nodeType === "Block" || inner.nodeType === "UncheckedBlock") visit(inner, stateVars, out);
}

/** Per contract definition (bases are shared by many contracts of a build): its groups. */
const byContract = new WeakMap<ContractDefinition, Map<string, BlockRestore>>();

/** Every set-and-reset group in the contracts' function and modifier bodies, by assignment `src`. */
export function blockRestores(contracts: readonly ContractDefinition[]): Map<string, BlockRestore> {
  const stateVars = new Set<number>();
  for (const c of contracts)
    for (const n of c.nodes) if (n.nodeType === "VariableDeclaration" && n.stateVariable) stateVars.add(n.id);
  const out = new Map<string, BlockRestore>();
  for (const c of contracts) {
    let own = byContract.get(c);
    if (own === undefined) {
      own = new Map();
      // A contract's bodies assign only its own and its bases' state variables: all in any linearization holding it.
      for (const n of c.nodes)
        if ((n.nodeType === "FunctionDefinition" || n.nodeType === "ModifierDefinition") && n.body)
          visit(n.body, stateVars, own);
      byContract.set(c, own);
    }
    for (const [src, group] of own) out.set(src, group);
  }
  return out;
}
