import { expect } from "chai";

import {
  createParallelNetwork,
  ParallelRuntime,
  type ParallelNetwork,
} from "../../../src/runtime/network/parallel-network.js";
import type { ParallelProvider } from "../../../src/runtime/rpc/parallel-provider.js";

/** Every block of two or more transactions goes parallel, whatever it costs. */
const ALWAYS = { minTransactions: 2, minSequentialMs: 0, minMsPerTx: 0, denseConflictRatio: 2 };

async function mineTransfers(provider: ParallelProvider, count: number): Promise<Record<string, unknown>> {
  const accounts = (await provider.request({ method: "eth_accounts" })) as string[];
  await provider.request({ method: "evm_setAutomine", params: [false] });
  for (let i = 0; i < count; i++) {
    const params = [{ from: accounts[i % 10], to: accounts[10 + (i % 10)], value: "0x1" }];
    await provider.request({ method: "eth_sendTransaction", params });
  }
  await provider.request({ method: "evm_mine", params: [] });
  return (await provider.request({ method: "parallel_getBlockStatistics", params: ["latest"] })) as Record<
    string,
    unknown
  >;
}

describe("runtime/network: createParallelNetwork", function () {
  this.timeout(120_000);

  it("runs blocks on its runtime, and sequentially while parallelWhen says no", async () => {
    const gate = { parallel: false };
    const network = await createParallelNetwork({
      runtime: { strategy: "block-stm", workers: 2, policy: ALWAYS },
      parallelWhen: () => gate.parallel,
    });
    try {
      expect((await mineTransfers(network.provider, 10)).strategy).to.equal("sequential");
      gate.parallel = true;
      const stats = await mineTransfers(network.provider, 10);
      expect(stats.strategy, String(stats.reason)).to.equal("block-stm");
      expect(stats.lanes).to.equal(2);
    } finally {
      await network.close();
    }
  });

  it("shares a runtime between networks one after another and leaves it open when they close", async () => {
    const runtime = new ParallelRuntime({ strategy: "block-stm", workers: 2, policy: ALWAYS, log: () => {} });
    try {
      for (let round = 0; round < 2; round++) {
        const network = await createParallelNetwork({ runtime, log: () => {} });
        try {
          const stats = await mineTransfers(network.provider, 10);
          expect(stats.strategy, String(stats.reason)).to.equal("block-stm");
          expect(stats.faults).to.deep.equal([]);
        } finally {
          await network.close();
        }
      }
    } finally {
      await runtime.close();
    }
  });
});

/** `increment()` of any caller: slot 0 += 1 (PUSH1 0 SLOAD PUSH1 1 ADD PUSH1 0 SSTORE STOP), behind its init code. */
const COUNTER_CREATION = "0x600a600c600039600a6000f3" + "60005460010160005500";
/** The sharded runtime's thresholds: a block of 4 or more runs sharded unless its plan or probe says otherwise. */
const SHARDED_POLICY = { minTransactions: 4, minSequentialMs: 0, minMsPerTx: 0 };

/** A fresh recipient for sender i. */
const payee = (i: number): string => `0x${(0xbeef00 + i).toString(16).padStart(40, "0")}`;

/** Pools `count` transactions of distinct senders, each to `to(i)`, with automine off. */
async function pool(provider: ParallelProvider, count: number, to: (i: number) => string): Promise<void> {
  const accounts = (await provider.request({ method: "eth_accounts" })) as string[];
  await provider.request({ method: "evm_setAutomine", params: [false] });
  for (let i = 0; i < count; i++) {
    const params = [{ from: accounts[i], to: to(i), value: "0x1", gas: "0x30000" }];
    await provider.request({ method: "eth_sendTransaction", params });
  }
}

/** What a verdict must leave as it was: the chain, its pool and the runtime's partition. */
function fingerprint(network: ParallelNetwork): string {
  const chain = network.provider.chain;
  const root = Buffer.from(chain.state.stateRoot()).toString("hex");
  return JSON.stringify({
    n: String(chain.latest.number),
    root,
    pool: chain.pool.size,
    p: network.runtime.exportPartition(),
  });
}

describe("runtime/network: ParallelRuntime.sequentialVerdict", function () {
  this.timeout(120_000);
  let network: ParallelNetwork;
  let accounts: string[];

  beforeEach(async () => {
    network = await createParallelNetwork({
      runtime: { strategy: "sharded", workers: 2, shards: 2, policy: SHARDED_POLICY },
      log: () => {},
    });
    accounts = (await network.provider.request({ method: "eth_accounts" })) as string[];
  });
  afterEach(() => network.close());

  it("says a densely dependent block would run sequentially, with the reason its mining then gives", async () => {
    const provider = network.provider;
    const hash = await provider.request({
      method: "eth_sendTransaction",
      params: [{ from: accounts[0], data: COUNTER_CREATION }],
    });
    const receipt = (await provider.request({ method: "eth_getTransactionReceipt", params: [hash] })) as {
      contractAddress: string;
    };
    await pool(provider, 12, () => receipt.contractAddress);
    const before = fingerprint(network);
    const verdict = await network.runtime.sequentialVerdict(provider);
    expect(verdict?.reason).to.match(/^dense-conflicts: 100% of 4 sampled transactions depend on an earlier one/);
    expect(verdict?.stats).to.include({ requested: "sharded", shards: 2, partitioner: "graph" });
    expect(fingerprint(network)).to.equal(before);
    await provider.request({ method: "evm_mine", params: [] });
    const stats = (await provider.request({ method: "parallel_getBlockStatistics", params: ["latest"] })) as Record<
      string,
      unknown
    >;
    expect(stats.strategy).to.equal("sequential");
    expect(stats.reason).to.equal(verdict?.reason);
    expect(stats.crossShard).to.equal(verdict?.stats.crossShard);
  });

  it("says nothing of a block it would run sharded, and leaves the chain and partition as they were", async () => {
    const provider = network.provider;
    // A first block pays the coinbase: from then on its fees are deltas, which commute.
    await provider.request({ method: "eth_sendTransaction", params: [{ from: accounts[19], to: payee(99) }] });
    // Each sender pays its own recipient: nothing to conflict on.
    await pool(provider, 12, payee);
    const before = fingerprint(network);
    const v = await network.runtime.sequentialVerdict(provider);
    expect(v, JSON.stringify(v)).to.equal(undefined);
    expect(fingerprint(network)).to.equal(before);
    await provider.request({ method: "evm_mine", params: [] });
    const stats = (await provider.request({ method: "parallel_getBlockStatistics", params: ["latest"] })) as Record<
      string,
      unknown
    >;
    expect(stats.strategy, String(stats.reason)).to.equal("sharded");
  });

  it("reads the block as the chain would mine it: on a fresh chain the empty coinbase's fees conflict", async () => {
    const provider = network.provider;
    await pool(provider, 12, payee);
    const verdict = await network.runtime.sequentialVerdict(provider);
    expect(verdict?.reason).to.match(
      /^dense-conflicts: .*; they conflict on 0xc014ba5ec014ba5ec014ba5ec014ba5ec014ba5e$/,
    );
    await provider.request({ method: "evm_mine", params: [] });
    const stats = (await provider.request({ method: "parallel_getBlockStatistics", params: ["latest"] })) as Record<
      string,
      unknown
    >;
    expect(stats.reason).to.equal(verdict?.reason);
  });

  it("gives the block-size verdict before any probe, and none for a block the chain runs sequentially itself", async () => {
    const provider = network.provider;
    await pool(provider, 3, payee);
    expect((await network.runtime.sequentialVerdict(provider))?.reason).to.equal("small-block: 3 transactions < 4");
    await provider.request({ method: "evm_mine", params: [] });
    await pool(provider, 1, () => payee(0));
    expect(await network.runtime.sequentialVerdict(provider)).to.equal(undefined);
  });

  it("has no verdict for the block-stm strategy (only a mining tells)", async () => {
    const blockStm = await createParallelNetwork({
      runtime: { strategy: "block-stm", workers: 2, policy: SHARDED_POLICY },
      log: () => {},
    });
    try {
      await pool(blockStm.provider, 6, payee);
      expect(await blockStm.runtime.sequentialVerdict(blockStm.provider)).to.equal(undefined);
    } finally {
      await blockStm.close();
    }
  });
});
