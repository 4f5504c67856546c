import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import { expect } from "chai";
import { Wallet } from "ethers";

import hardhatParallel from "../../../src/index.js";
import { createFixtureHre } from "../../helpers/fixtures.js";

const KEYS = [`0x${"11".repeat(32)}`, `0x${"22".repeat(32)}`];
const TARGET = "0x00000000000000000000000000000000000000c0";

describe("plugin/network: the config a parallel connection shows other plugins", () => {
  it("is the settings network's simulated config (Ignition keeps no journal for it)", async () => {
    const hre = await createFixtureHre("basic-project", {
      plugins: [hardhatEthers, hardhatParallel],
      solidity: "0.8.28",
    });
    const connection = await hre.network.create("parallel");
    try {
      expect(connection.networkConfig.type).to.equal("edr-simulated");
      expect(connection.networkConfig).to.equal(hre.config.networks.default);
      // Requests are still answered by the parallel network.
      const version = await connection.provider.request({ method: "web3_clientVersion" });
      expect(String(version)).to.match(/^HardhatParallel\//);
      const signers = await connection.ethers.getSigners();
      expect(signers).to.have.length(20);
    } finally {
      await connection.close();
    }
  });

  it("replacing the default network, settings from a network with private keys: local signing (EIP-7702) works", async () => {
    const hre = await createFixtureHre("basic-project", {
      plugins: [hardhatEthers, hardhatParallel],
      solidity: "0.8.28",
      networks: {
        tuned: { type: "edr-simulated", accounts: KEYS.map((privateKey) => ({ privateKey, balance: "1" })) },
      },
      parallel: { replaceDefault: true, settingsFrom: "tuned" },
    });
    const connection = await hre.network.create();
    try {
      expect(connection.networkConfig).to.equal(hre.config.networks.tuned);
      const [first] = await connection.ethers.getSigners();
      if (first === undefined) throw new Error("no signer");
      expect(first.address).to.equal(new Wallet(KEYS[0] ?? "").address);
      const auth = await first.authorize({ address: TARGET, nonce: 0, chainId: 31337n });
      expect(auth.signature.r).to.match(/^0x[0-9a-f]{64}$/);
      expect(String(await connection.provider.request({ method: "web3_clientVersion" }))).to.match(
        /^HardhatParallel\//,
      );
    } finally {
      await connection.close();
    }
  });

  it("replacing the default network without a simulated settings network: a simulated view of the entry", async () => {
    const hre = await createFixtureHre("basic-project", {
      plugins: [hardhatEthers, hardhatParallel],
      solidity: "0.8.28",
      parallel: { replaceDefault: true },
    });
    const connection = await hre.network.create();
    try {
      expect(connection.networkConfig.type).to.equal("edr-simulated");
      const signers = await connection.ethers.getSigners();
      expect(signers[0]?.address).to.equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
      const auth = await signers[0]?.authorize({ address: TARGET, nonce: 0, chainId: 31337n });
      expect(auth?.signature.r).to.match(/^0x[0-9a-f]{64}$/);
    } finally {
      await connection.close();
    }
  });
});

describe("plugin/network: connection overrides on the served default network (replaceDefault)", () => {
  it("an override reaches the chain and the connection's simulated view", async () => {
    const hre = await createFixtureHre("basic-project", {
      plugins: [hardhatEthers, hardhatParallel],
      solidity: "0.8.28",
      parallel: { replaceDefault: true },
    });
    const connection = await hre.network.create({ override: { chainId: 4321, mining: { auto: false } } as never });
    try {
      expect(await connection.provider.request({ method: "eth_chainId" })).to.equal("0x10e1");
      expect(await connection.provider.request({ method: "hardhat_getAutomine" })).to.equal(false);
      expect(connection.networkConfig.type).to.equal("edr-simulated");
      expect((connection.networkConfig as { chainId?: number }).chainId).to.equal(4321);
    } finally {
      await connection.close();
    }
  });
});
