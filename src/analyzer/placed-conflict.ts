/**
 * Whether two executed transactions' predicted accesses (`placedAccesses`, keys valued) may meet: one writes a
 * location the other reads or writes, in the same contract. Contracts of different classes never share storage,
 * two instances of one class only at the same address; the block's senders run no code (EIP-3607); two gas
 * payments, one sender's own balance and two balance credits order nothing.
 */
import { alias, isContract } from "./alias.js";
import { isBalance } from "./eth-balance.js";
import type { KeySource, SymbolicLocation } from "./locations.js";
import type { StoredWords } from "./unchanged-writes.js";

/** One predicted access of an executed transaction, keys valued. */
export interface Placed {
  /** Lowercase address, or `any` (an instance execution alone does not tell). */
  address: string;
  /** Class whose storage it is, `*` for any. */
  contract: string;
  write: boolean;
  location: SymbolicLocation;
  /** The sender's balance the transaction's gas payment reads and writes (`eth-balance.ts`). */
  gas?: true;
  /** A credit of an ETH balance nothing in the transaction observes: the runtime's delta, commuting with others. */
  credit?: true;
  /** Placed only because the record holds storage there that no predicted access reaches (`unreached-accesses.ts`). */
  unreached?: true;
  /** For a write of one slot: what it stores there, when told (`unchanged-writes.ts`). */
  stores?: StoredWords;
}

const lower = (a: string) => a.toLowerCase();

/**
 * `accounts` lowercased, as a set, once per list: the precision oracle passes one chain's senders with every pair
 * of its transactions (tens of thousands of calls), and building the set per call was most of the oracle's time.
 */
const lowercasedSets = new WeakMap<readonly string[], ReadonlySet<string>>();
function lowercased(accounts: readonly string[]): ReadonlySet<string> {
  let set = lowercasedSets.get(accounts);
  if (set === undefined) {
    set = new Set(accounts.map(lower));
    lowercasedSets.set(accounts, set);
  }
  return set;
}

/** `accounts` as decimal values, once per list (as `lowercased`). */
const decimalSets = new WeakMap<readonly string[], readonly string[]>();
function decimals(accounts: readonly string[]): readonly string[] {
  let list = decimalSets.get(accounts);
  if (list === undefined) {
    list = accounts.map((a) => BigInt(a).toString());
    decimalSets.set(accounts, list);
  }
  return list;
}

/** The first slot of a location confined to one slot at its first level, or undefined (wide, or not known). */
function firstSlot(p: Placed): bigint | undefined {
  const level = p.location.root.kind === "unknown" ? undefined : p.location.levels[0];
  return level?.span === 1n ? level.start : undefined;
}

/** Positions of `placed` by first slot (one-slot first levels), and of the others, each in order. */
interface SlotIndex {
  readonly bySlot: ReadonlyMap<bigint, readonly number[]>;
  readonly wide: readonly number[];
}

function slotIndex(placed: readonly Placed[]): SlotIndex {
  const bySlot = new Map<bigint, number[]>();
  const wide: number[] = [];
  placed.forEach((p, i) => {
    const slot = firstSlot(p);
    if (slot === undefined) wide.push(i);
    else bySlot.set(slot, [...(bySlot.get(slot) ?? []), i]);
  });
  return { bySlot, wide };
}

/**
 * The accesses of `placed` that may alias `x`, in their order: `alias` answers "never" for two locations whose
 * first levels are one slot each at different slots, so only the same first slot and the wide ones remain.
 */
function candidates(x: Placed, placed: readonly Placed[], index: SlotIndex): readonly Placed[] {
  const slot = firstSlot(x);
  if (slot === undefined) return placed;
  const same = index.bySlot.get(slot) ?? [];
  if (index.wide.length === 0) return same.map((i) => placed[i] as Placed);
  return [...same, ...index.wide].sort((a, b) => a - b).map((i) => placed[i] as Placed);
}

function classAt(p: Placed, byAddress: ReadonlyMap<string, string>): string {
  return p.address === "any" ? p.contract : (byAddress.get(p.address) ?? "*");
}

function sameContract(x: Placed, y: Placed, byAddress: ReadonlyMap<string, string>): boolean {
  if (x.address !== "any" && y.address !== "any") return x.address === y.address;
  const cx = classAt(x, byAddress);
  const cy = classAt(y, byAddress);
  return cx === "*" || cy === "*" || cx === cy;
}

/**
 * Whether two transactions' placed accesses (`placedAccesses`) may meet — one writes a location the other reads
 * or writes, in the same contract — and on which predicted locations (`byAddress`: `deploymentIndex`). The
 * senders, and `accounts` (other transactions' senders), have no code (EIP-3607): nothing runs at them, so
 * nothing is accessed there (a token's `to.onERC1155Received(...)` when `to` has code, or a call to an account).
 * `accounts` is read as an immutable list: its lowercased set is kept per list.
 */
export function placedConflict(
  pa: readonly Placed[],
  pb: readonly Placed[],
  byAddress: ReadonlyMap<string, string>,
  senders: readonly string[] = [],
  accounts: readonly string[] = [],
): [string, string] | undefined {
  // The two senders and the block's, accounts without code, as decimal values for `notCreated`: built only when
  // a pair of keys needs it (the block's once per list).
  let eoas: ReadonlySet<string> | undefined;
  const senderValues = () => (eoas ??= new Set([...senders.map((s) => BigInt(s).toString()), ...decimals(accounts)]));
  const others = lowercased(accounts);
  const pair = senders.map(lower);
  const codeless = (address: string): boolean => pair.includes(address) || others.has(address);
  // One sender's transactions run in nonce order anyway: its own balance orders nothing more.
  const [first, second] = senders;
  const one =
    first !== undefined && second !== undefined && BigInt(first) === BigInt(second) ? BigInt(first) : undefined;
  const index = slotIndex(pb);
  for (const x of pa) {
    for (const y of candidates(x, pb, index)) {
      if (!x.write && !y.write) continue;
      // Two senders' gas payments: one sender's transactions are ordered by nonce anyway.
      if (x.gas === true && y.gas === true) continue;
      if (one !== undefined && balanceOf(x) === one && balanceOf(y) === one) continue;
      if (x.credit === true && y.credit === true) continue;
      if (!sameContract(x, y, byAddress) || codeless(x.address) || codeless(y.address)) continue;
      const overlap = alias(x.location, y.location, true);
      if (overlap.kind === "never") continue;
      if (overlap.kind === "iff" && overlap.terms.some((t) => notCreated(t.a, t.b, senderValues(), byAddress)))
        continue;
      return [x.location.text, y.location.text];
    }
  }
  return undefined;
}

/** The account whose ETH balance a placed access is, when execution told it. */
function balanceOf(p: Placed): bigint | undefined {
  const key = isBalance(p.location) ? p.location.levels[1]?.key : undefined;
  return key?.kind === "const" && key.value !== undefined ? BigInt(key.value) : undefined;
}

/**
 * A term equating a created contract's address (`new X`, or 0) or an account with code with a transaction's sender
 * (`senders`: the pair's and the block's, accounts without code), or a created contract with a deployment of
 * another class: it never holds.
 */
function notCreated(a: KeySource, b: KeySource, senders: ReadonlySet<string>, byAddress: ReadonlyMap<string, string>) {
  const [created, other] = isContract(a) ? [a, b] : isContract(b) ? [b, a] : [undefined, undefined];
  if (created === undefined || other?.kind !== "const" || other.value === undefined) return false;
  if (senders.has(other.value)) return true;
  if (created.kind !== "storage" || created.contract === undefined) return false;
  const deployed = byAddress.get(`0x${BigInt(other.value).toString(16).padStart(40, "0")}`);
  return created.contract !== "*" && deployed !== undefined && deployed !== created.contract;
}
