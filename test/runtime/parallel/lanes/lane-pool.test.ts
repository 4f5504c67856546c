import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { expect } from "chai";

import { LanePool } from "../../../../src/runtime/parallel/lanes/lane-pool.js";
import { WARM_UP_ENV, type LaneTask } from "../../../../src/runtime/parallel/lanes/lane-task.js";
import { StateSync } from "../../../../src/runtime/parallel/lanes/state-sync.js";
import { toWireTxs } from "../../../../src/runtime/parallel/lanes/wire-tx.js";
import { FlatState } from "../../../../src/runtime/state/flat-state.js";

/** Polls `ready` every 5 ms (no deadline of its own: mocha's timeout is the bound). */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** An empty lane task over a replica of an empty state, as LaneEngine.prepare sends it. */
function emptyTask(pool: LanePool): LaneTask {
  const sync = new StateSync();
  sync.attach(new FlatState());
  return {
    chainId: 31337n,
    hardfork: "prague",
    unlimitedContractSize: false,
    sync: sync.withSnapshot(sync.cut(pool.threadIds())),
    env: WARM_UP_ENV,
    txs: toWireTxs([]),
    lazyCoinbase: undefined,
    fault: undefined,
  };
}

describe("LanePool", function () {
  this.timeout(120_000);

  it("fails a task at once when its worker thread cannot start, instead of queueing it for 10 × its deadline", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lane-pool-"));
    const filename = join(dir, "broken-entry.mjs");
    writeFileSync(filename, 'throw new Error("injected: the worker module does not load");\n');
    const pool = new LanePool(1, { filename: pathToFileURL(filename).href, execArgv: [] });
    try {
      // The first thread counts as ready from the start; its replacement then fails before it is ready, after
      // which piscina replaces no thread: the task below is queued with no thread to run it.
      await until(() => pool.threads.length === 0);
      const run = await pool.run(emptyTask(pool), 60_000);
      expect(run.kind).to.equal("fault");
      if (run.kind === "fault") {
        expect(run.fault.kind).to.equal("crash");
        expect(run.fault.message).to.match(/a worker thread failed to start: .*injected/);
      }
      expect(pool.bootFailures).to.be.greaterThan(0);
    } finally {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps its threads when none died", async () => {
    const pool = new LanePool(2);
    try {
      const runs = await Promise.all([pool.run(emptyTask(pool), 60_000), pool.run(emptyTask(pool), 60_000)]);
      expect(runs.map((r) => r.kind)).to.deep.equal(["reply", "reply"]);
      expect(pool.bootFailures).to.equal(0);
    } finally {
      await pool.close();
    }
  });
});
