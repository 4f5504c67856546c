/**
 * The evaluation frame of one invocation: a function's (its parameters bound to the call's arguments, its
 * return variables unknown, what its syntax tells once) or a modifier's (around the body it wraps at `_;`).
 */
import type { FunctionDefinition, ModifierDefinition } from "solidity-ast";
import type { ContractContext } from "./contract-context.js";
import { type Frame, type Val, unknownKey } from "./evaluation-context.js";
import { assignedOnce, hasEarlyReturn, scanChangedInPlace, scanMutable } from "./function-scan.js";
import { bound } from "./invocation-memo.js";
import type { KeySource } from "./locations.js";

/** The frame of a function invocation with `args` bound to its parameters. */
export function functionFrame(ctx: ContractContext, fn: FunctionDefinition, args: Val[], sender: KeySource): Frame {
  const owner = ctx.inLinearization(fn.scope) ? ctx.build.deref("ContractDefinition", fn.scope) : undefined;
  const frame: Frame = {
    owner,
    bindings: new Map(),
    mutable: scanMutable(fn),
    once: assignedOnce(fn),
    returns: [],
    sender,
    returnStorage: fn.returnParameters.parameters.map((r) => r.storageLocation === "storage"),
    earlyReturn: fn.body ? hasEarlyReturn(fn.body) : false,
    changedInPlace: scanChangedInPlace(fn),
    fn,
    keptArrays: new Set(),
  };
  fn.parameters.parameters.forEach((p, i) => {
    const arg = args[i] ?? { key: unknownKey("missing argument"), locs: [] };
    const reassigned = frame.mutable.has(p.id) && p.storageLocation !== "storage";
    const value = bound(arg, p.id, frame, p.storageLocation === "memory");
    frame.bindings.set(p.id, reassigned ? { key: unknownKey(`parameter ${p.name} is reassigned`), locs: [] } : value);
  });
  for (const r of fn.returnParameters.parameters)
    frame.bindings.set(r.id, { key: unknownKey(`return ${r.name}`), locs: [] });
  return frame;
}

/** The frame of a modifier around `caller`'s body (`next` runs it at `_;`); its guards hold on some paths only. */
export function modifierFrame(
  ctx: ContractContext,
  mod: ModifierDefinition,
  args: Val[],
  caller: Frame,
  next: () => void,
): Frame {
  const owner = ctx.linearization.find((base) => base.nodes.some((n) => n.id === mod.id));
  const frame: Frame = {
    owner,
    bindings: new Map(),
    mutable: scanMutable(mod),
    returns: [],
    sender: caller.sender,
    returnStorage: [],
    placeholder: next,
    earlyReturn: true,
  };
  mod.parameters.parameters.forEach((p, i) =>
    frame.bindings.set(p.id, bound(args[i] ?? { key: unknownKey("missing argument"), locs: [] }, p.id, frame, false)),
  );
  return frame;
}
