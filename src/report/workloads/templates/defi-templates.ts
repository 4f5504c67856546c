/**
 * Built-in DeFi workload templates: ERC20 transfers, Uniswap-V2-style swaps over several pools or one,
 * lending (deposit, borrow, repay, liquidate) and NFT mints. Each targets contracts of the project by name
 * (options; the defaults are the sample project's contracts) with the usual function signatures.
 */
import type { ContractHandle, WorkloadApi, WorkloadDefinition, WorkloadTx } from "../define-workload.js";

const TOKENS = 10n ** 24n;

/** Reads a string option with a default. */
export function stringOption(api: WorkloadApi, key: string, fallback: string): string {
  const v = api.options[key];
  return typeof v === "string" && v !== "" ? v : fallback;
}

/** Reads a positive integer option with a default. */
export function intOption(api: WorkloadApi, key: string, fallback: number): number {
  const v = api.options[key];
  return typeof v === "number" && Number.isInteger(v) && v > 0 ? v : fallback;
}

/** ERC20 transfers between the workload's accounts. */
export function erc20Transfers(name: string): WorkloadDefinition<{ token: ContractHandle }> {
  return {
    name,
    description: "ERC20 transfers between accounts",
    async setup(api) {
      const token = await api.deploy(stringOption(api, "token", "SampleToken"));
      for (const account of api.accounts) api.queue(token, "mint", [account, TOKENS]);
      await api.flush();
      return { token };
    },
    next(api, { token }): WorkloadTx {
      const from = api.pick();
      return { from, to: token, function: "transfer", args: [api.pickOther(from), BigInt(1 + api.randomInt(1000))] };
    },
  };
}

interface AmmState {
  readonly router: ContractHandle;
  readonly pools: ReadonlyArray<readonly [ContractHandle, ContractHandle]>;
}

/** Swaps through a router over `options.pools` pools (1: every swap hits the same pool). */
export function ammSwaps(name: string): WorkloadDefinition<AmmState> {
  return {
    name,
    description: "Uniswap-V2-style swaps through the router",
    async setup(api) {
      const tokenName = stringOption(api, "token", "SampleToken");
      const factory = await api.deploy(stringOption(api, "factory", "AmmFactory"));
      const router = await api.deploy(stringOption(api, "router", "AmmRouter"), [factory.address]);
      const pools: Array<[ContractHandle, ContractHandle]> = [];
      for (let i = 0; i < intOption(api, "pools", 4); i++)
        pools.push([await api.deploy(tokenName), await api.deploy(tokenName)]);
      const deadline = 2n ** 40n;
      for (const [a, b] of pools) {
        for (const token of [a, b]) {
          for (const who of [api.deployer, ...api.accounts]) {
            api.queue(token, "mint", [who, TOKENS]);
            api.queue(token, "approve", [router.address, 2n ** 255n], { from: who });
          }
        }
        api.queue(router, "addLiquidity", [
          a.address,
          b.address,
          TOKENS / 2n,
          TOKENS / 2n,
          0n,
          0n,
          api.deployer,
          deadline,
        ]);
      }
      await api.flush();
      // Name the pairs the factory created, so the report labels their storage and balances.
      for (const [a, b] of pools) {
        const pair = await api.read(factory, "getPair", [a.address, b.address]);
        if (typeof pair === "string") await api.at(stringOption(api, "pair", "AmmPair"), pair);
      }
      return { router, pools };
    },
    next(api, { router, pools }): WorkloadTx {
      const from = api.pick();
      const pool =
        api.params.hotRatio > 0 && api.random() < api.params.hotRatio ? pools[0] : pools[api.randomInt(pools.length)];
      const [a, b] = pool ?? [router, router];
      const path = api.random() < 0.5 ? [a.address, b.address] : [b.address, a.address];
      const amount = 10n ** 18n * BigInt(1 + api.randomInt(100));
      return { from, to: router, function: "swapExactTokensForTokens", args: [amount, 0n, path, from, 2n ** 40n] };
    },
  };
}

/** Lending: deposits, borrows, repayments and liquidation attempts on one pool. */
export function lending(name: string): WorkloadDefinition<{ pool: ContractHandle }> {
  return {
    name,
    description: "Lending pool: deposit, borrow, repay, liquidate",
    async setup(api) {
      const token = await api.deploy(stringOption(api, "token", "SampleToken"));
      const rate = BigInt(stringOption(api, "rate", "100000000000000000"));
      const pool = await api.deploy(stringOption(api, "pool", "LendingPool"), [token.address, rate]);
      await attachVaults(api, pool);
      for (const who of api.accounts) {
        api.queue(token, "mint", [who, TOKENS]);
        api.queue(token, "approve", [pool.address, 2n ** 255n], { from: who });
        api.queue(pool, "deposit", [TOKENS / 10n], { from: who });
      }
      await api.flush();
      return { pool };
    },
    next(api, { pool }): WorkloadTx {
      const from = api.pick();
      const roll = api.random();
      const amount = 10n ** 18n * BigInt(1 + api.randomInt(50));
      if (roll < 0.4) return { from, to: pool, function: "deposit", args: [amount] };
      if (roll < 0.7) return { from, to: pool, function: "borrow", args: [amount] };
      if (roll < 0.95) return { from, to: pool, function: "repay", args: [amount] };
      return { from, to: pool, function: "liquidate", args: [api.pickOther(from), amount] };
    },
  };
}

/** Names the per-shard vaults of a sharded pool (`SHARDS()` and `vaults(i)`), if it has them. */
async function attachVaults(api: WorkloadApi, pool: ContractHandle): Promise<void> {
  let shards: unknown;
  try {
    shards = await api.read(pool, "SHARDS");
  } catch {
    return; // not a sharded pool
  }
  for (let i = 0n; typeof shards === "bigint" && i < shards; i++) {
    const vault = await api.read(pool, "vaults", [i]);
    if (typeof vault === "string") await api.at(stringOption(api, "vault", "LendingVault"), vault);
  }
}

/** NFT mints by the workload's accounts. */
export function nftMint(name: string): WorkloadDefinition<{ nft: ContractHandle }> {
  return {
    name,
    description: "ERC721 mints",
    async setup(api) {
      return { nft: await api.deploy(stringOption(api, "nft", "GameNft")) };
    },
    next(api, { nft }): WorkloadTx {
      const from = api.pick();
      return { from, to: nft, function: "mint", args: [from] };
    },
  };
}
