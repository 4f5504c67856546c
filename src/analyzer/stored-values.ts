/**
 * Values read from storage that are a function of where they are stored. A listing's `seller` written only as
 * `listings[msg.sender << 96 | ++listingsBy[msg.sender]] = Listing(msg.sender, ...)` (or deleted) is, wherever it is
 * read, either 0 or the id's high part: `listings[id].seller ∈ {0, id >> 96}`. The same holds for
 * `owner[k] = k`-style writes (`{0, k}`). Proved per contract from every write of every entry point and of
 * creation (storage starts as zeros): each write that may touch the value must store 0, or the key of one level
 * of its own location (or that key's packed high part, `alias.ts`), the same relation for all. Any other write
 * that may touch it (an unknown value, `+=`, assembly, a whole-struct copy) and there is no such fact. A value
 * no write stores anything but 0 is 0 (OpenZeppelin AccessControl's `_roles[role].adminRole` without
 * `_setRoleAdmin`); a value only ever set to `new X(...)` (or 0), in any element of a fixed-size array, is 0 or a
 * contract's address: never a transaction's sender (a sharded pool's `vaults[i]`).
 */
import { alias, packedHigh } from "./alias.js";
import type { Access, StoredValue, Val } from "./evaluation-context.js";
import { type KeySource, type Level, type SymbolicLocation, keyText, memberOf } from "./locations.js";
import { oneOf } from "./key-alternatives.js";

/** What writing `value` at `loc` stores at value-type locations: itself, or a struct constructor's members. */
export function storesOf(loc: SymbolicLocation, value: Val): StoredValue[] {
  if (loc.type.kind === "value") return [{ location: loc, value: value.key }];
  if (loc.type.kind !== "struct" || value.fields === undefined) return [];
  const out: StoredValue[] = [];
  for (const [name, key] of value.fields) {
    const member = memberOf(loc, name);
    if (member.type.kind === "value") out.push({ location: member, value: key });
  }
  return out;
}

/** The stored value is the key of level `level` shifted right by `shift` bits. */
interface Relation {
  level: number;
  shift: bigint;
}

const same = (a: KeySource, b: KeySource) => JSON.stringify(a) === JSON.stringify(b);

/** A key naming one value for the whole transaction wherever it appears (not a storage read or a call result). */
function stable(k: KeySource): boolean {
  if (k.kind === "expr") return k.args.every(stable);
  return (
    k.kind === "sender" || k.kind === "origin" || k.kind === "param" || (k.kind === "const" && k.value !== undefined)
  );
}

function sameLevel(a: Level, b: Level): boolean {
  if (a.via !== b.via || a.start !== b.start || a.span !== b.span || a.hash !== b.hash) return false;
  if (a.index === undefined || b.index === undefined) return a.index === b.index;
  const ta = a.index.terms;
  const tb = b.index.terms;
  return (
    a.index.base === b.index.base &&
    ta.length === tb.length &&
    ta.every((t, i) => t.stride === tb[i]?.stride && t.count === tb[i]?.count && same(t.key, tb[i]?.key ?? t.key))
  );
}

function isCreated(r: Relation | Created | "zero" | null | undefined): r is Created {
  return typeof r === "object" && r !== null && "created" in r;
}

/** Created addresses of two writes: one class, or `*`; undefined when a key relation was found before. */
function joinCreated(found: Relation | Created | null | undefined, r: Created): Created | undefined {
  if (found === null) return r;
  if (!isCreated(found)) return undefined;
  return found.created === r.created ? found : { created: "*" };
}

/**
 * Same variable, member and shape, whatever the keys of the hashed levels (`anyIndex`: and of fixed-size
 * array indices, for facts that do not depend on keys).
 */
function samePattern(a: SymbolicLocation, b: SymbolicLocation, anyIndex = false): boolean {
  if (JSON.stringify(a.root) !== JSON.stringify(b.root) || a.levels.length !== b.levels.length) return false;
  if (a.offset !== b.offset || a.bytes !== b.bytes || a.deep || b.deep) return false;
  return a.levels.every((l, i) => {
    const m = b.levels[i];
    if (m === undefined) return false;
    return anyIndex ? sameLevel({ ...l, index: undefined }, { ...m, index: undefined }) : sameLevel(l, m);
  });
}

/** A contract created here (`new X`): its class, `*` when not named. */
interface Created {
  created: string;
}

/** How a stored value relates to the keys of the location it is stored at (`"zero"` for 0, `new X`: created). */
function relationOf(s: StoredValue): Relation | "zero" | Created | undefined {
  if (s.value.kind === "const" && s.value.value === "0") return "zero";
  const created = s.value.kind === "external-call" ? /^new contract ?(\S*)$/.exec(s.value.text) : null;
  if (created !== null) return { created: created[1] === "" || created[1] === undefined ? "*" : created[1] };
  for (let i = 1; i < s.location.levels.length; i++) {
    const key = s.location.levels[i]?.key;
    if (key === undefined) continue;
    if (!stable(s.value)) return undefined;
    if (same(key, s.value)) return { level: i, shift: 0n };
    const packed = packedHigh(key);
    if (packed !== undefined && same(packed[0], s.value)) return { level: i, shift: packed[1] };
  }
  return undefined;
}

/**
 * The relation every write that may touch `loc` keeps (`null`: only zeros were stored; `"created"`: zeros or
 * addresses of contracts this contract created), if there is one.
 */
function invariantOf(loc: SymbolicLocation, writes: readonly Access[]): Relation | null | Created | undefined {
  let found: Relation | null | Created = null;
  for (const w of writes) {
    const overlap = alias(w.location, loc, true);
    if (overlap.kind === "never" || (overlap.kind === "iff" && overlap.falseSharing)) continue;
    if (w.zeroes) continue;
    // Zeros and created addresses do not depend on keys: every element a write may set must hold one.
    const loose = (w.stores ?? []).filter((s) => samePattern(s.location, loc, true)).map(relationOf);
    const createdOnly = loose.length > 0 && loose.every((r) => r === "zero" || isCreated(r));
    if (createdOnly) {
      for (const r of loose) {
        const joined: Relation | Created | null | undefined = isCreated(r) ? joinCreated(found, r) : found;
        if (joined === undefined) return undefined;
        found = joined;
      }
      continue;
    }
    const exact = w.stores?.find((s) => samePattern(s.location, loc));
    const relation = exact === undefined ? undefined : relationOf(exact);
    if (relation === undefined || isCreated(relation) || isCreated(found)) return undefined;
    if (relation === "zero") continue;
    if (found !== null && (found.level !== relation.level || found.shift !== relation.shift)) return undefined;
    found = relation;
  }
  return found;
}

/** The facts of one contract: `of(loc)` is the key class of the value read at `loc`, when its writes tell. */
export class StoredValues {
  private readonly cache = new Map<string, Relation | null | Created | undefined>();

  constructor(private readonly writes: readonly Access[]) {}

  /**
   * Whether a fact may place some location read for its value (worth a second pass), from the entry points'
   * writes alone: creation's writes can only take facts away, or turn a plain variable no entry point writes
   * into one holding created contracts.
   */
  static mayPlace(asked: readonly SymbolicLocation[], writes: readonly Access[]): boolean {
    const facts = new StoredValues(writes);
    return asked.some((loc) => facts.of(loc) !== undefined || facts.untouched(loc));
  }

  /** A plain variable no entry point writes: creation may store contracts' addresses there (`new X`). */
  private untouched(loc: SymbolicLocation): boolean {
    return loc.levels.length === 1 && loc.type.kind === "value" && this.relation(loc) === null;
  }

  private relation(loc: SymbolicLocation): Relation | null | Created | undefined {
    const id = `${JSON.stringify(loc.root)}|${loc.text}|${loc.offset}`;
    if (!this.cache.has(id)) this.cache.set(id, invariantOf(loc, this.writes));
    return this.cache.get(id);
  }

  /** The value at `loc` as a key: 0 or a function of `loc`'s keys; `undefined` when no fact holds. */
  of(loc: SymbolicLocation): KeySource | undefined {
    if (loc.type.kind !== "value" || loc.levels.length < 1 || loc.root.kind === "unknown") return undefined;
    const relation = this.relation(loc);
    const zero: KeySource = { kind: "const", text: "0", value: "0" };
    if (relation === undefined) return undefined;
    // Only `new X(...)` (or 0) stored there: a contract's address, never a transaction's sender (accounts with
    // code send no transactions, EIP-3607), or 0.
    if (isCreated(relation)) return { kind: "storage", text: loc.text, contract: relation.created };
    if (loc.levels.length < 2) return undefined;
    if (relation === null) return zero;
    const key = loc.levels[relation.level]?.key;
    if (key === undefined) return undefined;
    const shifted: KeySource =
      relation.shift === 0n
        ? key
        : {
            kind: "expr",
            op: ">>",
            args: [key, { kind: "const", text: relation.shift.toString(), value: relation.shift.toString() }],
            bits: 256,
            text: `${keyText(key)} >> ${relation.shift}`,
          };
    return oneOf([zero, shifted], "stored value");
  }
}
