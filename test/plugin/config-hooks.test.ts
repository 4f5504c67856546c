import path from "node:path";

import { expect } from "chai";

import hardhatParallel from "../../src/index.js";
import { PARALLEL_NETWORK_URL } from "../../src/plugin/network/network-entry.js";
import { createFixtureHre, errorOf, fixturePath } from "../helpers/fixtures.js";

describe("config hooks", () => {
  it("resolves the parallel section with defaults", async () => {
    const hre = await createFixtureHre("basic-project", { plugins: [hardhatParallel], solidity: "0.8.28" });
    expect(hre.config.parallel.networkName).to.equal("parallel");
    expect(hre.config.parallel.baseline).to.equal(path.join(fixturePath("basic-project"), "parallel-baseline.json"));
  });

  it("registers the parallel network under the configured name", async () => {
    const hre = await createFixtureHre("basic-project", {
      plugins: [hardhatParallel],
      solidity: "0.8.28",
      parallel: { networkName: "stm" },
    });
    const network = hre.config.networks.stm;
    expect(network?.type).to.equal("http");
    expect(hre.config.networks.parallel).to.equal(undefined);
    expect(hre.config.networks.default?.type).to.equal("edr-simulated");
  });

  it("replaces the default network when asked", async () => {
    const hre = await createFixtureHre("basic-project", {
      plugins: [hardhatParallel],
      solidity: "0.8.28",
      parallel: { replaceDefault: true },
    });
    expect(hre.config.networks.default?.type).to.equal("http");
  });

  it("rejects an invalid parallel section with every problem named", async () => {
    const error = await errorOf(() =>
      createFixtureHre("basic-project", {
        plugins: [hardhatParallel],
        solidity: "0.8.28",
        parallel: { workers: 0, strategy: "fast" as "sharded" },
      }),
    );
    expect(error.message).to.include("parallel.workers must be a positive integer, got 0");
    expect(error.message).to.include(
      'parallel.strategy must be one of "block-stm", "sharded", "sequential", got "fast"',
    );
  });

  it("refuses a user network that takes the plugin's network name", async () => {
    const error = await errorOf(() =>
      createFixtureHre("basic-project", {
        plugins: [hardhatParallel],
        solidity: "0.8.28",
        networks: { parallel: { type: "http", url: "http://localhost:8545" } },
      }),
    );
    expect(error.message).to.include("networks.parallel is already defined");
    expect(PARALLEL_NETWORK_URL).to.match(/^http:/);
  });

  it("refuses a project that is not ESM", async () => {
    const error = await errorOf(() => createFixtureHre("non-esm-project", { plugins: [hardhatParallel] }));
    expect(error.message).to.include('has no `"type": "module"`');
  });
});
