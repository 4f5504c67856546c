/**
 * Names recorded locations in Solidity terms for the report: `storage:0x…:0x…` becomes `Contract.variable`
 * (fixed and packed variables, from the analyzer's storage layout) or `Contract.mapping[key role]` (mapping
 * entries whose key is one of the workload's accounts or contracts: the slot is recomputed as
 * keccak256(key . slot) and matched), `balance:0x…` becomes the ETH balance of a named contract. What the layout
 * cannot explain keeps its raw key.
 */
import type { ContractJson } from "../../analyzer/index.js";
import { keccak256 } from "../../runtime/crypto/keccak.js";
import { fromHex, toHex } from "../../runtime/util/hex.js";
import { isStorageKey, keyAddress, keyKind, keySlot, storageKey } from "../../runtime/vocabulary.js";

import type { SourceRef } from "../report-model.js";

/** A location named in Solidity terms. */
export interface LocationLabel {
  readonly label: string;
  readonly contract: string;
  readonly variable: string | undefined;
  readonly keyRole: string | undefined;
  readonly declaration: SourceRef | undefined;
  /** A mapping entry's keys as 32-byte hex words, outermost first (which entry of `Contract.mapping[role]`). */
  readonly keys?: readonly string[];
}

function word(hex: string): Uint8Array {
  return fromHex(`0x${hex.replace(/^0x/, "").padStart(64, "0")}`);
}

/** One mapping entry a candidate key (or pair of keys) reaches: the keys' roles and the keys. */
interface MappingEntry {
  readonly roles: readonly string[];
  readonly keys: readonly string[];
}

/** keccak256(key . base) of two 32-byte words, as hex. */
function mappingSlotOf(key: Uint8Array, base: Uint8Array): string {
  const data = new Uint8Array(64);
  data.set(key, 0);
  data.set(base, 32);
  return toHex(keccak256(data));
}

/** Above this many (key, inner key) pairs a mapping of mappings is named through the preimages only. */
const MAX_NESTED_ENTRIES = 1 << 20;

function slotHex(slot: string): string {
  return `0x${BigInt(slot).toString(16).padStart(64, "0")}`;
}

/**
 * Builds labels for the locations of one workload run. A contract's layout labels are computed when a
 * location of its address is first asked for (most deployed contracts never hold a hotspot).
 */
export class LocationLabeler {
  readonly #labels = new Map<string, LocationLabel>();
  /** Deployments whose layout labels are not computed yet, by address. */
  readonly #pending = new Map<string, ContractJson>();
  /** Mapping keys and slots as 32-byte words, computed once. */
  readonly #words = new Map<string, Uint8Array>();
  /** Per mapping base slot: entry slot → key role(s) and keys, for every candidate key (built on first need). */
  readonly #entries = new Map<string, Map<string, MappingEntry>>();

  /**
   * @param deployments address → contract name
   * @param contracts analyzer results by contract name
   * @param keys candidate mapping keys: address → role (`user`, a contract name...)
   * @param preimages keccak256 results seen while the transactions ran → their input (hex), to name mapping
   *   entries whose key is none of `keys` (nested mappings, ids, struct fields)
   */
  constructor(
    private readonly deployments: Readonly<Record<string, string>>,
    private readonly contracts: ReadonlyMap<string, ContractJson>,
    private readonly keys: ReadonlyMap<string, string>,
    private readonly preimages: ReadonlyMap<string, string> = new Map(),
  ) {
    for (const [address, name] of Object.entries(deployments)) {
      const contract = contracts.get(name);
      if (contract === undefined) continue;
      // Labels are found by the 42-character address of a storage key; any other spelling is indexed now.
      if (address.length === 42) this.#pending.set(address, contract);
      else this.#index(address, contract);
    }
  }

  /** The name of the contract deployed at `address`, when the run deployed it. */
  contractAt(address: string): string | undefined {
    return this.deployments[address];
  }

  /**
   * The label of `location`, or undefined when the layout does not explain it. A mapping entry is named
   * through the recorded keccak preimages first; only when they do not explain it is its slot looked up among
   * keccak(key . base) of every candidate key — a table made once per base slot, shared by every deployment.
   */
  label(location: string): LocationLabel | undefined {
    if (isStorageKey(location)) this.#indexPending(keyAddress(location));
    const known = this.#labels.get(location);
    if (known !== undefined) return known;
    const kind = keyKind(location);
    const address = keyAddress(location);
    const name = this.deployments[address];
    if (name === undefined) return undefined;
    if (kind === "storage") return this.#fromPreimages(location, name) ?? this.#fromMappingIndex(location, name);
    const what = kind === "balance" ? "ETH balance" : kind === "nonce" ? "nonce" : "code";
    return {
      label: `${name} (${what})`,
      contract: name,
      variable: undefined,
      keyRole: undefined,
      declaration: undefined,
    };
  }

  /** A mapping entry named through the recorded preimages: keccak(key . base) chains down to a variable. */
  #fromPreimages(location: string, name: string): LocationLabel | undefined {
    const storage = this.contracts.get(name)?.storage ?? [];
    let slot = BigInt(keySlot(location));
    const path: string[] = [];
    for (let depth = 0; depth < 4; depth++) {
      const step = this.#preimageStep(slot);
      if (step === undefined) break;
      path.unshift(step.key);
      slot = step.base;
    }
    const root = storage.find((v) => BigInt(v.slot) === slot);
    if (path.length === 0 || root === undefined) return undefined;
    const roles = path.map((key) => this.#role(key));
    const label = { label: `${name}.${root.label}[${roles.join("][")}]`, contract: name, variable: root.label };
    const labelled = { ...label, keyRole: roles[0], declaration: root.declaration, keys: path };
    this.#labels.set(location, labelled);
    return labelled;
  }

  /** The mapping step a slot comes from: keccak(key . base) + field offset (0–7). */
  #preimageStep(slot: bigint): { key: string; base: bigint } | undefined {
    for (let offset = 0n; offset < 8n && offset <= slot; offset++) {
      const pre = this.preimages.get(slotHex(`0x${(slot - offset).toString(16)}`));
      if (pre === undefined || pre.length !== 130) continue;
      return { key: `0x${pre.slice(2, 66)}`, base: BigInt(`0x${pre.slice(66)}`) };
    }
    return undefined;
  }

  #role(key: string): string {
    const value = BigInt(key);
    const address = `0x${value.toString(16).padStart(40, "0")}`;
    const role = value < 2n ** 160n ? this.keys.get(address) : undefined;
    if (role !== undefined) return role;
    return value < 1_000_000n ? String(value) : "key";
  }

  #indexPending(address: string): void {
    const contract = this.#pending.get(address);
    if (contract === undefined) return;
    this.#pending.delete(address);
    this.#index(address, contract);
  }

  #fromMappingIndex(location: string, name: string): LocationLabel | undefined {
    const slot = slotHex(keySlot(location));
    for (const v of this.contracts.get(name)?.storage ?? []) {
      if (!v.type.startsWith("mapping(")) continue;
      const entry = this.#entriesOf(v).get(slot);
      if (entry === undefined) continue;
      const { roles, keys } = entry;
      const label = {
        label: `${name}.${v.label}[${roles.join("][")}]`,
        contract: name,
        variable: v.label,
        keyRole: roles[0],
        declaration: v.declaration,
        keys,
      };
      this.#labels.set(location, label);
      return label;
    }
    return undefined;
  }

  /**
   * Entry slots of the mapping at `v`'s slot for every candidate key, and for a mapping of mappings every
   * (key, non-user key) pair — unless that is more than {@link MAX_NESTED_ENTRIES} pairs (then only the
   * preimages name its entries).
   */
  #entriesOf(v: ContractJson["storage"][number]): Map<string, MappingEntry> {
    const known = this.#entries.get(v.slot);
    if (known !== undefined) return known;
    const entries = new Map<string, MappingEntry>();
    const nested = /^mapping\([^=]*=>\s*mapping\(/.test(v.type);
    const inner = [...this.keys].filter(([, role]) => role !== "user");
    const pairs = nested && this.keys.size * inner.length <= MAX_NESTED_ENTRIES;
    const base = word(BigInt(v.slot).toString(16));
    for (const [key, role] of this.keys) {
      const slot = mappingSlotOf(this.#word(key), base);
      entries.set(slot, { roles: [role], keys: [key] });
      if (!pairs) continue;
      const outer = word(slot);
      for (const [key2, role2] of inner)
        entries.set(mappingSlotOf(this.#word(key2), outer), { roles: [role, role2], keys: [key, key2] });
    }
    this.#entries.set(v.slot, entries);
    return entries;
  }

  #word(hex: string): Uint8Array {
    let bytes = this.#words.get(hex);
    if (bytes === undefined) {
      bytes = word(hex);
      this.#words.set(hex, bytes);
    }
    return bytes;
  }

  #index(address: string, contract: ContractJson): void {
    const bySlot = new Map<string, ContractJson["storage"]>();
    for (const v of contract.storage) bySlot.set(v.slot, [...(bySlot.get(v.slot) ?? []), v]);
    for (const [slot, vars] of bySlot) {
      const names = vars.map((v) => v.label);
      const variable = names.join("/");
      const first = vars[0];
      this.#labels.set(storageKey(address, slotHex(slot)), {
        label: `${contract.name}.${variable}${vars.length > 1 ? " (packed)" : ""}`,
        contract: contract.name,
        variable,
        keyRole: undefined,
        declaration: first?.declaration,
      });
      for (const v of vars) this.#indexFixedArray(address, contract.name, v);
    }
  }

  /** Elements of fixed-size arrays of one-slot elements (`uint256[16]`, `address[8]`...). */
  #indexFixedArray(address: string, name: string, v: ContractJson["storage"][number]): void {
    const match = /^(uint256|int256|bytes32|address|address payable)\[(\d+)\]$/.exec(v.type);
    const length = Number(match?.[2] ?? 0);
    if (match === null || length > 4096) return;
    const base = BigInt(v.slot);
    for (let i = 0; i < length; i++) {
      this.#labels.set(storageKey(address, slotHex(`0x${(base + BigInt(i)).toString(16)}`)), {
        label: `${name}.${v.label}[${i}]`,
        contract: name,
        variable: v.label,
        keyRole: `index ${i}`,
        declaration: v.declaration,
      });
    }
  }
}

/** A mapping key as a reader tells entries apart: `0x7099…79c8` (an address or a long word's ends). */
function keyText(key: string): string {
  const value = BigInt(key);
  const hex = value < 2n ** 160n ? value.toString(16).padStart(40, "0") : value.toString(16).padStart(64, "0");
  return `0x${hex.slice(0, 4)}…${hex.slice(-4)}`;
}

/**
 * A mapping entry's label with its keys (`SampleToken._balances[user 0x7099…79c8]`), for rows that would
 * otherwise read the same; keys already named by their value (`[42]`) stay as they are; the plain label when
 * the entry's keys are not known.
 */
export function entryLabel(label: LocationLabel): string {
  const keys = label.keys;
  if (keys === undefined || keys.length === 0 || label.variable === undefined) return label.label;
  const roles = label.label.slice(label.label.indexOf("[") + 1, -1).split("][");
  if (roles.length !== keys.length) return label.label;
  const parts = roles.map((role, i) => (/^\d+$/.test(role) ? role : `${role} ${keyText(keys[i] ?? "0x0")}`));
  return `${label.contract}.${label.variable}[${parts.join("][")}]`;
}
