import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import { expect } from "chai";
import type { HardhatPlugin } from "hardhat/types/plugins";

import hardhatParallel from "../../src/index.js";
import { createFixtureHre } from "../helpers/fixtures.js";

const ORDERS: Array<[string, HardhatPlugin[]]> = [
  ["hardhat-ethers first", [hardhatEthers, hardhatParallel]],
  ["hardhat-parallel first", [hardhatParallel, hardhatEthers]],
];

describe("the parallel network", () => {
  for (const [label, plugins] of ORDERS) {
    it(`serves hardhat-ethers deployments and calls (${label})`, async () => {
      const hre = await createFixtureHre("basic-project", { plugins, solidity: "0.8.28" });
      await hre.tasks.getTask("build").run({ quiet: true });
      const connection = await hre.network.create("parallel");
      try {
        // The entry's URL is a placeholder that is never dialled: an answer proves onRequest served it. The
        // connection shows other plugins the simulated settings network's config (network-entry.ts).
        expect(hre.config.networks.parallel?.type).to.equal("http");
        expect(connection.networkConfig.type).to.equal("edr-simulated");
        const { ethers } = connection;
        const counter = await ethers.deployContract("Counter");
        const second = (await ethers.getSigners())[1];
        if (second === undefined) throw new Error("expected a second account");
        await (await counter.getFunction("increment")()).wait();
        const asSecond = counter.connect(second);
        await (await asSecond.getFunction("increment")()).wait();
        expect(await counter.getFunction("total")()).to.equal(2n);
        await expect(counter.getFunction("fail")()).to.be.rejectedWith(/Counter: always fails/);
      } finally {
        await connection.close();
      }
    });
  }

  it("gives every connection its own chain", async () => {
    const hre = await createFixtureHre("basic-project", { plugins: [hardhatParallel], solidity: "0.8.28" });
    const a = await hre.network.create("parallel");
    const b = await hre.network.create("parallel");
    try {
      await a.provider.request({ method: "evm_mine", params: [] });
      await a.provider.request({ method: "evm_mine", params: [] });
      expect(await a.provider.request({ method: "eth_blockNumber" })).to.equal("0x2");
      expect(await b.provider.request({ method: "eth_blockNumber" })).to.equal("0x0");
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("answers an unknown method with a JSON-RPC error and keeps serving", async () => {
    const hre = await createFixtureHre("basic-project", { plugins: [hardhatParallel], solidity: "0.8.28" });
    const connection = await hre.network.create("parallel");
    try {
      await expect(connection.provider.request({ method: "eth_noSuchMethod", params: [] })).to.be.rejected;
      expect(await connection.provider.request({ method: "eth_chainId" })).to.equal("0x7a69");
    } finally {
      await connection.close();
    }
  });

  it("serves the default network too with replaceDefault", async () => {
    const hre = await createFixtureHre("basic-project", {
      plugins: [hardhatParallel],
      solidity: "0.8.28",
      parallel: { replaceDefault: true },
    });
    const connection = await hre.network.create();
    try {
      expect(connection.networkName).to.equal("default");
      expect(await connection.provider.request({ method: "web3_clientVersion" })).to.match(/^HardhatParallel\//);
    } finally {
      await connection.close();
    }
  });

  it("leaves other networks alone", async () => {
    const hre = await createFixtureHre("basic-project", { plugins: [hardhatParallel], solidity: "0.8.28" });
    const connection = await hre.network.create("default");
    try {
      expect(connection.networkConfig.type).to.equal("edr-simulated");
      expect(await connection.provider.request({ method: "eth_chainId" })).to.equal("0x7a69");
    } finally {
      await connection.close();
    }
  });

  it("registers the parallel-report task", async () => {
    const hre = await createFixtureHre("basic-project", { plugins: [hardhatParallel], solidity: "0.8.28" });
    expect(hre.tasks.getTask("parallel-report").description).to.match(/workloads/);
  });
});
