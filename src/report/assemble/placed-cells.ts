/**
 * A pre-check for `placedConflict` in the precision oracle (`pair-judgement.ts`): each transaction's placed
 * accesses indexed once by location key — a cell — so that a pair sharing no cell one of them writes is known
 * free without running `placedConflict` (the oracle's largest cost: it meets tens of thousands of pairs).
 *
 * The cells over-approximate `alias` (`analyzer/alias.ts`), never the other way round: two locations whose first
 * levels are one slot each at different slots never alias; below one first slot, two map or array levels keyed
 * by constants of different values never alias (`keyEquality` answers "never"), nor do two one-slot second levels
 * at different slots (struct members of one key: `overlaps` fails). Every other location is wide:
 * all of one first slot (a key not constant, a location ending at its first level), or the slots its first level
 * spans when wider than one slot (everything when its root is unknown). A pair is left to `placedConflict` whenever the cells may meet,
 * so its answer is unchanged: `mayMeet` false implies `placedConflict` finds nothing.
 */
import type { Placed } from "../../analyzer/index.js";

/** Read and write flags of one cell: bit 1 read, bit 2 written. */
type Flags = number;
const READ = 1;
const WRITE = 2;

/** One transaction's placed accesses by cell. */
export interface PlacedCells {
  /** Accesses whose first level is not one slot, by the slots it spans (everywhere for an unknown root). */
  readonly ranges: readonly Range[];
  /** Per first slot: accesses anywhere below it (`wide`) and those at one constant key (`keys`, by `via:value`). */
  readonly bySlot: ReadonlyMap<bigint, SlotCell>;
  /** Union of every access's flags (0 for no access). */
  readonly any: Flags;
  /** Accesses of exactly one slot at one address (`exactSlot`), by `address|slot`: for {@link surelyMeet}. */
  readonly exact: ReadonlyMap<string, Flags>;
}

/** An access's first-level slots, `start` up to `end` (excluded; null: unbounded), with its flags. */
interface Range {
  readonly start: bigint;
  readonly end: bigint | null;
  readonly flags: Flags;
}

/** Accesses at one constant key: anywhere below it (`wide`), or at one slot of its level (`byStart`, span 1). */
interface KeyCell {
  wide: Flags;
  readonly byStart: Map<bigint, Flags>;
}

/** Accesses below one first slot: anywhere (`wide`), or at one constant key (`keys`, by `via:value`). */
interface SlotCell {
  wide: Flags;
  readonly keys: Map<string, KeyCell>;
}

const flagOf = (p: Placed): Flags => (p.write ? WRITE : READ);

/** The first slot of a location confined to one slot at its first level, as `placedConflict` indexes it. */
function firstSlot(p: Placed): bigint | undefined {
  const level = p.location.root.kind === "unknown" ? undefined : p.location.levels[0];
  return level?.span === 1n ? level.start : undefined;
}

/** The second level's key when it is a constant of known value (`via:value`), else undefined (wide). */
function constantKey(p: Placed): string | undefined {
  const level = p.location.levels[1];
  const key = level?.key;
  return key?.kind === "const" && key.value !== undefined ? `${level?.via}:${key.value}` : undefined;
}

/** The cells of one transaction's placed accesses. */
export function placedCells(placed: readonly Placed[]): PlacedCells {
  const ranges: Range[] = [];
  let any = 0;
  const bySlot = new Map<bigint, SlotCell>();
  const exact = new Map<string, Flags>();
  for (const p of placed) {
    const flag = flagOf(p);
    any |= flag;
    const one = exactSlot(p);
    if (one !== undefined) exact.set(one, (exact.get(one) ?? 0) | flag);
    const slot = firstSlot(p);
    if (slot === undefined) {
      ranges.push(rangeOf(p, flag));
      continue;
    }
    let cell = bySlot.get(slot);
    if (cell === undefined) bySlot.set(slot, (cell = { wide: 0, keys: new Map() }));
    addKeyed(cell, p, flag);
  }
  return { ranges, bySlot, any, exact };
}

/**
 * The first-level slots of an access not confined to one: everything when its root is unknown or it has no level
 * (`alias` answers "unknown", or never meets it), else its first level's range.
 */
function rangeOf(p: Placed, flags: Flags): Range {
  const level = p.location.root.kind === "unknown" ? undefined : p.location.levels[0];
  if (level === undefined) return { start: 0n, end: null, flags };
  return { start: level.start, end: level.span === null ? null : level.start + level.span, flags };
}

/** Whether two first-level ranges share a slot, as `alias` compares first levels (`overlaps`). */
const overlap = (a: Range, b: Range): boolean =>
  (a.end === null || b.start < a.end) && (b.end === null || a.start < b.end);

/** Whether an access of `x` spanning first-level slots may meet an access of `y`. */
function rangesMeet(x: PlacedCells, y: PlacedCells): boolean {
  for (const r of x.ranges) {
    for (const q of y.ranges) if (clash(r.flags, q.flags) && overlap(r, q)) return true;
    for (const [slot, cell] of y.bySlot)
      if (overlap(r, { start: slot, end: slot + 1n, flags: 0 }) && clash(r.flags, slotFlags(cell))) return true;
  }
  return false;
}

/** Files an access below its first slot: at its constant key and the slot there, or wide. */
function addKeyed(cell: SlotCell, p: Placed, flag: Flags): void {
  const key = constantKey(p);
  if (key === undefined) {
    cell.wide |= flag;
    return;
  }
  let at = cell.keys.get(key);
  if (at === undefined) cell.keys.set(key, (at = { wide: 0, byStart: new Map() }));
  const level = p.location.levels[1];
  if (level?.span === 1n) at.byStart.set(level.start, (at.byStart.get(level.start) ?? 0) | flag);
  else at.wide |= flag;
}

/** Whether two accesses' flags may conflict: both present and one of them a write. */
const clash = (a: Flags, b: Flags): boolean => a !== 0 && b !== 0 && ((a | b) & WRITE) !== 0;

/** Union of every flag at one constant key. */
function keyFlags(cell: KeyCell): Flags {
  let flags = cell.wide;
  for (const f of cell.byStart.values()) flags |= f;
  return flags;
}

/** Union of every flag below one first slot. */
function slotFlags(cell: SlotCell): Flags {
  let flags = cell.wide;
  for (const k of cell.keys.values()) flags |= keyFlags(k);
  return flags;
}

/** Whether two transactions' accesses at one constant key may meet. */
function keysMeet(a: KeyCell, b: KeyCell): boolean {
  if (clash(a.wide, keyFlags(b)) || clash(b.wide, keyFlags(a))) return true;
  for (const [start, f] of a.byStart) if (clash(f, b.byStart.get(start) ?? 0)) return true;
  return false;
}

/**
 * Whether the two transactions' placed accesses may meet (one writes a cell the other reads or writes); false
 * only when `placedConflict` on the same accesses answers that they do not.
 */
export function mayMeet(x: PlacedCells, y: PlacedCells): boolean {
  if (rangesMeet(x, y) || rangesMeet(y, x)) return true;
  const [small, large] = x.bySlot.size <= y.bySlot.size ? [x, y] : [y, x];
  for (const [slot, a] of small.bySlot) {
    const b = large.bySlot.get(slot);
    if (b === undefined) continue;
    if (clash(a.wide, slotFlags(b)) || clash(b.wide, slotFlags(a))) return true;
    for (const [key, k] of a.keys) {
      const other = b.keys.get(key);
      if (other !== undefined && keysMeet(k, other)) return true;
    }
  }
  return false;
}

/**
 * The one slot a placed access touches, as `address|level|level…`, when `alias` surely meets it with another of
 * the same text (no term): a storage location at one address or any instance of one class (`any:Class`; no gas
 * payment, no balance credit), every
 * level one slot without a fixed-size array index or seed, every level below the first keyed by a constant of
 * known value. Else undefined.
 */
function exactSlot(p: Placed): string | undefined {
  const { location } = p;
  const root = location.root.kind;
  if (p.gas === true || p.credit === true || root === "unknown" || root === "balance") return;
  if (location.levels.length === 0) return;
  // An instance execution does not tell is one of its class: two such of one class are in the same contract.
  let text = p.address === "any" ? `any:${p.contract}` : p.address;
  for (const [i, level] of location.levels.entries()) {
    if (level.span !== 1n || level.index !== undefined || level.hash !== undefined) return;
    const key = level.key;
    if (i > 0 && (key?.kind !== "const" || key.value === undefined)) return;
    text += `|${level.via}:${level.start}:${key?.kind === "const" ? key.value : ""}`;
  }
  return text;
}

/**
 * Whether the two transactions' placed accesses surely meet (`placedConflict` finds a pair): one writes an exact
 * slot (`exactSlot`) the other reads or writes, at an address where code runs (`codeless` false: not a sender).
 * False says nothing: ask `placedConflict`.
 */
export function surelyMeet(x: PlacedCells, y: PlacedCells, codeless: (address: string) => boolean): boolean {
  const [small, large] = x.exact.size <= y.exact.size ? [x, y] : [y, x];
  for (const [slot, f] of small.exact) {
    if (!clash(f, large.exact.get(slot) ?? 0)) continue;
    const address = slot.slice(0, slot.indexOf("|"));
    if (!codeless(address.startsWith("any:") ? "any" : address)) return true;
  }
  return false;
}
