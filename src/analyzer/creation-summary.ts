/**
 * Creation summaries: what deploying a contract reads, writes and calls — state variable initializers and
 * constructors, most basic first (a factory's `new`/`create2` runs them on the new contract's storage). Not an
 * entry point of the matrix; the soundness check uses it for accesses no recorded call frame made.
 */
import { AccessCollector, type Effects, type Frame, type Val, unknownKey } from "./collect-accesses.js";
import type { ContractContext } from "./contract-context.js";
import { rvalueKey } from "./evaluate-expressions.js";
import { type FunctionSummary, finishSummary } from "./summary-shape.js";
import type { KeySource } from "./locations.js";
import { canonicalType } from "./selectors.js";

/**
 * Runs contract creation: state variable initializers and constructors, most basic first. The most derived
 * constructor's parameters are the deployment's arguments; base constructors' arguments are unknown values.
 */
export function collectCreation(c: AccessCollector): Effects {
  c.effects = { accesses: [], calls: [] };
  c.facts.reset(0);
  const creator: KeySource = { kind: "unknown", reason: "creator of the contract" };
  for (const base of [...c.ctx.linearization].reverse()) {
    const frame: Frame = {
      owner: base,
      bindings: new Map(),
      mutable: new Set(),
      returns: [],
      sender: creator,
      returnStorage: [],
    };
    for (const node of base.nodes) {
      if (node.nodeType !== "VariableDeclaration" || !node.stateVariable || !node.value) continue;
      const value = rvalueKey(c, node.value, frame);
      const loc = c.ctx.stateVariable(node);
      if (loc !== undefined) c.write([loc], node.src, false, { key: value, locs: [] });
    }
    const ctor = base.nodes.find((n) => n.nodeType === "FunctionDefinition" && n.kind === "constructor");
    if (ctor?.nodeType !== "FunctionDefinition") continue;
    const derived = base === c.ctx.contract;
    const args = ctor.parameters.parameters.map((p, index): Val => ({
      key: derived
        ? { kind: "param", name: p.name === "" ? `arg${index}` : p.name, index }
        : unknownKey("base constructor argument"),
      locs: [],
    }));
    c.invoke(ctor, args, creator);
  }
  return c.effects;
}

/** What creating the contract (initializers and constructors) reads, writes and calls; its selector is `null`. */
export function summarizeCreation(ctx: ContractContext): FunctionSummary {
  const effects = collectCreation(new AccessCollector(ctx));
  const ctor = ctx.contract.nodes.find((n) => n.nodeType === "FunctionDefinition" && n.kind === "constructor");
  const fn = ctor?.nodeType === "FunctionDefinition" ? ctor : undefined;
  const params = (fn?.parameters.parameters ?? []).map((p, i) => (p.name === "" ? `arg${i}` : p.name));
  const types = (fn?.parameters.parameters ?? []).map((p) => canonicalType(p.typeDescriptions.typeString ?? "?"));
  return finishSummary({
    name: "constructor",
    signature: `constructor(${types.join(",")})`,
    selector: null,
    kind: "constructor",
    stateMutability: fn?.stateMutability ?? "nonpayable",
    params,
    accesses: effects.accesses,
    calls: effects.calls,
    src: fn?.src ?? ctx.contract.src,
  });
}
