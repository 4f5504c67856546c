import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import hardhatEthersChaiMatchers from "@nomicfoundation/hardhat-ethers-chai-matchers";
import hardhatMocha from "@nomicfoundation/hardhat-mocha";
import hardhatNetworkHelpers from "@nomicfoundation/hardhat-network-helpers";
import { defineConfig } from "hardhat/config";
import hardhatParallel from "hardhat-parallel";

const size = { transactions: 200, blockSize: 100 };

export default defineConfig({
  plugins: [hardhatEthers, hardhatEthersChaiMatchers, hardhatMocha, hardhatNetworkHelpers, hardhatParallel],
  // Compiled offline from the `solc` npm package: hardhat-parallel wires the local build.
  solidity: "0.8.28",
  parallel: {
    strategy: "block-stm",
    // Record the access sets of `hardhat test --network parallel`: the report then shows the tests' own conflicts.
    profile: true,
    workloads: [
      // DeFi
      { name: "erc20-transfers", template: "erc20-transfers", accounts: 100, ...size },
      { name: "amm-one-pool", template: "amm-swaps", accounts: 20, ...size, options: { pools: 1 } },
      { name: "amm-many-pools", template: "amm-swaps", accounts: 20, ...size, options: { pools: 8 } },
      { name: "lending", template: "lending", accounts: 100, ...size, options: { pool: "LendingPool" } },
      { name: "lending-sharded", template: "lending", accounts: 100, ...size, options: { pool: "ShardedLendingPool" } },
      { name: "nft-mint", template: "nft-mint", accounts: 100, ...size, options: { nft: "GameNft" } },
      { name: "nft-mint-parallel", template: "nft-mint", accounts: 100, ...size, options: { nft: "GameNftParallel" } },
      // Gaming
      { name: "crafting", template: "item-crafting", accounts: 100, ...size, options: { items: "GameItems" } },
      {
        name: "crafting-parallel",
        template: "item-crafting",
        accounts: 100,
        ...size,
        options: { items: "GameItemsParallel" },
      },
      { name: "battles", template: "battles", accounts: 200, ...size, options: { arena: "Arena" } },
      { name: "battles-parallel", template: "battles", accounts: 200, ...size, options: { arena: "ArenaParallel" } },
      { name: "marketplace", template: "marketplace", accounts: 200, ...size, options: { market: "Marketplace" } },
      {
        name: "marketplace-parallel",
        template: "marketplace",
        accounts: 200,
        ...size,
        options: { market: "MarketplaceParallel", ids: "per-seller" },
      },
    ],
  },
});
