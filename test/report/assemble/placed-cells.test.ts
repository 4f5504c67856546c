import { expect } from "chai";
import type { Placed } from "../../../src/analyzer/index.js";
import type { KeySource, Level, SymbolicLocation } from "../../../src/analyzer/locations.js";
import { placedConflict } from "../../../src/analyzer/placed-conflict.js";
import { mayMeet, placedCells, surelyMeet, type PlacedCells } from "../../../src/report/assemble/placed-cells.js";

const AT = "0x00000000000000000000000000000000000000f1";
const OTHER = "0x00000000000000000000000000000000000000f2";
const ALICE = `0x${"a1".padStart(40, "0")}`;
const BOB = `0x${"b2".padStart(40, "0")}`;

const constant = (value: string): KeySource => ({ kind: "const", text: value, value });
const PARAM: KeySource = { kind: "param", name: "to", index: 0 };

/** A location below first slot `slot` (null: unknown root; "wide": a first level of unbounded span). */
function location(
  slot: bigint | null | "wide",
  below: (Omit<Level, "start" | "span"> & Partial<Level>)[] = [],
  deep = false,
) {
  const root: SymbolicLocation["root"] = slot === null ? { kind: "unknown", reason: "?" } : { kind: "slot" };
  const first: Level[] =
    slot === null ? [] : [{ via: "root", start: slot === "wide" ? 0n : slot, span: slot === "wide" ? null : 1n }];
  const levels = [...first, ...below.map((l) => ({ start: 0n, span: 1n, ...l }))];
  const text = `${String(slot)}/${below.map((l) => `${l.key?.kind ?? "-"}+${l.start ?? 0n}`).join("/")}`;
  return { text, root, levels, deep, type: { kind: "value", bytes: 32 } } satisfies SymbolicLocation;
}

const placed = (write: boolean, loc: SymbolicLocation): Placed => ({
  address: AT,
  contract: "C",
  write,
  location: loc,
});

/** Every kind of location the cells tell apart, read and written. */
function grid(): Placed[] {
  const locations: SymbolicLocation[] = [
    location(null),
    location("wide"),
    location(0n),
    location(0n, [], true),
    location(1n),
    { ...location(0n), levels: [{ via: "root", start: 0n, span: 2n }] },
    { ...location(0n), levels: [{ via: "root", start: 2n, span: 16n }] },
    { ...location(0n), levels: [] },
    location(0n, [{ via: "map", key: constant("1") }]),
    location(0n, [{ via: "map", key: constant("2") }]),
    location(0n, [{ via: "array", key: constant("1") }]),
    location(1n, [{ via: "map", key: constant("1") }]),
    location(0n, [{ via: "map", key: PARAM }]),
    location(0n, [{ via: "map", key: { kind: "sender" } }]),
    location(0n, [
      { via: "map", key: constant("1") },
      { via: "map", key: constant("3") },
    ]),
    location(0n, [
      { via: "map", key: constant("1") },
      { via: "map", key: PARAM },
    ]),
  ];
  const exact = location(0n, [{ via: "map", key: constant("1") }]);
  const odd: Placed[] = [
    { ...placed(true, exact), address: "any" },
    { ...placed(false, exact), address: "any", contract: "*" },
    { ...placed(true, exact), address: "any", contract: "D" },
    { ...placed(true, exact), gas: true },
    { ...placed(true, exact), credit: true },
    { ...placed(true, exact), address: OTHER },
    { ...placed(true, location(0n, [{ via: "map", key: PARAM }])), address: OTHER },
    placed(true, {
      ...location(0n),
      levels: [{ via: "root", start: 0n, span: 1n, index: { base: 0n, terms: [], start: 0n, span: 1n } }],
    }),
  ];
  return [...locations.flatMap((l) => [placed(false, l), placed(true, l)]), ...odd];
}

const byAddress = new Map([
  [AT, "C"],
  [OTHER, "C"],
]);
const meets = (a: Placed[], b: Placed[], senders = [ALICE, BOB]) =>
  placedConflict(a, b, byAddress, senders) !== undefined;
/** Every list of one or two accesses of the grid. */
function lists(): Placed[][] {
  const accesses = grid();
  return [...accesses.map((p) => [p]), ...accesses.flatMap((p, i) => accesses.slice(i + 1).map((q) => [p, q]))];
}

describe("report: placed cells, the precision oracle's pre-check of placedConflict (placed-cells.ts)", function () {
  it("never answers free for a pair placedConflict finds meeting (every pair of one or two accesses of the grid)", function () {
    const all = lists();
    const cells = all.map((a) => placedCells(a));
    let pruned = 0;
    for (const [i, a] of all.entries())
      for (const [j, b] of all.entries()) {
        if (mayMeet(cells[i] as PlacedCells, cells[j] as PlacedCells)) continue;
        pruned += 1;
        expect(meets(a, b), `${a.map((p) => p.location.text)} × ${b.map((p) => p.location.text)}`).to.equal(false);
      }
    // The check prunes: most pairs of the grid are answered without placedConflict.
    expect(pruned).to.be.greaterThan(all.length * 10);
  });

  it("answers surely meeting only for pairs placedConflict finds meeting, a sender's address excepted", function () {
    const all = lists();
    const cells = all.map((a) => placedCells(a));
    let sure = 0;
    for (const senders of [
      [ALICE, BOB],
      [ALICE, AT],
    ])
      for (const [i, a] of all.entries())
        for (const [j, b] of all.entries()) {
          const codeless = (address: string) => senders.includes(address);
          if (!surelyMeet(cells[i] as PlacedCells, cells[j] as PlacedCells, codeless)) continue;
          sure += 1;
          expect(meets(a, b, senders), `${a.map((p) => p.location.text)} × ${b.map((p) => p.location.text)}`).to.equal(
            true,
          );
        }
    // It answers: pairs writing one exact slot (at the other address when the first is a sender's).
    expect(sure).to.be.greaterThan(all.length);
  });

  it("tells apart constant keys and first slots, and lets wide accesses and writes through", function () {
    const key = (k: string, write: boolean) => [placed(write, location(0n, [{ via: "map", key: constant(k) }]))];
    const cells = (p: Placed[]) => placedCells(p);
    expect(mayMeet(cells(key("1", true)), cells(key("2", true)))).to.equal(false);
    expect(mayMeet(cells(key("1", true)), cells(key("1", false)))).to.equal(true);
    // Two members of one key's struct: `accounts[a].deposited` written, `accounts[a].debt` read.
    const member = (start: bigint, write: boolean) => [
      placed(write, location(0n, [{ via: "map", key: constant("1"), start }])),
    ];
    expect(mayMeet(cells(member(0n, true)), cells(member(1n, false)))).to.equal(false);
    expect(mayMeet(cells(member(1n, true)), cells(member(1n, false)))).to.equal(true);
    expect(mayMeet(cells(key("1", false)), cells(key("1", false)))).to.equal(false);
    expect(mayMeet(cells([placed(true, location(1n))]), cells(key("1", true)))).to.equal(false);
    expect(mayMeet(cells([placed(false, location(0n))]), cells(key("2", true)))).to.equal(true);
    expect(mayMeet(cells([placed(false, location(null))]), cells(key("2", true)))).to.equal(true);
    expect(mayMeet(cells([placed(true, location("wide"))]), cells([placed(false, location(7n))]))).to.equal(true);
    // A fixed-size array's slots (`vaults[i]`, 16 from slot 32) against a variable after it and an element in it.
    const vaults = { ...location(32n), levels: [{ via: "root" as const, start: 32n, span: 16n }] };
    expect(mayMeet(cells([placed(true, vaults)]), cells([placed(false, location(48n))]))).to.equal(false);
    expect(mayMeet(cells([placed(true, vaults)]), cells([placed(false, location(47n))]))).to.equal(true);
    expect(mayMeet(cells([]), cells([placed(true, location(null))]))).to.equal(false);
  });
});
