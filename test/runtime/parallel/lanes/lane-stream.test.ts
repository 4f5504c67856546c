import { MessageChannel } from "node:worker_threads";

import { expect } from "chai";

import {
  CHUNK_SIZE,
  ChunkPoster,
  LaneStream,
  type LaneChunk,
} from "../../../../src/runtime/parallel/lanes/lane-stream.js";
import type { WireOutcome } from "../../../../src/runtime/parallel/lanes/lane-task.js";

const outcome = (i: number): WireOutcome => ({ kind: "invalid", message: `tx ${i}` });

function channel(): { poster: ChunkPoster; stream: LaneStream; chunks: LaneChunk[] } {
  const { port1, port2 } = new MessageChannel();
  const chunks: LaneChunk[] = [];
  const stream = new LaneStream(port1, (chunk) => chunks.push(chunk));
  return { poster: new ChunkPoster(port2, stream.posted), stream, chunks };
}

describe("a worker lane's outcomes streamed in chunks", () => {
  it("posts every full chunk in lane order and leaves the rest for the answer", () => {
    const { poster, stream, chunks } = channel();
    const n = 2 * CHUNK_SIZE + 5;
    for (let i = 0; i < n; i++) poster.add(outcome(i));
    expect(Atomics.load(stream.posted, 0)).to.equal(2);
    expect(stream.drain()).to.equal(2);
    expect(chunks.map((c) => [c.from, c.outcomes.length])).to.deep.equal([
      [0, CHUNK_SIZE],
      [CHUNK_SIZE, CHUNK_SIZE],
    ]);
    expect(chunks[1]?.outcomes[0]).to.deep.equal(outcome(CHUNK_SIZE));
    const rest = poster.rest();
    expect(rest.from).to.equal(2 * CHUNK_SIZE);
    expect(rest.outcomes).to.deep.equal([0, 1, 2, 3, 4].map((k) => outcome(2 * CHUNK_SIZE + k)));
    stream.close();
  });

  it("posts nothing without a port (the whole lane comes with the answer)", () => {
    const poster = new ChunkPoster(undefined, undefined);
    for (let i = 0; i < CHUNK_SIZE + 1; i++) poster.add(outcome(i));
    const rest = poster.rest();
    expect([rest.from, rest.outcomes.length]).to.deep.equal([0, CHUNK_SIZE + 1]);
  });

  it("wakes a waiting main thread when a chunk arrives, and when the lane ends", async () => {
    const { poster, stream, chunks } = channel();
    const never = new Promise<void>(() => undefined);
    setTimeout(() => {
      for (let i = 0; i < CHUNK_SIZE; i++) poster.add(outcome(i));
    }, 5);
    while (chunks.length === 0) await stream.next(never);
    expect(chunks).to.have.length(1);
    await stream.next(Promise.resolve());
    expect(chunks).to.have.length(1);
    stream.close();
  });

  it("drops what arrives after it was closed (a lane given up)", () => {
    const { poster, stream, chunks } = channel();
    stream.close();
    for (let i = 0; i < CHUNK_SIZE; i++) poster.add(outcome(i));
    expect(stream.drain()).to.equal(0);
    expect(chunks).to.deep.equal([]);
  });
});
