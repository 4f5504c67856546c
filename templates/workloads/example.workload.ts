// A workload for `npx hardhat parallel-report`, written with the typed API. Files in parallel/workloads/ are
// picked up automatically. It deploys your contracts in `setup`, then returns one transaction per call of
// `next`, drawn deterministically from the workload's seed.
import { defineWorkload } from "hardhat-parallel";

export default defineWorkload({
  name: "__NAME__",
  description: "__DESCRIPTION__",
  params: { accounts: 50, transactions: 300, blockSize: 100, hotRatio: 0, zipf: 0, seed: 1 },
  async setup(api) {
    const target = await api.deploy("__CONTRACT__");
    return { target };
  },
  next(api, { target }) {
    const from = api.pick();
    const calls = __CALLS__;
    const call = calls[api.randomInt(calls.length)];
    return { from, to: target, function: call.function, args: call.args(api, from) };
  },
});
