import { expect } from "chai";

import { storageAccesses } from "../../../src/report/record/storage-accesses.js";
import { balanceKey, storageKey } from "../../../src/runtime/vocabulary.js";

const TOKEN = `0x${"11".repeat(20)}`;
const slot = (n: number): string => `0x${n.toString(16).padStart(64, "0")}`;

describe("report/record: storage accesses in the analyzer's shape", () => {
  it("reads carry the value the transaction found when the run has it (the stored-keys rule needs it)", () => {
    const [owner, balance] = [storageKey(TOKEN, slot(1)), storageKey(TOKEN, slot(2))];
    const values = new Map<string, bigint | string>([
      [owner, 0xabcn],
      [balance, 5n],
      [balanceKey(TOKEN), 9n],
    ]);
    const accesses = storageAccesses([owner, balance, balanceKey(TOKEN)], [balance], undefined, values);
    expect(accesses).to.deep.equal([
      { address: TOKEN, slot: slot(1), kind: "read", value: "0xabc" },
      { address: TOKEN, slot: slot(2), kind: "write" },
    ]);
    expect(storageAccesses([owner], [])).to.deep.equal([{ address: TOKEN, slot: slot(1), kind: "read" }]);
  });
});
