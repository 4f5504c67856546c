import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { REPO_ROOT } from "../helpers/fixtures.js";

import { describeReplay } from "./replay/describe-replay.js";
import { readRecording, type RecordedStream } from "./replay/recording.js";
import { replaySuite, suiteRuntime } from "./replay/replay-suite.js";
import { replayStream } from "./replay/replay-stream.js";
import { SUITES, summarise } from "./replay/suites.js";

// The CI slice of the real-suite differential harness (the full run: `scripts/replay-suites.ts`): two suites
// written for it are run through the Hardhat CLI with the request recorder, and every request they sent is
// replayed on fresh EDR and parallel connections and compared answer by answer.
describe("compat: real suites' recorded request streams replay identically on EDR and the parallel network", () => {
  before(function () {
    if (!existsSync(path.join(REPO_ROOT, "dist/src/index.js"))) {
      throw new Error("These fixtures load the built plugin: run `npm run build` first.");
    }
  });

  for (const name of ["real-token-suite", "real-viem-actions-suite"]) {
    it(`${name}: every request of every connection answers the same on both`, async function () {
      this.timeout(120_000);
      const suite = SUITES.find((s) => s.name === name);
      if (suite === undefined) throw new Error(`no suite ${name}`);
      const replay = await replaySuite(suite);
      const total = summarise([replay]);
      expect(total.divergences, describeReplay(replay)).to.equal(0);
      expect(total.requests).to.be.greaterThan(150);
      expect(total.methods.length).to.be.greaterThan(30);
    });
  }

  it("the recording keeps the test code's requests in order and leaves out those Hardhat's handlers nest", () => {
    const folder = mkdtempSync(path.join(tmpdir(), "replay-recording-"));
    try {
      const file = path.join(folder, "requests.jsonl");
      const lines = [
        { kind: "connection", connection: "1-1", network: "default", openedAt: 0 },
        {
          kind: "request",
          connection: "1-1",
          seq: 3,
          method: "eth_blockNumber",
          params: [],
          answer: { result: "0x1" },
          nested: false,
        },
        {
          kind: "request",
          connection: "1-1",
          seq: 2,
          method: "eth_feeHistory",
          params: [],
          answer: { result: {} },
          nested: true,
        },
        {
          kind: "request",
          connection: "1-1",
          seq: 1,
          method: "eth_sendTransaction",
          params: [{}],
          answer: { result: "0x" },
          nested: false,
        },
        { kind: "connection", connection: "1-2", network: "default", openedAt: 0 },
      ];
      writeFileSync(file, lines.map((l) => JSON.stringify(l)).join("\n"));
      const streams = readRecording(file);
      expect(streams.map((s) => s.requests.map((r) => r.method))).to.deep.equal([
        ["eth_sendTransaction", "eth_blockNumber"],
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("recorded snapshot ids and block hashes are mapped to each network's own", async function () {
    this.timeout(60_000);
    const suite = SUITES.find((s) => s.name === "real-token-suite");
    if (suite === undefined) throw new Error("no suite real-token-suite");
    const hre = await suiteRuntime(suite);
    const recordedHash = `0x${"ab".repeat(32)}`;
    // As recorded on some earlier run: other snapshot ids and block hashes than a fresh replay gets.
    const stream: RecordedStream = {
      connection: { kind: "connection", connection: "t-1", network: "default", openedAt: Date.now() },
      requests: [
        { seq: 1, method: "evm_mine", params: [], answer: { result: "0x0" }, nested: false },
        {
          seq: 2,
          method: "eth_getBlockByNumber",
          params: ["0x1", false],
          answer: { result: { number: "0x1", hash: recordedHash, parentHash: `0x${"cd".repeat(32)}` } },
          nested: false,
        },
        { seq: 3, method: "evm_snapshot", params: [], answer: { result: "0x77" }, nested: false },
        { seq: 4, method: "evm_mine", params: [], answer: { result: "0x0" }, nested: false },
        { seq: 5, method: "evm_revert", params: ["0x77"], answer: { result: true }, nested: false },
        { seq: 6, method: "eth_blockNumber", params: [], answer: { result: "0x1" }, nested: false },
        {
          seq: 7,
          method: "eth_getBlockTransactionCountByHash",
          params: [recordedHash],
          answer: { result: "0x0" },
          nested: false,
        },
      ],
    };
    const answers: unknown[] = [];
    const replay = await replayStream(hre, stream, 20, (_step, edr, parallel) => answers.push([edr, parallel]));
    // Unmapped, the revert would answer false and the count null on both networks: equal, but not as recorded.
    const ok = (result: unknown) => [
      { ok: true, result },
      { ok: true, result },
    ];
    expect(answers[4]).to.deep.equal(ok(true));
    expect(answers[6]).to.deep.equal(ok("0x0"));
    expect(replay.divergences).to.deep.equal([]);
  });
});
