/**
 * The built-in workload templates by id, each with the `options` keys it reads — data only, so config
 * validation can refuse a misspelled option (`pool` for `pools`) without loading the templates. The
 * templates' generators live next to this file (builtin-templates.ts maps the same ids to them).
 */

/** Option keys each built-in template reads from a `parallel.workloads[]` entry's `options`. */
export const TEMPLATE_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  "erc20-transfers": ["token"],
  "amm-swaps": ["token", "factory", "router", "pair", "pools"],
  lending: ["token", "pool", "vault", "rate"],
  "nft-mint": ["nft"],
  "item-crafting": ["items"],
  battles: ["arena"],
  marketplace: ["nft", "market", "ids", "listingsPerSeller"],
  "call-mix": ["calls", "deploy"],
};
