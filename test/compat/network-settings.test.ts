import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import { expect } from "chai";
import type { HardhatUserConfig } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import hardhatParallel from "../../src/index.js";
import { createFixtureHre, errorOf } from "../helpers/fixtures.js";

import { outcomeOf } from "./helpers/compat-pair.js";

const KEY_A = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const KEY_B = "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a";
/** Init code deploying 30,000 zero bytes (above EIP-170's 24,576). */
const BIG_DEPLOY = "0x617530600060003961753060" + "00f3";
/** Explicit gas and fees (Hardhat fills missing ones for its own network with its request handlers). */
const FEES = { gas: "0x1000000", maxFeePerGas: "0x3b9aca00", maxPriorityFeePerGas: "0x1" };

async function hreWith(networks: HardhatUserConfig["networks"], parallel = {}): Promise<HardhatRuntimeEnvironment> {
  return createFixtureHre("compat-project", {
    plugins: [hardhatEthers, hardhatParallel],
    solidity: "0.8.28",
    networks,
    parallel,
  });
}

/** Runs the same requests on the default network (EDR) and the parallel network of `hre`; returns both answers. */
async function both(hre: HardhatRuntimeEnvironment, requests: Array<[string, unknown[]]>): Promise<unknown[][]> {
  const out: unknown[][] = [[], []];
  for (const [i, name] of ["default", "parallel"].entries()) {
    const connection = await hre.network.create(name);
    for (const [method, params] of requests) out[i]?.push(await outcomeOf(connection, method, structuredClone(params)));
    await connection.close();
  }
  return out;
}

describe("compat: the project's network settings (taken from its `default` network)", () => {
  it("chain id, accounts from private keys, block gas limit, coinbase, base fee, unlimited contract size", async () => {
    const hre = await hreWith({
      default: {
        type: "edr-simulated",
        chainId: 4242,
        accounts: [
          { privateKey: KEY_A, balance: "123000000000000000000" },
          { privateKey: KEY_B, balance: "7" },
        ],
        blockGasLimit: 40_000_000n,
        coinbase: "0x00000000000000000000000000000000000c0ffe",
        initialBaseFeePerGas: 7n,
        allowUnlimitedContractSize: true,
      },
    });
    const [edr, parallel] = await both(hre, [
      ["eth_chainId", []],
      ["net_version", []],
      ["eth_accounts", []],
      ["eth_getBalance", ["0x70997970c51812dc3a010c7d01b50e0d17dc79c8", "latest"]],
      ["eth_getBalance", ["0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc", "latest"]],
      ["eth_sendTransaction", [{ from: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8", data: BIG_DEPLOY, ...FEES }]],
      ["eth_getCode", ["0x8464135c8f25da09e49bc8782676a84730c318bc", "latest"]],
      ["eth_getBlockByNumber", ["0x0", false]],
    ]);
    const fields = (o: unknown): unknown => {
      const r = (o as { ok: boolean; result: unknown }).result as Record<string, unknown> | string;
      return typeof r === "object" && r !== null ? { gasLimit: r.gasLimit, baseFeePerGas: r.baseFeePerGas } : r;
    };
    expect(parallel?.slice(0, 7)).to.deep.equal(edr?.slice(0, 7));
    expect(fields(parallel?.[7])).to.deep.equal(fields(edr?.[7]));
    expect((edr?.[0] as { result: string }).result).to.equal("0x1092");
    expect(((edr?.[6] as { result: string }).result.length - 2) / 2).to.equal(30_000);
  });

  it("a mnemonic with count, balance; automine off; failed transactions answer their hash", async () => {
    const hre = await hreWith({
      default: {
        type: "edr-simulated",
        accounts: {
          mnemonic: "test test test test test test test test test test test junk",
          count: 3,
          accountsBalance: "5000000000000000000",
        },
        mining: { auto: false },
        throwOnTransactionFailures: false,
        throwOnCallFailures: false,
      },
    });
    const revert = "0x60006000fd"; // init code that reverts
    const [edr, parallel] = await both(hre, [
      ["eth_accounts", []],
      ["eth_getBalance", ["0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc", "latest"]],
      ["hardhat_getAutomine", []],
      ["eth_call", [{ data: revert }]],
      ["evm_setAutomine", [true]],
      ["eth_sendTransaction", [{ from: "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc", data: revert, ...FEES }]],
    ]);
    expect(parallel?.slice(0, 5)).to.deep.equal(edr?.slice(0, 5));
    expect((parallel?.[5] as { ok: boolean }).ok).to.equal((edr?.[5] as { ok: boolean }).ok);
    expect((edr?.[0] as { result: unknown[] }).result).to.have.length(3);
  });

  it("the network's from, gasMultiplier and gasPrice fill requests as Hardhat fills them", async () => {
    const hre = await hreWith({
      default: {
        type: "edr-simulated",
        from: "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
        gasMultiplier: 2,
        gasPrice: 3_000_000_000n,
      },
    });
    const call = { to: "0x00000000000000000000000000000000000000d1", data: "0x01" };
    const [edr, parallel] = await both(hre, [
      ["hardhat_setCode", [call.to, "0x3360005260206000f3"]],
      ["eth_call", [call]],
      ["eth_sendTransaction", [call]],
    ]);
    expect(parallel).to.deep.equal(edr);
    expect((edr?.[2] as { ok: boolean }).ok).to.equal(true);
  });

  it("parallel.settingsFrom names another simulated network; a bad name is a clear config error", async () => {
    const hre = await hreWith({ tuned: { type: "edr-simulated", chainId: 777 } }, { settingsFrom: "tuned" });
    const connection = await hre.network.create("parallel");
    expect(await connection.provider.request({ method: "eth_chainId" })).to.equal("0x309");
    await connection.close();
    const error = await errorOf(() => hreWith({}, { settingsFrom: "nowhere" }));
    expect(error.message).to.match(/parallel\.settingsFrom names networks\.nowhere, which is not defined/);
  });

  it("hardhat-ethers can sign EIP-7702 authorizations on the parallel network (no HHE20014)", async () => {
    const hre = await hreWith({});
    const connection = await hre.network.create("parallel");
    const [signer] = await connection.ethers.getSigners();
    if (signer === undefined) throw new Error("no signer");
    const auth = await signer.authorize({ address: "0x00000000000000000000000000000000000000e1" });
    expect(auth.signature.r).to.match(/^0x[0-9a-f]{64}$/);
    expect(auth.chainId).to.equal(31337n);
    await connection.close();
  });
});
