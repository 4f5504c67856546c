/**
 * Built-in gaming workload templates: ERC1155 item crafting, battles between players (per-player state and
 * global counters) and marketplace trades (listings bought by other players). Contract names and the listing
 * id scheme come from options; defaults are the sample project's contracts.
 */
import type { ContractHandle, WorkloadDefinition, WorkloadTx } from "../define-workload.js";
import { intOption, stringOption } from "./defi-templates.js";

const WOOD = 1n;
const IRON = 2n;

/** Players craft items from resources minted to them in setup. */
export function itemCrafting(name: string): WorkloadDefinition<{ items: ContractHandle }> {
  return {
    name,
    description: "ERC1155 crafting (recipes burn resources and mint items)",
    async setup(api) {
      const items = await api.deploy(stringOption(api, "items", "GameItems"));
      for (const who of api.accounts) {
        api.queue(items, "mint", [who, WOOD, 10_000n]);
        api.queue(items, "mint", [who, IRON, 10_000n]);
      }
      await api.flush();
      return { items };
    },
    next(api, { items }): WorkloadTx {
      return { from: api.pick(), to: items, function: "craft", args: [api.random() < 0.5 ? 1n : 2n] };
    },
  };
}

/** Registered players battle each other. */
export function battles(name: string): WorkloadDefinition<{ arena: ContractHandle }> {
  return {
    name,
    description: "Battles between registered players",
    async setup(api) {
      const arena = await api.deploy(stringOption(api, "arena", "Arena"));
      for (const who of api.accounts) api.queue(arena, "register", [], { from: who });
      await api.flush();
      return { arena };
    },
    next(api, { arena }): WorkloadTx {
      const from = api.pick();
      return { from, to: arena, function: "battle", args: [api.pickOther(from)] };
    },
  };
}

interface MarketState {
  readonly market: ContractHandle;
  readonly nft: ContractHandle;
  readonly listings: bigint[];
  readonly sellers: readonly string[];
}

function listingId(scheme: string, seller: string, globalIndex: number, sellerIndex: number): bigint {
  return scheme === "per-seller" ? (BigInt(seller) << 96n) | BigInt(sellerIndex) : BigInt(globalIndex);
}

/** Sellers list NFTs in setup; the stream buys them, each listing once (size the stock with `listingsPerSeller`). */
export function marketplace(name: string): WorkloadDefinition<MarketState> {
  return {
    name,
    description: "Marketplace: buys of listed NFTs",
    async setup(api) {
      const nft = await api.deploy(stringOption(api, "nft", "GameNft"));
      const market = await api.deploy(stringOption(api, "market", "Marketplace"));
      const scheme = stringOption(api, "ids", "global");
      const perSeller = intOption(api, "listingsPerSeller", 3);
      const sellers = api.accounts.slice(0, Math.max(1, Math.floor(api.accounts.length / 2)));
      const listings: bigint[] = [];
      const first = await api.read(nft, "nextTokenId");
      for (const seller of sellers) {
        api.queue(nft, "setApprovalForAll", [market.address, true], { from: seller });
        for (let n = 1; n <= perSeller; n++) api.queue(nft, "mint", [seller], { from: seller });
      }
      await api.flush();
      // The NFT (a `nextTokenId++` ERC721) numbered the setup mints in order, from its first id.
      let tokenId = typeof first === "bigint" ? first : 0n;
      for (const seller of sellers) {
        for (let n = 1; n <= perSeller; n++) {
          api.queue(market, "list", [nft.address, tokenId++, 10n ** 15n], { from: seller });
          listings.push(listingId(scheme, seller, listings.length + 1, n));
        }
      }
      await api.flush();
      return { market, nft, listings, sellers };
    },
    next(api, state): WorkloadTx {
      const buyers = api.accounts.slice(state.sellers.length);
      const from = buyers.length === 0 ? api.pick() : (buyers[api.randomInt(buyers.length)] ?? api.pick());
      const id = state.listings.shift() ?? 1n;
      return { from, to: state.market, function: "buy", args: [id], value: 10n ** 15n };
    },
  };
}
