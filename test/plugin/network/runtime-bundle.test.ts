import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { expect } from "chai";

import * as fromSources from "../../../src/runtime/network/parallel-network.js";
import { REPO_ROOT } from "../../helpers/fixtures.js";

type NetworkModule = typeof fromSources;

const BUNDLE = path.join(REPO_ROOT, "dist/bundle/parallel-network.js");

/** Code that reverts unless more than 50,000 gas is left: its estimate depends on the GAS opcode being watched. */
const GAS_GATED = "0x5a6200c3501160" + "0a" + "57005b600080fd";
const TARGET = "0x00000000000000000000000000000000000c0de1";

async function estimate(module: NetworkModule): Promise<bigint> {
  const network = await module.createParallelNetwork({ runtime: { strategy: "sequential", workers: 1 } });
  try {
    const ask = async (method: string, params: unknown[]) => {
      const answer = await network.provider.handle({ jsonrpc: "2.0", id: 1, method, params });
      if ("error" in answer) throw new Error(JSON.stringify(answer.error));
      return answer.result;
    };
    const [from] = (await ask("eth_accounts", [])) as string[];
    await ask("hardhat_setCode", [TARGET, GAS_GATED]);
    return BigInt((await ask("eth_estimateGas", [{ from, to: TARGET }])) as string);
  } finally {
    await network.close();
  }
}

/** Opcodes the module's interpreter ran on its synchronous path while running a small contract once. */
async function syncSteps(module: NetworkModule): Promise<number> {
  const network = await module.createParallelNetwork({ runtime: { strategy: "sequential", workers: 1 } });
  try {
    const ask = async (method: string, params: unknown[]) => {
      const answer = await network.provider.handle({ jsonrpc: "2.0", id: 1, method, params });
      if ("error" in answer) throw new Error(JSON.stringify(answer.error));
      return answer.result;
    };
    const [from] = (await ask("eth_accounts", [])) as string[];
    // MSTORE(0, 42); KECCAK256(0, 32); RETURN(0, 32)
    await ask("hardhat_setCode", [TARGET, "0x602a60005260206000206000526020" + "6000f3"]);
    module.interpreterStepCounts();
    await ask("eth_sendTransaction", [{ from, to: TARGET, gas: "0x20000" }]);
    return module.interpreterStepCounts().sync;
  } finally {
    await network.close();
  }
}

describe("plugin/network: the single-file runtime build (dist/bundle)", function () {
  this.timeout(120_000);

  before(function () {
    if (!existsSync(BUNDLE)) this.skip(); // only after `npm run build` (the full run builds first)
  });

  it("patches its own copy of the interpreter, not a second one loaded beside it", () => {
    const text = readFileSync(BUNDLE, "utf8");
    expect(text).to.not.include('import.meta.resolve("@ethereumjs/evm")');
    expect(text).to.include("getValidJumpDestinations");
  });

  it("runs opcodes without a promise each, in the modules and in the bundle's own interpreter copy", async () => {
    const bundled = (await import(pathToFileURL(BUNDLE).href)) as NetworkModule;
    expect(await syncSteps(fromSources)).to.equal(11);
    expect(await syncSteps(bundled)).to.equal(11);
  });

  it("estimates gas as the modules do, also for code that reads the gas left (GAS)", async () => {
    const bundled = (await import(pathToFileURL(BUNDLE).href)) as NetworkModule;
    const [a, b] = [await estimate(fromSources), await estimate(bundled)];
    expect(a > 71_000n, `estimate ${a}`).to.equal(true);
    expect(b).to.equal(a);
  });

  it("is loaded with Node's compile cache on: the next run reuses the compiled bundle", function () {
    const folder = mkdtempSync(path.join(tmpdir(), "compile-cache-"));
    try {
      const loader = pathToFileURL(path.join(REPO_ROOT, "dist/src/plugin/network/runtime-loader.js")).href;
      const script = `const { loadNetworkModule } = await import(${JSON.stringify(loader)}); await loadNetworkModule();`;
      // Node's default cache folder is under the temporary folder; NODE_COMPILE_CACHE would turn it on itself.
      const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: folder };
      delete env.NODE_COMPILE_CACHE;
      delete env.NODE_DISABLE_COMPILE_CACHE;
      delete env.NODE_OPTIONS; // no transpiler hooks: the built plugin, as a project loads it
      const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env, encoding: "utf8" });
      expect(run.status, run.stderr).to.equal(0);
      const cached = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      expect(cached.length, "files in the compile cache").to.be.greaterThan(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
