/**
 * Struct fields for the access labels: solc's `storageLayout` types of the project's build infos give, for a
 * struct variable or a mapping (of mappings) of structs, the members at each slot of the struct. A slot the
 * report's labeler names as the struct's base (`LendingPool.accounts[0xab…]`), or that lies a few slots after
 * one, gets the member's name appended (`LendingPool.accounts[0xab…].debt`; packed members joined by `/`).
 */
import { readFile } from "node:fs/promises";

import type { LocationDescription } from "../../runtime/rpc/methods/access-methods.js";
import { isStorageKey, keyAddress, keySlot, storageKey } from "../../runtime/vocabulary.js";

/** The struct of one variable: member names by slot offset, and whether the variable maps to structs. */
export interface VariableStruct {
  readonly mapping: boolean;
  readonly bySlot: ReadonlyMap<number, string>;
}

/** `Contract.variable` → its struct. */
export type StructMembers = ReadonlyMap<string, VariableStruct>;

interface LayoutType {
  readonly encoding?: string;
  readonly value?: string;
  readonly members?: ReadonlyArray<{ readonly label: string; readonly slot: string }>;
}

interface Layout {
  readonly storage?: ReadonlyArray<{ readonly label: string; readonly type: string }>;
  readonly types?: Readonly<Record<string, LayoutType>> | null;
}

type BuildOutput = { output?: { contracts?: Record<string, Record<string, { storageLayout?: Layout }>> } };

/** The struct a variable's values are: the variable's own type, or a mapping's value type, through nesting. */
function structOf(layout: Layout, type: string): LayoutType | undefined {
  let current = layout.types?.[type];
  for (let depth = 0; current?.encoding === "mapping" && current.value !== undefined && depth < 8; depth++) {
    current = layout.types?.[current.value];
  }
  return current?.members === undefined ? undefined : current;
}

function membersBySlot(struct: LayoutType): Map<number, string> {
  const bySlot = new Map<number, string>();
  for (const m of struct.members ?? []) {
    const slot = Number(m.slot);
    bySlot.set(slot, bySlot.has(slot) ? `${bySlot.get(slot)}/${m.label}` : m.label);
  }
  return bySlot;
}

/** Reads the struct members of every contract's variables from build-info output files. */
export async function loadStructMembers(outputFiles: readonly string[]): Promise<StructMembers> {
  const members = new Map<string, VariableStruct>();
  for (const file of outputFiles) {
    const build = JSON.parse(await readFile(file, "utf8")) as BuildOutput;
    for (const contracts of Object.values(build.output?.contracts ?? {})) {
      for (const [name, contract] of Object.entries(contracts)) {
        const layout = contract.storageLayout ?? {};
        for (const v of layout.storage ?? []) {
          const struct = structOf(layout, v.type);
          const mapping = layout.types?.[v.type]?.encoding === "mapping";
          if (struct !== undefined) members.set(`${name}.${v.label}`, { mapping, bySlot: membersBySlot(struct) });
        }
      }
    }
  }
  return members;
}

const MAX_STRUCT_SLOTS = 64;

/** The member `k` slots into the struct `d` labels (a mapping entry, or a struct variable); packed slots have none. */
function memberAt(members: StructMembers, d: LocationDescription, k: number): string | undefined {
  const struct = members.get(`${d.contract}.${d.variable}`);
  if (struct === undefined || d.label.endsWith(")") || struct.mapping !== (d.key !== undefined)) return undefined;
  return struct.bySlot.get(k);
}

/**
 * The label of storage slot `slot` of `address` with its struct member, given `base` (the labeler's label of
 * a slot, undefined when it has none): the member at offset 0 of a labelled struct base, or the member at
 * offset k of the labelled base k slots before.
 */
export function withStructMember(
  members: StructMembers,
  location: string,
  describe: (location: string) => LocationDescription | undefined,
): LocationDescription | undefined {
  const own = describe(location);
  if (!isStorageKey(location)) return own;
  const [address, slot] = [keyAddress(location), keySlot(location)];
  if (own !== undefined) {
    const first = memberAt(members, own, 0);
    return first === undefined ? own : { ...own, label: `${own.label}.${first}` };
  }
  const value = BigInt(slot);
  for (let k = 1; k <= MAX_STRUCT_SLOTS && BigInt(k) <= value; k++) {
    const base = describe(storageKey(address, `0x${(value - BigInt(k)).toString(16).padStart(64, "0")}`));
    if (base === undefined) continue;
    const member = memberAt(members, base, k);
    return member === undefined ? undefined : { ...base, label: `${base.label}.${member}` };
  }
  return undefined;
}
