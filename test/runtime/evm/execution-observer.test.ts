import { expect } from "chai";

import type { EvmContext, MessageFrame } from "../../../src/runtime/evm/evm-context.js";
import { ExecutionObserver } from "../../../src/runtime/evm/execution-observer.js";
import { toHex } from "../../../src/runtime/util/hex.js";

type Observers = Pick<EvmContext, "messageObserver" | "keccakObserver">;

function frame(depth: number, to = "0x00000000000000000000000000000000000000aa"): MessageFrame {
  return { depth, caller: "0x00000000000000000000000000000000000000bb", to, data: Uint8Array.of(1, 2) } as MessageFrame;
}

const bytes = (length: number, fill: number) => new Uint8Array(length).fill(fill);

describe("ExecutionObserver", function () {
  function attached(preimages: boolean): { observer: ExecutionObserver; context: Observers } {
    const context: Observers = { messageObserver: undefined, keccakObserver: undefined };
    const observer = new ExecutionObserver({ preimages });
    observer.attach(context as EvmContext);
    return { observer, context };
  }

  it("keeps per transaction the preimages of its 32- and 64-byte hashes, as a plain object", function () {
    const { observer, context } = attached(true);
    context.keccakObserver?.(bytes(32, 9), bytes(32, 8)); // before any transaction: nobody's
    context.messageObserver?.(frame(0));
    context.keccakObserver?.(bytes(64, 1), bytes(32, 2));
    context.keccakObserver?.(bytes(20, 3), bytes(32, 4)); // an address (a bloom's): not a slot's
    context.messageObserver?.(frame(1, "0x00000000000000000000000000000000000000cc"));
    context.keccakObserver?.(bytes(32, 5), bytes(32, 6));
    context.keccakObserver?.(bytes(128, 7), bytes(32, 8));
    context.messageObserver?.(frame(0));
    context.keccakObserver?.(bytes(64, 1), bytes(32, 2));
    const [first, second] = observer.take(2);
    const expected = { [toHex(bytes(32, 2))]: toHex(bytes(64, 1)), [toHex(bytes(32, 6))]: toHex(bytes(32, 5)) };
    expect(first?.preimages).to.deep.equal(expected);
    expect(second?.preimages).to.deep.equal({ [toHex(bytes(32, 2))]: toHex(bytes(64, 1)) });
    expect(first?.calls.map((c) => c.to)).to.deep.equal([
      "0x00000000000000000000000000000000000000aa",
      "0x00000000000000000000000000000000000000cc",
    ]);
    // What the analysis thread receives, and what JSON and the report's readers see.
    expect(Object.getPrototypeOf(first?.preimages)).to.equal(Object.prototype);
    expect(structuredClone(first?.preimages)).to.deep.equal(expected);
    expect(JSON.parse(JSON.stringify(first?.preimages))).to.deep.equal(expected);
    expect(Object.keys(first?.preimages ?? {})).to.deep.equal(Object.keys(expected));
  });

  it("forgets on take and clear, and keeps no preimages when not asked", function () {
    const { observer, context } = attached(true);
    context.messageObserver?.(frame(0));
    observer.clear();
    context.keccakObserver?.(bytes(32, 1), bytes(32, 2)); // after clear, before the next transaction
    context.messageObserver?.(frame(0));
    context.keccakObserver?.(bytes(32, 3), bytes(32, 4));
    expect(observer.take(5).map((o) => o.preimages)).to.deep.equal([{ [toHex(bytes(32, 4))]: toHex(bytes(32, 3)) }]);
    context.keccakObserver?.(bytes(32, 5), bytes(32, 6)); // after take
    expect(observer.take(1)).to.deep.equal([]);
    const plain = attached(false);
    plain.context.messageObserver?.(frame(0));
    expect(plain.context.keccakObserver).to.equal(undefined);
    expect(plain.observer.take(1)[0]?.preimages).to.equal(undefined);
    observer.detach();
    expect(context.keccakObserver).to.equal(undefined);
  });
});
