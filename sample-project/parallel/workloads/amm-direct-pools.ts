/**
 * Sharding story 1 — pools that split cleanly: 8 `AmmPool`s, each over its own two tokens, each with its own
 * traders (account i trades on pool i % 8) swapping directly on it. A pool calls only its own tokens, so the
 * access graph falls apart into 8 islands (pool, tokens, traders): any placement that keeps an island together
 * has no cross-shard transaction. Compare `amm-many-pools` (the same kind of traffic through `AmmRouter`).
 */
import { defineWorkload, type ContractHandle } from "hardhat-parallel";

const POOLS = 8;
const TOKENS = 10n ** 24n;

interface State {
  readonly pools: readonly ContractHandle[];
}

export default defineWorkload<State>({
  name: "amm-direct-pools",
  description: "Swaps directly on 8 self-contained pools, each with its own tokens and traders",
  params: { accounts: 40, transactions: 200, blockSize: 100 },
  async setup(api) {
    const pools: ContractHandle[] = [];
    for (let k = 0; k < POOLS; k++) {
      const [a, b] = [await api.deploy("SampleToken"), await api.deploy("SampleToken")];
      const pool = await api.deploy("AmmPool", [a.address, b.address]);
      const traders = [api.deployer, ...api.accounts.filter((_, i) => i % POOLS === k)];
      for (const token of [a, b]) {
        for (const who of traders) {
          api.queue(token, "mint", [who, TOKENS]);
          api.queue(token, "approve", [pool.address, 2n ** 255n], { from: who });
        }
      }
      api.queue(pool, "addLiquidity", [TOKENS / 2n, TOKENS / 2n]);
      pools.push(pool);
    }
    await api.flush();
    return { pools };
  },
  next(api, { pools }, index) {
    const trader = api.randomInt(api.accounts.length);
    const from = api.accounts[trader] ?? api.deployer;
    const pool = pools[trader % POOLS] ?? pools[0];
    if (pool === undefined) throw new Error("amm-direct-pools: no pool deployed");
    const amount = 10n ** 18n * BigInt(1 + api.randomInt(100));
    return { from, to: pool, function: "swap", args: [index % 2 === 0, amount, 0n] };
  },
});
