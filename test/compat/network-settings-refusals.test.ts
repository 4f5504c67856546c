import { expect } from "chai";
import type { HardhatUserConfig } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import hardhatParallel from "../../src/index.js";
import { createFixtureHre, errorOf } from "../helpers/fixtures.js";

/**
 * Settings of the project's network the parallel network does not simulate are refused with an error naming
 * the setting and the fix — never run as something else. Each case first shows that Hardhat's network (EDR)
 * runs it otherwise than plain L1 post-merge, so that running it as such would answer differently.
 */
async function hreWith(config: Partial<HardhatUserConfig>): Promise<HardhatRuntimeEnvironment> {
  return createFixtureHre("compat-project", { plugins: [hardhatParallel], solidity: "0.8.28", ...config });
}

async function parallelError(hre: HardhatRuntimeEnvironment, chainType?: "op"): Promise<Error> {
  return errorOf(async () => {
    const connection = await hre.network.create({ network: "parallel", ...(chainType ? { chainType } : {}) });
    try {
      await connection.provider.request({ method: "eth_chainId" });
    } finally {
      await connection.close();
    }
  });
}

async function edrGenesisExtraData(hre: HardhatRuntimeEnvironment, chainType?: "op"): Promise<unknown> {
  const connection = await hre.network.create({ network: "default", ...(chainType ? { chainType } : {}) });
  const genesis = (await connection.provider.request({ method: "eth_getBlockByNumber", params: ["0x0", false] })) as {
    extraData: unknown;
  };
  await connection.close();
  return genesis.extraData;
}

describe("compat: network settings the parallel network refuses, naming the setting and the fix", () => {
  it('chainType "op" on the settings network (EDR runs an OP chain: its genesis carries OP extra data)', async () => {
    const hre = await hreWith({ networks: { default: { type: "edr-simulated", chainType: "op" } } });
    expect(await edrGenesisExtraData(hre)).to.not.equal("0x1234");
    const error = await parallelError(hre);
    expect(error.message).to.match(/networks\.default simulates an OP Stack chain \(chainType "op"\)/);
    expect(error.message).to.match(/Use chainType "l1"/);
  });

  it('chainType "op" is refused even when parallel.hardfork is set (no silent L1)', async () => {
    const hre = await hreWith({
      networks: { default: { type: "edr-simulated", chainType: "op" } },
      parallel: { hardfork: "prague" },
    });
    expect((await parallelError(hre)).message).to.match(/simulates an OP Stack chain/);
  });

  it('defaultChainType "op" with a settings network that names no chain type', async () => {
    // Hardhat's types only take "op" here with its OP type extensions loaded; its validation takes it.
    const config = { defaultChainType: "op", networks: { default: { type: "edr-simulated" } } };
    const hre = await hreWith(config as Partial<HardhatUserConfig>);
    expect((await parallelError(hre)).message).to.match(/networks\.default simulates an OP Stack chain/);
  });

  it('a connection asked for as an OP chain: network.create({ chainType: "op" })', async () => {
    const hre = await hreWith({});
    expect(await edrGenesisExtraData(hre, "op")).to.not.equal("0x1234");
    expect((await parallelError(hre, "op")).message).to.match(/OP Stack chain/);
  });

  it("a hardfork before london (EDR: no base fee, legacy transaction defaults, no eth_feeHistory)", async () => {
    const hre = await hreWith({ networks: { default: { type: "edr-simulated", hardfork: "berlin" } } });
    const edr = await hre.network.create("default");
    const block = (await edr.provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
      baseFeePerGas?: string;
    };
    await edr.close();
    expect(block.baseFeePerGas).to.equal(undefined);
    const error = await parallelError(hre);
    expect(error.message).to.match(/cannot run hardfork "berlin" \(from networks\.default\.hardfork\)/);
    expect(error.message).to.match(/Set parallel\.hardfork/);
  });
});
