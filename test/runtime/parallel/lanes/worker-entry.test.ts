import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

import { expect } from "chai";

import { ParallelExecution } from "../../../../src/runtime/parallel/parallel-execution.js";
import { ParallelProvider } from "../../../../src/runtime/rpc/parallel-provider.js";
import { workerEntry } from "../../../../src/runtime/parallel/lanes/lane-pool.js";
import { REPO_ROOT } from "../../../helpers/fixtures.js";

/** Mines a 40-transfer block through a provider whose executor runs Block-STM with one worker thread. */
const SCRIPT = (modules: string) => `
const { ParallelExecution } = await import("${modules}/runtime/parallel/parallel-execution.js");
const { ParallelProvider } = await import("${modules}/runtime/rpc/parallel-provider.js");
const execution = new ParallelExecution({ strategy: "block-stm", workers: 2, policy: { minTransactions: 4, denseConflictRatio: 2, minSequentialMs: 0, minMsPerTx: 0 } });
const provider = await ParallelProvider.create({ chainOptions: { chooseExecutor: execution.chooseExecutor } });
const accounts = await provider.request({ method: "eth_accounts" });
await provider.request({ method: "eth_sendTransaction", params: [{ from: accounts[0], to: accounts[1], value: "0x1" }] });
await provider.request({ method: "evm_setAutomine", params: [false] });
for (let i = 0; i < 40; i++) {
  const to = "0x" + (0xabc000 + i).toString(16).padStart(40, "0");
  await provider.request({ method: "eth_sendTransaction", params: [{ from: accounts[i % 20], to, value: "0x5" }] });
}
await provider.request({ method: "evm_mine", params: [] });
const stats = await provider.request({ method: "parallel_getBlockStatistics", params: ["latest"] });
await provider.close();
await execution.close();
console.log(JSON.stringify({ strategy: stats.strategy, faults: stats.faults, once: stats.executionsPerTx.filter((n) => n === 1).length }));
`;

describe("the worker entry", function () {
  this.timeout(120_000);

  it("is the TypeScript source under tsx, with tsx's loader for the worker thread", () => {
    const entry = workerEntry();
    expect(entry.filename).to.match(/worker-entry\.ts$/);
    expect(entry.execArgv.join(" ")).to.match(/tsx/);
  });

  it("runs worker lanes from the built dist/ with plain node (no tsx)", async function () {
    const dist = path.join(REPO_ROOT, "dist", "src");
    if (!existsSync(path.join(dist, "runtime", "parallel", "lanes", "worker-entry.js"))) this.skip();
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", SCRIPT(dist)], {
      cwd: REPO_ROOT,
    });
    const result = JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as {
      strategy: string;
      faults: unknown[];
      once: number;
    };
    expect(result.strategy).to.equal("block-stm");
    expect(result.faults).to.deep.equal([]);
    expect(result.once).to.be.greaterThan(10);
  });

  it("runs the same block from the sources under tsx", async () => {
    const execution = new ParallelExecution({
      strategy: "block-stm",
      workers: 2,
      policy: { minTransactions: 4, denseConflictRatio: 2, minSequentialMs: 0, minMsPerTx: 0 },
    });
    const provider = await ParallelProvider.create({ chainOptions: { chooseExecutor: execution.chooseExecutor } });
    try {
      const accounts = (await provider.request({ method: "eth_accounts" })) as string[];
      await provider.request({
        method: "eth_sendTransaction",
        params: [{ from: accounts[0], to: accounts[1], value: "0x1" }],
      });
      await provider.request({ method: "evm_setAutomine", params: [false] });
      for (let i = 0; i < 40; i++) {
        const to = `0x${(0xabc000 + i).toString(16).padStart(40, "0")}`;
        await provider.request({
          method: "eth_sendTransaction",
          params: [{ from: accounts[i % 20], to, value: "0x5" }],
        });
      }
      await provider.request({ method: "evm_mine", params: [] });
      const stats = (await provider.request({ method: "parallel_getBlockStatistics", params: ["latest"] })) as {
        strategy: string;
        executionsPerTx: number[];
      };
      expect(stats.strategy).to.equal("block-stm");
      expect(stats.executionsPerTx.filter((n) => n === 1).length).to.be.greaterThan(10);
    } finally {
      await provider.close();
      await execution.close();
    }
  });
});
