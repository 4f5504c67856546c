// A workload for `npx hardhat parallel-report`, written with the typed API. Files in parallel/workloads/ are
// picked up automatically. It deploys your contracts in `setup`, then returns one transaction per call of
// `next`, drawn deterministically from the workload's seed.
import { defineWorkload, type WorkloadApi } from "hardhat-parallel";

/** One kind of call the workload makes: the function, and how to draw its arguments for a sender. */
interface Call {
  readonly function: string;
  readonly args: (api: WorkloadApi, from: string) => readonly unknown[];
}

const CALLS: readonly Call[] = __CALLS__;

function pickCall(api: WorkloadApi): Call {
  const call = CALLS[api.randomInt(CALLS.length)];
  if (call === undefined) throw new Error("the example workload has no calls");
  return call;
}

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
    const call = pickCall(api);
    return { from, to: target, function: call.function, args: call.args(api, from) };
  },
});
