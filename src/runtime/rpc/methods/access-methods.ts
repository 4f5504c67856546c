/**
 * Decoded access sets in the `parallel_` namespace: `parallel_getTransactionAccesses(hash)` (what one mined
 * transaction read, wrote and credited) and `parallel_getBlockAccesses(block)` (every transaction of a block
 * plus how the block was executed). Locations carry the report's labels (`Token._balances[0x…]`) when the
 * provider was given an `AccessDescriber` (the plugin gives one built from the project's storage layouts);
 * without one they keep their raw keys. Unknown transactions and blocks answer `null`.
 */
import type { Chain, StoredBlock } from "../../chain/chain.js";
import type { ExecutedTx } from "../../exec/block-execution.js";
import { quantity, toHex } from "../../util/hex.js";
import { parseLocationKey, type LocationKey } from "../../vocabulary.js";
import { findBlock } from "../block-resolution.js";
import type { MethodContext, MethodHandler } from "../method-context.js";
import { blockParam, hashParam, maxParams } from "../params.js";

import { blockPreimages } from "./block-preimages.js";

/** What a describer knows about one location. */
export interface LocationDescription {
  /** `Contract.variable[key]`, `Contract.variable (packed)`, `Contract (ETH balance)`... */
  readonly label: string;
  readonly contract?: string;
  readonly variable?: string;
  /** The (first) mapping key, as the label shows it. */
  readonly key?: string;
  /** Where the variable is declared (`contracts/Token.sol:12`). */
  readonly declaration?: string;
}

/** What a describer knows about one transaction of a block. */
export interface TransactionDescription {
  readonly contract?: string;
  /** Source name of the contract (`contracts/Token.sol`). */
  readonly sourceName?: string;
  readonly function?: string;
  /** Location key → the source lines of the called function that read and write it (`contracts/Token.sol:40`). */
  readonly sites: ReadonlyMap<LocationKey, { readonly read?: string; readonly write?: string }>;
}

/** The labels of one block's locations and transactions. */
export interface BlockDescription {
  readonly locations: ReadonlyMap<LocationKey, LocationDescription>;
  readonly transactions: readonly TransactionDescription[];
  /** `Contract.variable` of every contract deployed on the chain (what a label may name). */
  readonly variables: readonly string[];
}

/** Names locations in Solidity terms (the plugin builds one from the project's build infos). */
export interface AccessDescriber {
  /** `preimages`: hash → preimage (hex) of the slot hashes the block's transactions computed. */
  describe(chain: Chain, block: StoredBlock, preimages: ReadonlyMap<string, string>): Promise<BlockDescription>;
}

/** One decoded access. */
export interface AccessJson {
  readonly location: LocationKey;
  readonly kind: "balance" | "nonce" | "code" | "storage";
  readonly address: string;
  readonly slot?: string;
  readonly label: string;
  readonly contract?: string;
  readonly variable?: string;
  readonly declaration?: string;
  readonly at?: string;
}

function accessJson(
  key: LocationKey,
  d: BlockDescription | undefined,
  tx: TransactionDescription | undefined,
  side: "read" | "write",
): AccessJson {
  const location = parseLocationKey(key);
  const known = d?.locations.get(key);
  const at = tx?.sites.get(key)?.[side];
  return {
    location: key,
    kind: location.kind,
    address: location.address,
    ...(location.kind === "storage" ? { slot: location.slot } : {}),
    label: known?.label ?? key,
    ...(known?.contract === undefined ? {} : { contract: known.contract }),
    ...(known?.variable === undefined ? {} : { variable: known.variable }),
    ...(known?.declaration === undefined ? {} : { declaration: known.declaration }),
    ...(at === undefined ? {} : { at }),
  };
}

function transactionJson(stored: StoredBlock, index: number, e: ExecutedTx, d: BlockDescription | undefined): unknown {
  const tx = d?.transactions[index];
  const sets = (keys: Iterable<LocationKey>, side: "read" | "write"): AccessJson[] =>
    [...keys].sort().map((k) => accessJson(k, d, tx, side));
  return {
    hash: toHex(e.tx.hash()),
    blockNumber: quantity(stored.number),
    blockHash: stored.hash,
    transactionIndex: quantity(index),
    from: e.sender,
    to: e.tx.to === undefined ? null : toHex(e.tx.to.bytes),
    status: quantity(e.status),
    contractAddress: e.createdAddress ?? null,
    contract: tx?.contract ?? null,
    sourceName: tx?.sourceName ?? null,
    function: tx?.function ?? null,
    reads: sets(e.access.reads.keys(), "read"),
    writes: sets(e.access.writes.keys(), "write"),
    deltas: sets(e.access.deltas.keys(), "write"),
  };
}

/** The access methods; `describer` labels locations (raw keys without one). */
export function accessMethods(ctx: MethodContext, describer?: AccessDescriber): Record<string, MethodHandler> {
  const replayed = new WeakMap<StoredBlock, Promise<Map<string, string>>>();
  const describe = async (stored: StoredBlock): Promise<BlockDescription | undefined> => {
    if (describer === undefined) return undefined;
    let preimages = replayed.get(stored);
    if (preimages === undefined) {
      preimages = ctx.quietly(() => blockPreimages(ctx.chain, stored));
      replayed.set(stored, preimages);
    }
    return describer.describe(ctx.chain, stored, await preimages);
  };
  return {
    parallel_getTransactionAccesses: async (p) => {
      maxParams(p, 1);
      const where = ctx.chain.txLocation(hashParam(p, 0, "transactionHash"));
      const stored = where === undefined ? undefined : ctx.chain.blockByNumber(where.blockNumber);
      const e = where === undefined ? undefined : stored?.executed[where.index];
      if (stored === undefined || e === undefined || where === undefined) return null;
      return transactionJson(stored, where.index, e, await describe(stored));
    },
    parallel_getBlockAccesses: async (p) => {
      maxParams(p, 1);
      const stored = findBlock(ctx.chain, blockParam(p, 0, "block", true));
      if (stored === undefined) return null;
      const d = await describe(stored);
      const stats = stored.execution?.stats ?? { strategy: "none", reason: "genesis", executions: 0 };
      return {
        number: quantity(stored.number),
        hash: stored.hash,
        execution: stats,
        variables: d?.variables ?? [],
        transactions: stored.executed.map((e, i) => transactionJson(stored, i, e, d)),
      };
    },
  };
}
