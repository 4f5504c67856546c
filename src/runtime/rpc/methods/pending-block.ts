/**
 * Reads of the `pending` block by number (eth_getBlockByNumber, eth_getBlockTransactionCountByNumber,
 * eth_getTransactionByBlockNumberAndIndex) as Hardhat's network answers them: the block the pool would be
 * mined into now, mined and thrown away — with `number`, `mixHash` and `nonce` null and its transactions
 * without block hash, number or index (but with the price they pay in that block).
 */
import type { Chain, StoredBlock } from "../../chain/chain.js";
import { findBlock } from "../block-resolution.js";
import type { BlockRef } from "../params.js";
import { blockJson, txJson } from "../serialize.js";

/**
 * Runs `read` on the block `ref` names (undefined when there is none); `pending` is the block mined now, its
 * mining wrapped in `mining` (to mute its console.log).
 */
export function readBlock<T>(
  chain: Chain,
  ref: BlockRef,
  read: (stored: StoredBlock | undefined, pending: boolean) => T,
  mining?: <R>(run: () => Promise<R>) => Promise<R>,
): T | Promise<T> {
  if (ref.kind === "tag" && ref.tag === "pending") {
    return chain.withPendingStoredBlock((stored) => read(stored, true), mining);
  }
  return read(findBlock(chain, ref), false);
}

/** A block as JSON; the pending block in Hardhat's network's pending shape. */
export function blockOrPendingJson(stored: StoredBlock, full: boolean, pending: boolean): Record<string, unknown> {
  const json = blockJson(stored, full && !pending);
  if (!pending) return json;
  const transactions = full ? stored.executed.map((_e, i) => pendingTxJson(stored, i)) : json.transactions;
  return { ...json, number: null, mixHash: null, nonce: null, transactions };
}

/** Transaction `index` of a block as JSON (pending shape in the pending block), or null. */
export function txOfBlockJson(stored: StoredBlock | undefined, index: bigint, pending: boolean): unknown {
  const executed = stored?.executed[Number(index)];
  if (stored === undefined || executed === undefined) return null;
  return pending ? pendingTxJson(stored, Number(index)) : txJson(executed.tx, { stored, index: Number(index) });
}

/** A transaction of the pending block: the price it pays there, but no block hash, number or index. */
function pendingTxJson(stored: StoredBlock, index: number): Record<string, unknown> {
  const executed = stored.executed[index];
  if (executed === undefined) return {};
  return { ...txJson(executed.tx, { stored, index }), blockHash: null, blockNumber: null, transactionIndex: null };
}
