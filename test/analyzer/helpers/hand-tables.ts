/**
 * Hand-written conflict classes for function pairs of the fixture contracts, derived by reading their source
 * (and OpenZeppelin's), not from the analyzer's output. Classes follow the analyzer's definitions: two
 * transactions from different senders; `always` a slot shared (not only by += / -=) whatever the arguments,
 * `key-dependent` shared for some arguments, `commutative-only` only through += / -=, `unknown` when a key or
 * slot depends on what static analysis cannot know (a signer recovered without a check, a delegatecall).
 */
import type { ConflictClass } from "../../../src/analyzer/index.js";
import type { SolcVersion } from "./compile.js";

/** One fixture contract and its hand-classified pairs `[a, b, class]` (function names or signatures). */
export interface HandTable {
  version: SolcVersion;
  file: string;
  contract: string;
  pairs: [string, string, ConflictClass][];
}

export const HAND_TABLES: HandTable[] = [
  {
    version: "0.8.28",
    file: "Token.sol",
    contract: "Token",
    pairs: [
      ["transfer", "totalSupply", "none"],
      ["transfer", "transfer", "key-dependent"],
      ["transfer", "transferFrom", "key-dependent"],
      ["mint", "mint", "commutative-only"],
      ["mint", "totalSupply", "always"],
      ["mint", "transfer", "key-dependent"],
      ["approve", "approve", "none"],
      ["approve", "transferFrom", "key-dependent"],
      ["balanceOf", "transfer", "key-dependent"],
      ["name", "transfer", "none"],
    ],
  },
  {
    version: "0.8.28",
    file: "VotesToken.sol",
    contract: "VotesToken",
    pairs: [
      ["transfer", "totalSupply", "none"],
      ["transfer", "getPastTotalSupply", "none"],
      ["mint", "totalSupply", "always"],
      ["mint", "mint", "always"],
      ["mint", "getPastTotalSupply", "always"],
      ["transfer", "transfer", "key-dependent"],
      ["delegate", "delegate", "key-dependent"],
      ["delegate", "transfer", "key-dependent"],
      ["getVotes", "transfer", "key-dependent"],
      ["nonces", "transfer", "none"],
      ["permit", "transfer", "none"],
      ["permit", "permit", "key-dependent"],
      ["approve", "transferFrom", "key-dependent"],
      ["delegates", "delegate", "key-dependent"],
      ["delegateBySig", "transfer", "unknown"],
      ["clock", "transfer", "none"],
      ["CLOCK_MODE", "transfer", "none"],
      ["balanceOf", "mint", "key-dependent"],
      ["numCheckpoints", "delegate", "key-dependent"],
    ],
  },
  {
    version: "0.8.28",
    file: "Vault4626.sol",
    contract: "Vault",
    pairs: [
      ["deposit", "deposit", "always"],
      ["deposit", "mint", "always"],
      ["deposit", "withdraw", "always"],
      ["deposit", "redeem", "always"],
      ["deposit", "totalSupply", "always"],
      ["deposit", "balanceOf", "key-dependent"],
      ["deposit", "transfer", "key-dependent"],
      ["deposit", "approve", "none"],
      ["deposit", "previewDeposit", "always"],
      ["deposit", "totalAssets", "none"],
      ["transfer", "transfer", "key-dependent"],
      ["transfer", "totalSupply", "none"],
      ["withdraw", "withdraw", "always"],
      ["approve", "withdraw", "key-dependent"],
      ["transferFrom", "withdraw", "key-dependent"],
      ["maxWithdraw", "deposit", "always"],
      ["maxRedeem", "deposit", "key-dependent"],
      ["asset", "deposit", "none"],
      ["convertToShares", "transfer", "none"],
      ["name", "deposit", "none"],
    ],
  },
  {
    version: "0.5.16",
    file: "UniswapV2.sol",
    contract: "UniswapV2Pair",
    pairs: [
      ["swap", "swap", "always"],
      ["mint", "burn", "always"],
      ["swap", "getReserves", "always"],
      ["transfer", "transfer", "key-dependent"],
      ["approve", "approve", "none"],
      ["transfer", "swap", "none"],
      ["transfer", "mint", "key-dependent"],
      ["transfer", "burn", "key-dependent"],
      ["permit", "transferFrom", "key-dependent"],
      ["permit", "permit", "key-dependent"],
      ["sync", "swap", "always"],
      // skim writes only the lock, which it restores (`unlocked` 1 → 0 → 1): no write for a runtime that
      // records what a transaction finally changed and validates reads by value (its token transfers: `across`).
      ["skim", "skim", "none"],
      ["skim", "getReserves", "none"],
      ["initialize", "token0", "always"],
      ["kLast", "mint", "always"],
      ["totalSupply", "transfer", "none"],
      ["price0CumulativeLast", "sync", "always"],
      ["factory", "swap", "none"],
      ["nonces", "permit", "key-dependent"],
      ["balanceOf", "burn", "key-dependent"],
    ],
  },
  {
    version: "0.5.16",
    file: "UniswapV2.sol",
    contract: "UniswapV2Factory",
    pairs: [
      ["createPair", "createPair", "always"],
      ["createPair", "getPair", "key-dependent"],
      ["createPair", "allPairsLength", "always"],
      ["setFeeTo", "feeTo", "always"],
      ["setFeeTo", "setFeeToSetter", "always"],
      ["setFeeTo", "createPair", "none"],
      ["feeToSetter", "createPair", "none"],
      ["allPairs", "createPair", "key-dependent"],
    ],
  },
  {
    version: "0.8.28",
    file: "Solmate.sol",
    contract: "SolmateToken",
    pairs: [
      ["transfer", "transfer", "commutative-only"],
      ["transfer", "balanceOf", "key-dependent"],
      ["mint", "mint", "commutative-only"],
      ["mint", "totalSupply", "always"],
      ["burn", "totalSupply", "always"],
      ["transfer", "totalSupply", "none"],
      ["approve", "transferFrom", "key-dependent"],
      ["permit", "approve", "key-dependent"],
      ["permit", "transferFrom", "key-dependent"],
      ["permit", "permit", "key-dependent"],
      ["permit", "DOMAIN_SEPARATOR", "none"],
      ["transferFrom", "transferFrom", "commutative-only"],
      ["nonces", "permit", "key-dependent"],
      ["burn", "burn", "commutative-only"],
      ["name", "transfer", "none"],
    ],
  },
  {
    version: "0.8.28",
    file: "Solady.sol",
    contract: "SoladyToken",
    pairs: [
      ["transfer", "transfer", "key-dependent"],
      ["mint", "mint", "always"],
      ["mint", "totalSupply", "always"],
      ["transfer", "totalSupply", "none"],
      ["approve", "allowance", "key-dependent"],
      ["approve", "transfer", "none"],
      ["balanceOf", "transfer", "key-dependent"],
      ["approve", "approve", "none"],
    ],
  },
  {
    version: "0.8.28",
    file: "DiamondFacet.sol",
    contract: "PointsFacet",
    pairs: [
      ["earn", "earn", "commutative-only"],
      ["earn", "totalPoints", "always"],
      ["earn", "points", "key-dependent"],
      ["newRound", "newRound", "commutative-only"],
      ["newRound", "setOwner", "always"],
      ["setOwner", "setOwner", "always"],
      ["earn", "newRound", "none"],
      ["points", "totalPoints", "none"],
    ],
  },
  {
    version: "0.8.28",
    file: "DiamondFacet.sol",
    contract: "Diamond",
    pairs: [["fallback", "fallback", "unknown"]],
  },
  {
    version: "0.8.28",
    file: "SlotUsers.sol",
    contract: "SlotUser",
    pairs: [
      ["bump", "bump", "commutative-only"],
      ["bump", "counter", "always"],
      ["bump", "setOwner", "none"],
      ["setOwner", "owner", "always"],
      ["deposit", "deposit", "none"],
      ["deposit", "send", "commutative-only"],
      ["send", "balanceOf", "key-dependent"],
      ["approve", "approve", "none"],
      ["approve", "allowance", "key-dependent"],
      ["approve", "deposit", "none"],
      ["setItem", "item", "key-dependent"],
      ["setItem", "setItem", "key-dependent"],
      ["setNamespaced", "bump", "none"],
      ["setNamespaced", "setNamespaced", "always"],
    ],
  },
  {
    version: "0.8.28",
    file: "StoredValues.sol",
    contract: "Listings",
    pairs: [
      // Ids are `seller << 96 | nonce`: two sellers' new listings and nonces never meet.
      ["list", "list", "none"],
      ["list", "buy", "key-dependent"],
      ["list", "cancel", "key-dependent"],
      ["list", "nonces", "key-dependent"],
      // A sale deletes its listing and credits the seller (`id >> 96`) with +=.
      ["buy", "buy", "key-dependent"],
      ["buy", "cancel", "key-dependent"],
      ["buy", "volume", "key-dependent"],
      ["buyUnchecked", "buyUnchecked", "commutative-only"],
      ["buyUnchecked", "volume", "key-dependent"],
      ["buyEdited", "buyUnchecked", "commutative-only"],
      ["cancel", "cancel", "key-dependent"],
      ["idFor", "buy", "none"],
    ],
  },
  {
    version: "0.8.28",
    file: "DoomedPaths.sol",
    contract: "Registry",
    pairs: [
      // A successful claim writes its own count and the id's owner; the previous owner's branch reverts.
      ["claim", "claim", "key-dependent"],
      ["claim", "count", "key-dependent"],
      ["claim", "ownerOf", "key-dependent"],
      ["claimOrSkip", "claimOrSkip", "key-dependent"],
      ["claimIf", "claim", "key-dependent"],
      ["ownerOf", "count", "none"],
    ],
  },
  {
    version: "0.8.28",
    file: "Alternatives.sol",
    contract: "Duel",
    pairs: [
      // The winner is the sender or the opponent: wins += 1, best[winner's shard] overwritten.
      ["fight", "fight", "key-dependent"],
      ["fight", "fightPicked", "commutative-only"],
      ["fightPicked", "fightPicked", "commutative-only"],
      ["fight", "best", "key-dependent"],
      ["fight", "wins", "key-dependent"],
      ["shardOf", "fight", "none"],
    ],
  },
];

/**
 * Hand-written classes of function pairs over OTHER contracts' storage reached through calls (the `across`
 * verdict: the vault's asset, the payer's token, the router's factory, pairs and tokens, the pair's tokens),
 * derived from the sources: the two calls go to one instance of the calling contract, so its immutables and
 * `address(this)` are equal on both sides; callees are resolved among the build's concrete contracts.
 */
export const ACROSS_TABLES: HandTable[] = [
  {
    version: "0.8.28",
    file: "VaultOverToken.sol",
    contract: "AssetVault",
    pairs: [
      // Every asset movement writes asset._balances[vault], which totalAssets() (hence every preview) reads.
      ["deposit", "deposit", "always"],
      ["deposit", "mint", "always"],
      ["deposit", "withdraw", "always"],
      ["mint", "redeem", "always"],
      ["withdraw", "withdraw", "always"],
      ["deposit", "totalAssets", "always"],
      ["convertToShares", "deposit", "always"],
      ["maxWithdraw", "redeem", "always"],
      ["previewRedeem", "withdraw", "always"],
      // No call into the asset on one side, or reads only on both.
      ["deposit", "transfer", "none"],
      ["withdraw", "approve", "none"],
      ["maxRedeem", "withdraw", "none"],
      ["totalAssets", "totalAssets", "none"],
      ["convertToAssets", "previewDeposit", "none"],
      ["asset", "deposit", "none"],
    ],
  },
  {
    version: "0.8.28",
    file: "VaultOverToken.sol",
    contract: "Payer",
    pairs: [
      // pay/safePay move the payer's own token balance (checked, so read and written).
      ["pay", "pay", "always"],
      ["pay", "safePay", "always"],
      ["safePay", "safePay", "always"],
      ["pay", "collect", "always"],
      // collect: balances[msg.sender] -= v (a different sender each), balances[payer] += v only.
      ["collect", "collect", "commutative-only"],
      ["owed", "pay", "none"],
      ["owed", "collect", "none"],
      ["paid", "safePay", "none"],
      ["token", "pay", "none"],
    ],
  },
  {
    version: "0.5.16",
    file: "UniswapV2Router.sol",
    contract: "UniswapV2Router",
    pairs: [
      // Swaps on one pair meet in its reserves; which pair depends on the tokens.
      ["swapExactTokensForTokens", "swapExactTokensForTokens", "key-dependent"],
      // A missing pair is created: factory.allPairs grows whatever the tokens.
      ["addLiquidity", "addLiquidity", "always"],
      ["addLiquidity", "swapExactTokensForTokens", "key-dependent"],
      ["factory", "swapExactTokensForTokens", "none"],
      ["factory", "addLiquidity", "none"],
    ],
  },
  {
    version: "0.5.16",
    file: "UniswapV2Router.sol",
    contract: "UniswapV2Pair",
    pairs: [
      // Transfers out of the pair write token._balances[pair]; sync/mint/burn read it through balanceOf.
      ["skim", "skim", "always"],
      ["sync", "skim", "always"],
      ["burn", "skim", "always"],
      ["burn", "burn", "always"],
      ["mint", "burn", "always"],
      // Reads only (balanceOf, factory.feeTo) on both sides, or no call on one side.
      ["sync", "sync", "none"],
      ["mint", "sync", "none"],
      ["mint", "mint", "none"],
      ["getReserves", "skim", "none"],
      ["transfer", "burn", "none"],
      ["approve", "approve", "none"],
      // swap's transfers out meet sync's balanceOf (always wins over the unknown callback to `to`).
      ["swap", "sync", "always"],
      // swap calls `to`'s uniswapV2Call when data is given: code the build does not tell.
      ["swap", "swap", "always"],
      ["swap", "getReserves", "none"],
    ],
  },
];
