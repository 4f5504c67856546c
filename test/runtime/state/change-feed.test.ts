import { expect } from "chai";

import { ChangeFeed } from "../../../src/runtime/state/change-feed.js";
import type { LocationKey, LocationValue } from "../../../src/runtime/vocabulary.js";

const X = "x" as LocationKey;
const Y = "y" as LocationKey;

function sorted(taken: Array<[LocationKey, LocationValue]>): Array<[LocationKey, LocationValue]> {
  return [...taken].sort(([a], [b]) => (a < b ? -1 : 1));
}

describe("ChangeFeed", () => {
  it("records only while followed, and gives each follower the latest value of every change since it last took", () => {
    const feed = new ChangeFeed();
    feed.record(X, 1n);
    const first = feed.follow();
    const second = feed.follow();
    feed.record(X, 2n);
    feed.record(X, 3n);
    expect(first.take()).to.deep.equal([[X, 3n]]);
    feed.record(Y, 4n);
    expect(sorted(second.take())).to.deep.equal([
      [X, 3n],
      [Y, 4n],
    ]);
    expect(first.take()).to.deep.equal([[Y, 4n]]);
    expect(first.take()).to.deep.equal([]);
    feed.record(X, 5n);
    second.close();
    expect(first.take()).to.deep.equal([[X, 5n]]);
    first.close();
    feed.record(Y, 6n);
    expect(feed.follow().take()).to.deep.equal([]);
  });

  it("keeps a change a slower follower has not taken while a faster one takes again and again", () => {
    const feed = new ChangeFeed();
    const slow = feed.follow();
    const fast = feed.follow();
    feed.record(X, 1n);
    for (let i = 0; i < 5; i++) {
      feed.record(Y, BigInt(10 + i));
      expect(fast.take()).to.deep.equal(
        i === 0
          ? [
              [X, 1n],
              [Y, 10n],
            ]
          : [[Y, BigInt(10 + i)]],
      );
    }
    expect(sorted(slow.take())).to.deep.equal([
      [X, 1n],
      [Y, 14n],
    ]);
    expect(fast.take()).to.deep.equal([]);
    expect(slow.take()).to.deep.equal([]);
  });

  it("merges the generations a follower that stopped taking keeps, which then ends at the latest values", () => {
    const feed = new ChangeFeed();
    const idle = feed.follow();
    const busy = feed.follow();
    for (let i = 1; i <= 100; i++) {
      feed.record(i % 2 === 0 ? X : Y, BigInt(i));
      expect(busy.take()).to.deep.equal([[i % 2 === 0 ? X : Y, BigInt(i)]]);
    }
    expect(sorted(idle.take())).to.deep.equal([
      [X, 100n],
      [Y, 99n],
    ]);
    expect(busy.take()).to.deep.equal([]);
    expect(idle.take()).to.deep.equal([]);
  });
});
