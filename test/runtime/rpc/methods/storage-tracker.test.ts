import { expect } from "chai";

import { StorageTracker } from "../../../../src/runtime/rpc/methods/storage-tracker.js";

import { stepEvent } from "./step-event.js";

const word = (v: bigint): string => `0x${v.toString(16).padStart(64, "0")}`;

describe("StorageTracker (struct-log storage as geth shows it)", () => {
  it("shows an SSTORE's slot at once and an SLOAD's once the next step has its value", () => {
    const storage = new StorageTracker();
    const store: Record<string, unknown> = {};
    const load: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    storage.observe(stepEvent("SSTORE", 0, [5n, 1n]), store);
    storage.observe(stepEvent("SLOAD", 0, [2n]), load);
    expect(load).to.not.have.property("storage");
    storage.observe(stepEvent("POP", 0, [9n]), after);
    expect(store.storage).to.deep.equal({ [word(1n)]: word(5n) });
    expect(load.storage).to.deep.equal({ [word(1n)]: word(5n), [word(2n)]: word(9n) });
    expect(after).to.not.have.property("storage");
  });

  it("keeps each contract's slots apart", () => {
    const storage = new StorageTracker();
    const other: Record<string, unknown> = {};
    storage.observe(stepEvent("SSTORE", 0, [5n, 1n]), {});
    storage.observe(stepEvent("SSTORE", 1, [6n, 2n], { address: { bytes: new Uint8Array(20) } }), other);
    expect(other.storage).to.deep.equal({ [word(2n)]: word(6n) });
  });
});
