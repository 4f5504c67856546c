import { expect } from "chai";
import { Interface } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { ALICE, BOB, bytecodeOf, compatHre, outcomeOf } from "./helpers/compat-pair.js";

/** A fixed genesis time on both sides, so every block (timestamps set explicitly) is byte-for-byte comparable. */
const GENESIS = new Date("2026-01-01T00:00:00Z");
const T0 = Math.floor(GENESIS.getTime() / 1000);

interface Pair {
  readonly edr: NetworkConnection;
  readonly parallel: NetworkConnection;
}

async function openPair(extra: Record<string, unknown> = {}): Promise<Pair> {
  const hre = await compatHre();
  const override = { initialDate: GENESIS, ...extra };
  return {
    edr: await hre.network.create({ network: "default", override }),
    parallel: await hre.network.create({ network: "parallel", override }),
  };
}

async function both(pair: Pair, method: string, params: unknown[] = []): Promise<[unknown, unknown]> {
  const a = await outcomeOf(pair.edr, method, params);
  const b = await outcomeOf(pair.parallel, method, params);
  expect(JSON.parse(JSON.stringify(b)), `${method} on the parallel network`).to.deep.equal(
    JSON.parse(JSON.stringify(a)),
  );
  return [a, b];
}

async function sameBlocks(pair: Pair, from: number, to: number): Promise<void> {
  for (let n = from; n <= to; n++) await both(pair, "eth_getBlockByNumber", [`0x${n.toString(16)}`, false]);
}

const at = (seconds: number): string => `0x${(T0 + seconds).toString(16)}`;

describe("compat: blocks equal Hardhat's byte for byte (genesis, system contracts, header hashes, hardhat_mine)", () => {
  let pair: Pair;
  afterEach(async () => {
    await pair.edr.close();
    await pair.parallel.close();
  });

  it("genesis and mined blocks have EDR's hashes, state roots, mixHash/prevrandao and beacon roots", async () => {
    pair = await openPair();
    await sameBlocks(pair, 0, 0);
    const deployed = await outcomeOf(pair.parallel, "eth_getCode", ["0x000f3df6d732807ef1319fb7b8bb8522d0beac02"]);
    expect(deployed.ok && String(deployed.result).length).to.be.greaterThan(100);
    for (let i = 1; i <= 3; i++) {
      await both(pair, "evm_setNextBlockTimestamp", [at(10 * i)]);
      await both(pair, "eth_sendTransaction", [{ from: ALICE, to: BOB, value: `0x${i}`, gas: "0x5208" }]);
    }
    await both(pair, "evm_mine", [at(40)]);
    await sameBlocks(pair, 1, 4);
    await both(pair, "eth_getProof", [BOB, [], "latest"]);
    // The system contracts answer calls as on EDR (EIP-2935's address reverts with Hardhat's message).
    await both(pair, "eth_call", [{ to: "0x0000f90827f1c53a10cb7a02335b175320002935", data: "0x" }]);
    await both(pair, "eth_call", [{ to: "0x000f3df6d732807ef1319fb7b8bb8522d0beac02", data: `0x${"00".repeat(32)}` }]);
  });

  it("contracts read EDR's prevrandao and block hashes; setPrevRandao and evm_revert move the chain alike", async () => {
    pair = await openPair();
    const compat = new Interface(["function context() view returns (uint256,uint256,uint256,address,uint256,uint256)"]);
    await both(pair, "evm_setNextBlockTimestamp", [at(5)]);
    const [deploy] = await both(pair, "eth_sendTransaction", [
      { from: ALICE, data: bytecodeOf("Compat.sol", "Compat") },
    ]);
    const receipt = await outcomeOf(pair.edr, "eth_getTransactionReceipt", [(deploy as { result: string }).result]);
    const address = (receipt as { result: { contractAddress: string } }).result.contractAddress;
    const [snapshot] = await both(pair, "evm_snapshot");
    await both(pair, "evm_mine", [at(20)]);
    await both(pair, "evm_mine", [at(30)]);
    await both(pair, "evm_revert", [(snapshot as { result: string }).result]);
    await both(pair, "hardhat_setPrevRandao", [`0x${"42".repeat(32)}`]);
    await both(pair, "evm_mine", [at(40)]);
    await both(pair, "evm_mine", [at(50)]);
    await sameBlocks(pair, 0, 3);
    await both(pair, "eth_call", [{ to: address, data: compat.encodeFunctionData("context") }]);
    await both(pair, "eth_call", [{ to: address, data: compat.encodeFunctionData("context") }, "0x1"]);
  });

  it("hardhat_mine reserves long runs as EDR does (empty headers, base fee, timestamps) and mines millions", async () => {
    pair = await openPair();
    await both(pair, "evm_setNextBlockTimestamp", [at(3)]);
    await both(pair, "eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1", gas: "0x5208" }]);
    const filters = [
      await outcomeOf(pair.edr, "eth_newBlockFilter", []),
      await outcomeOf(pair.parallel, "eth_newBlockFilter", []),
    ];
    await both(pair, "hardhat_mine", ["0x20", "0x7"]);
    await sameBlocks(pair, 0, 34);
    // A block filter reports the mined blocks of the run, not the reserved ones (as EDR).
    const changes = await Promise.all(
      [pair.edr, pair.parallel].map((c, i) =>
        outcomeOf(c, "eth_getFilterChanges", [(filters[i] as { result: string }).result]),
      ),
    );
    expect(changes[1]).to.deep.equal(changes[0]);
    expect((changes[0] as { result: unknown[] }).result).to.have.length(4);
    await both(pair, "hardhat_mine", ["0x1e8480"]); // 2,000,000 blocks: refused (over 100,000) before
    await both(pair, "eth_blockNumber");
    await both(pair, "eth_getBlockByNumber", ["0x100000", false]);
    await both(pair, "eth_getLogs", [{ fromBlock: "0x0", toBlock: "latest" }]);
    await both(pair, "eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1", gas: "0x5208" }]);
    await both(pair, "eth_getBlockByNumber", ["latest", false]);
  });

  for (const hardfork of ["cancun", "shanghai", "merge"]) {
    it(`a ${hardfork} chain starts with EDR's genesis state for that hardfork`, async () => {
      pair = await openPair({ hardfork });
      await sameBlocks(pair, 0, 0);
      await both(pair, "evm_mine", [at(12)]);
      await sameBlocks(pair, 1, 1);
      // A transaction on that hardfork (merge: no withdrawals root, no PUSH0, legacy-era limits).
      await both(pair, "evm_setNextBlockTimestamp", [at(24)]);
      await both(pair, "eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1", gas: "0x5208" }]);
      await sameBlocks(pair, 2, 2);
    });
  }
});
