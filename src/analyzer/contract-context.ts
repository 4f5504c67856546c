/**
 * What the access collector needs to know about one analyzed (most-derived) contract: its C3 linearization
 * for virtual and `super` dispatch of functions and modifiers, the storage roots of its state variables
 * (slots from solc's storageLayout, types from the AST), and shared helpers (dereferencer, constants,
 * ERC-7201 namespaces of the build).
 */
import type { ContractDefinition, FunctionDefinition, ModifierDefinition, VariableDeclaration } from "solidity-ast";
import type { Node } from "solidity-ast/node.js";
import type { ASTDereferencer } from "solidity-ast/utils.js";
import type { StorageLayout } from "./build-info.js";
import type { ConstantEvaluator } from "./constants.js";
import { type SymbolicLocation, rootLocation, unknownLocation } from "./locations.js";
import { type TypeLayout, type TypeLayouts } from "./type-layout.js";

/** Build-wide helpers shared by every contract of one build-info. */
export interface BuildContext {
  deref: ASTDereferencer;
  constants: ConstantEvaluator;
  layouts: TypeLayouts;
  /** ERC-7201 namespaces of the build: base slot → namespace id. */
  namespaces: Map<bigint, string>;
  /** Every contract, interface and library of the build. */
  contracts: ContractDefinition[];
  /** The declaration node with this id, `undefined` for builtins (`msg`, `this`, `require`...) and unknown ids. */
  node: (id: number | null | undefined) => Node | undefined;
}

/** Whether a referenced declaration id denotes a builtin (negative; large positive in solc ≥ 0.8.2x). */
export function isBuiltin(id: number | null | undefined): boolean {
  return id === null || id === undefined || id < 0 || id >= 2 ** 31;
}

/** A safe node lookup for a dereferencer. */
export function nodeLookup(deref: ASTDereferencer): (id: number | null | undefined) => Node | undefined {
  return (id) => {
    if (isBuiltin(id)) return undefined;
    try {
      return deref("*", id as number);
    } catch {
      return undefined;
    }
  };
}

function paramKey(fn: FunctionDefinition | ModifierDefinition): string {
  return fn.parameters.parameters.map((p) => p.typeDescriptions.typeString ?? "").join(",");
}

/** Per-contract dispatch and storage roots. */
export class ContractContext {
  /** Contracts of the C3 linearization, most derived first. */
  readonly linearization: ContractDefinition[];
  private readonly roots = new Map<number, { slot: bigint; offset: number; slots: bigint | undefined }>();

  constructor(
    readonly build: BuildContext,
    readonly contract: ContractDefinition,
    /** solc's storageLayout, or `undefined` when the build-info has none. */
    readonly layout: StorageLayout | undefined,
    /** Canonical signatures by selector (solc's `evm.methodIdentifiers`, inverted). */
    readonly signatures: Map<string, string> = new Map(),
  ) {
    this.linearization = contract.linearizedBaseContracts.map((id) => build.deref("ContractDefinition", id));
    for (const entry of layout?.storage ?? []) {
      const bytes = layout?.types?.[entry.type]?.numberOfBytes;
      const slots = bytes === undefined ? undefined : (BigInt(bytes) + 31n) / 32n;
      this.roots.set(entry.astId, { slot: BigInt(entry.slot), offset: entry.offset, slots });
    }
  }

  /** The implementation a call to `target` runs: virtual lookup from the most derived contract, or after `after` for `super`. */
  dispatch(target: FunctionDefinition, after?: ContractDefinition): FunctionDefinition {
    if (target.visibility === "private" || !this.inLinearization(target.scope)) return target;
    const key = paramKey(target);
    const start = after === undefined ? 0 : this.linearization.findIndex((c) => c.id === after.id) + 1;
    for (const base of this.linearization.slice(start)) {
      for (const node of base.nodes) {
        if (
          node.nodeType === "FunctionDefinition" &&
          node.name === target.name &&
          node.kind === target.kind &&
          paramKey(node) === key
        ) {
          return node;
        }
      }
    }
    return target;
  }

  /** The modifier an invocation runs (modifiers are virtual too). */
  dispatchModifier(target: ModifierDefinition): ModifierDefinition {
    for (const base of this.linearization) {
      for (const node of base.nodes) {
        if (node.nodeType === "ModifierDefinition" && node.name === target.name && paramKey(node) === paramKey(target))
          return node;
      }
    }
    return target;
  }

  /** Whether a scope id is a contract of the linearization. */
  inLinearization(scope: number): boolean {
    return this.contract.linearizedBaseContracts.includes(scope);
  }

  /** Storage location of a state variable, or `undefined` for constants, immutables and transient variables. */
  stateVariable(decl: VariableDeclaration): SymbolicLocation | undefined {
    if (decl.constant || decl.mutability === "immutable" || decl.storageLocation === "transient") return undefined;
    const root = this.roots.get(decl.id);
    const type: TypeLayout = this.build.layouts.of(decl.typeName);
    if (root === undefined) return unknownLocation(`no storageLayout entry for state variable ${decl.name}`);
    const ref = { kind: "variable" as const, label: decl.name, contract: this.contract.name, astId: decl.id };
    return rootLocation(decl.name, ref, root.slot, type, root.offset, root.slots);
  }

  /** Location of a struct placed at a constant slot (ERC-7201 namespace or `.slot := C`). */
  slotRoot(slot: bigint, type: TypeLayout): SymbolicLocation {
    const id = this.build.namespaces.get(slot);
    if (id !== undefined) return rootLocation(`erc7201:${id}`, { kind: "namespace", id }, slot, type);
    return rootLocation(`slot(0x${slot.toString(16)})`, { kind: "slot" }, slot, type);
  }
}
