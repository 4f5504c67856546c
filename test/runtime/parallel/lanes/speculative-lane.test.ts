import { expect } from "chai";

import { LaneOverlay } from "../../../../src/runtime/parallel/lanes/speculative-lane.js";
import { EMPTY_CODE_HASH } from "../../../../src/runtime/state/account-data.js";
import { FlatState } from "../../../../src/runtime/state/flat-state.js";
import { OverlayView } from "../../../../src/runtime/state/overlay-view.js";
import {
  type AccessSets,
  balanceKey,
  codeKey,
  type LocationKey,
  type LocationValue,
  nonceKey,
  storageKey,
} from "../../../../src/runtime/vocabulary.js";

const A = "0x00000000000000000000000000000000000000aa";
const B = "0x00000000000000000000000000000000000000bb";
const C = "0x00000000000000000000000000000000000000cc";
const SLOT = `0x${"2".padStart(64, "0")}`;
const CODE_HASH = `0x${"cd".repeat(32)}`;

function access(writes: Array<[LocationKey, LocationValue]>, deltas: Array<[LocationKey, bigint]> = []): AccessSets {
  return { reads: new Map(), writes: new Map(writes), deltas: new Map(deltas), codes: new Map() };
}

describe("LaneOverlay", () => {
  it("answers accounts as the location overlay does after writes, deltas and an emptied account", () => {
    const base = new FlatState();
    base.apply(
      new Map<LocationKey, LocationValue>([
        [balanceKey(A), 10n],
        [nonceKey(A), 1n],
        [balanceKey(B), 5n],
        [storageKey(C, SLOT), 3n],
      ]),
    );
    const overlay = new LaneOverlay(base);
    const steps: AccessSets[] = [
      access([[nonceKey(A), 2n]], [[balanceKey(C), 7n]]),
      access([[balanceKey(B), 0n]], [[balanceKey(C), 1n]]),
      access(
        [
          [codeKey(B), CODE_HASH],
          [storageKey(C, SLOT), 4n],
        ],
        [[balanceKey(A), -3n]],
      ),
    ];
    for (const step of steps) {
      overlay.apply(step);
      const reference = new OverlayView(base, overlay.changes, overlay.codes);
      for (const address of [A, B, C])
        expect(overlay.view.account(address), address).to.deep.equal(reference.account(address));
      expect(overlay.view.storage(C, SLOT)).to.equal(reference.storage(C, SLOT));
    }
    expect(overlay.view.account(A)).to.deep.equal({ balance: 7n, nonce: 2n, codeHash: EMPTY_CODE_HASH });
    expect(overlay.view.account(B)).to.deep.equal({ balance: 0n, nonce: 0n, codeHash: CODE_HASH });
    expect(overlay.view.account(C)?.balance).to.equal(8n);
    expect(overlay.view.storage(C, SLOT)).to.equal(4n);
  });

  it("reads an account emptied by the lane as absent, and an untouched one from the base", () => {
    const base = new FlatState();
    base.apply(new Map<LocationKey, LocationValue>([[balanceKey(A), 4n]]));
    const overlay = new LaneOverlay(base);
    overlay.apply(access([[balanceKey(A), 0n]]));
    expect(overlay.view.account(A)).to.equal(undefined);
    expect(overlay.view.account(B)).to.equal(undefined);
    base.apply(new Map<LocationKey, LocationValue>([[balanceKey(B), 9n]]));
    expect(overlay.view.account(B)?.balance).to.equal(9n);
  });
});
