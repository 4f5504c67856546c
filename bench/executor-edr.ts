/**
 * Hardhat's own network (EDR) mining the benchmark's ERC20 block, in the same run and interleaved with our
 * executors: 1,000 funded senders (impersonated, balances and token balances set directly), automine off,
 * 1,000 `eth_sendTransaction`s of a token transfer to distinct recipients, then `evm_mine` timed — execution
 * and state root included.
 *
 * Every send gives its gas, fees and nonce: without them EDR prices each new transaction against the pending
 * block, which it rebuilds from the whole pool, and 1,000 sends took minutes (quadratic); with them they take
 * well under a second.
 */
import { AbiCoder, Interface, keccak256 } from "ethers";
import { createHardhatRuntimeEnvironment } from "hardhat/hre";

import { fixturePath } from "../test/helpers/fixtures.js";
import { compileFuzzContracts } from "../test/runtime/parallel/helpers/compile-contracts.js";

type Request = (method: string, params?: unknown[]) => Promise<unknown>;

/** EDR ready to mine the block again and again from the same state. */
export interface EdrBlockMiner {
  /**
   * Queues the block's transactions, times `evm_mine` (wall ms, and the process's CPU ms: EDR mines on its own
   * native thread), checks the block, and reverts to before it.
   */
  mineOnce(): Promise<{ ms: number; cpuMs: number }>;
  close(): Promise<void>;
}

async function deployToken(request: Request, deployer: string, bytecode: string): Promise<string> {
  const hash = await request("eth_sendTransaction", [{ from: deployer, data: bytecode, gas: "0x4c4b40" }]);
  const receipt = (await request("eth_getTransactionReceipt", [hash])) as { contractAddress: string };
  return receipt.contractAddress;
}

async function fundSenders(request: Request, token: string, n: number): Promise<string[]> {
  const senders = Array.from({ length: n }, (_, i) => `0x${(0xabc00000 + i).toString(16).padStart(40, "0")}`);
  const coder = AbiCoder.defaultAbiCoder();
  for (const s of senders) {
    await request("hardhat_impersonateAccount", [s]);
    await request("hardhat_setBalance", [s, "0x56bc75e2d63100000"]);
    const slot = keccak256(coder.encode(["address", "uint256"], [s, 0]));
    await request("hardhat_setStorageAt", [token, slot, `0x${(10n ** 21n).toString(16).padStart(64, "0")}`]);
  }
  return senders;
}

/** Prepares EDR with the token and `n` funded senders. */
export async function prepareEdr(n: number): Promise<EdrBlockMiner> {
  const hre = await createHardhatRuntimeEnvironment({}, {}, fixturePath("basic-project"));
  const connection = await hre.network.create();
  const request: Request = (method, params = []) => connection.provider.request({ method, params });
  const [deployer = ""] = (await request("eth_accounts")) as string[];
  const token = await deployToken(request, deployer, compileFuzzContracts().Token?.bytecode ?? "0x");
  const senders = await fundSenders(request, token, n);
  const iface = new Interface(compileFuzzContracts().Token?.abi as string[]);
  const calls = senders.map((_, i) =>
    iface.encodeFunctionData("transfer", [`0x${(0xbeef0000 + i).toString(16).padStart(40, "0")}`, 1n]),
  );
  const fees = { maxFeePerGas: "0x2540be400", maxPriorityFeePerGas: "0x0", nonce: "0x0", gas: "0x13880" };
  return {
    async mineOnce() {
      const snapshot = await request("evm_snapshot");
      await request("evm_setAutomine", [false]);
      for (let i = 0; i < n; i++)
        await request("eth_sendTransaction", [{ from: senders[i], to: token, data: calls[i], ...fees }]);
      const started = performance.now();
      const cpu = process.cpuUsage();
      await request("evm_mine");
      const used = process.cpuUsage(cpu);
      const ms = performance.now() - started;
      const block = (await request("eth_getBlockByNumber", ["latest", false])) as { transactions: unknown[] };
      if (block.transactions.length !== n) throw new Error(`EDR mined ${block.transactions.length} of ${n}`);
      await request("evm_setAutomine", [true]);
      await request("evm_revert", [snapshot]);
      return { ms, cpuMs: (used.user + used.system) / 1000 };
    },
    close: () => connection.close(),
  };
}
