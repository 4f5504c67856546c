import { createVM } from "@ethereumjs/vm";
import { bytesToUnprefixedHex } from "@ethereumjs/util";
import { expect } from "chai";

import { createChainCommon } from "../../../src/runtime/evm/evm-context.js";
import { installWarmStorage } from "../../../src/runtime/evm/warm-storage.js";
import { unprefixedHex } from "../../../src/runtime/util/hex.js";
import { Rng } from "../trie/reference.js";

interface TestJournal {
  journal: Map<string, Set<string>>;
  alwaysWarmJournal: Map<string, Set<string>>;
  journalDiff: Array<[number, [Set<string>, Map<string, Set<string>>, Set<string>]]>;
  accessList?: Map<string, Set<string>>;
  isWarmedStorage(address: Uint8Array, slot: Uint8Array): boolean;
  addWarmedStorage(address: Uint8Array, slot: Uint8Array): void;
  addWarmedAddress(address: Uint8Array): void;
  addAlwaysWarmAddress(address: string, addToAccessList?: boolean): void;
  addAlwaysWarmSlot(address: string, slot: string, addToAccessList?: boolean): void;
  startReportingAccessList(): void;
  checkpoint(): Promise<void>;
  commit(): Promise<void>;
  revert(): Promise<void>;
  cleanup(): Promise<void>;
}

async function journalOf(fast: boolean): Promise<TestJournal> {
  const vm = await createVM({ common: createChainCommon(1n, "prague") });
  if (fast) expect(installWarmStorage(vm.evm)).to.equal(true);
  return (vm.evm as unknown as { journal: TestJournal }).journal;
}

/** Everything a journal holds about warm addresses and slots, as sorted JSON. */
function contents(j: TestJournal): string {
  const sets = (m: Map<string, Set<string>> | undefined) =>
    m === undefined ? null : [...m].map(([k, v]) => [k, [...v].sort()]).sort();
  const diffs = j.journalDiff.map(([height, [added, slots, touched]]) => [
    height,
    [...added].sort(),
    sets(slots),
    [...touched].sort(),
  ]);
  return JSON.stringify([sets(j.journal), sets(j.alwaysWarmJournal), sets(j.accessList), diffs]);
}

describe("runtime/evm: warm storage slots (warm-storage.ts)", () => {
  it("unprefixedHex gives @ethereumjs's bytesToUnprefixedHex, also for views into a larger buffer", () => {
    const rng = new Rng(4);
    const big = rng.bytes(96);
    for (const bytes of [new Uint8Array(0), rng.bytes(1), rng.bytes(20), rng.bytes(32), big.subarray(7, 39)])
      expect(unprefixedHex(bytes)).to.equal(bytesToUnprefixedHex(bytes));
  });

  it("a random run of warm-ups, checks, checkpoints, reverts and access lists leaves both journals alike", async () => {
    const rng = new Rng(21);
    const addresses = Array.from({ length: 4 }, () => rng.bytes(20));
    const slots = Array.from({ length: 6 }, () => rng.bytes(32));
    const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)] as T;
    const [stock, fast] = [await journalOf(false), await journalOf(true)];
    let [answers, depth, failures] = [0, 0, 0];
    for (let step = 0; step < 3000; step++) {
      const [address, slot, flag] = [pick(addresses), pick(slots), rng.int(2) === 1];
      let roll = rng.int(100);
      // Commits and reverts close a checkpoint (none open: a warm-up instead); a cleanup needs none open.
      if ((roll >= 62 && roll < 78 && depth === 0) || (roll === 80 && depth > 0)) roll = 0;
      depth += roll >= 51 && roll < 62 ? 1 : roll >= 62 && roll < 78 ? -1 : 0;
      const run = async (j: TestJournal): Promise<void> => {
        if (roll < 40) j.addWarmedStorage(address, slot);
        else if (roll < 45) j.addWarmedAddress(address);
        else if (roll < 48) j.addAlwaysWarmAddress(`0x${bytesToUnprefixedHex(address)}`, flag);
        else if (roll < 51) j.addAlwaysWarmSlot(`0x${bytesToUnprefixedHex(address)}`, bytesToUnprefixedHex(slot), flag);
        else if (roll < 62) await j.checkpoint();
        else if (roll < 70) await j.commit();
        else if (roll < 78) await j.revert();
        else if (roll < 80) j.startReportingAccessList();
        else if (roll < 81) await j.cleanup();
      };
      // The same failures too (a slot warmed for an address the access list started after).
      const failure = (j: TestJournal) =>
        run(j).then(
          () => "",
          (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error)),
        );
      const failed = await failure(stock);
      expect(await failure(fast), `step ${step}`).to.equal(failed);
      if (failed !== "") failures++;
      const [a, b] = [stock.isWarmedStorage(address, slot), fast.isWarmedStorage(address, slot)];
      expect(b, `step ${step}`).to.equal(a);
      if (a) answers++;
      expect(contents(fast), `step ${step}`).to.equal(contents(stock));
    }
    // Both answers occurred (the run is not trivially all cold or all warm).
    expect(answers).to.be.within(300, 2700);
    expect(failures).to.be.within(1, 1000);
  });
});
