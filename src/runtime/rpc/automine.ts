/**
 * Mining a sent transaction with automine on, as Hardhat's network does: blocks are mined until the
 * transaction is in one (pooled transactions of the same sender may have to go first, e.g. one priced below
 * the next base fee: each block lowers it), then on while the pool still holds transactions whose turn it is.
 */
import type { Chain } from "../chain/chain.js";
import { toHex } from "../util/hex.js";

import { refused } from "./rpc-error.js";

/** At most this many blocks are mined after an automined transaction to take what is still pending. */
const MAX_CATCH_UP_BLOCKS = 1000;

/** Mines the pooled transaction `hash`; answers whether it failed, or refuses it when no block took it. */
export async function automine(chain: Chain, hash: string): Promise<{ failed: boolean }> {
  let block = await chain.mine();
  let executed = block.executed.find((e) => toHex(e.tx.hash()) === hash);
  for (let n = 0; executed === undefined && chain.pool.has(hash) && n < MAX_CATCH_UP_BLOCKS; n++) {
    block = await chain.mine();
    executed = block.executed.find((e) => toHex(e.tx.hash()) === hash);
  }
  if (executed === undefined) {
    chain.pool.remove(hash);
    const skipped = block.execution?.skipped.find((s) => toHex(s.tx.hash()) === hash);
    throw refused(skipped?.message ?? "Transaction could not be mined");
  }
  await minePending(chain);
  return { failed: executed.status === 0 };
}

/** Mines on while a pooled transaction is its sender's next (a bounded loop: each block lowers the base fee). */
async function minePending(chain: Chain): Promise<void> {
  const nonceOf = (sender: string): bigint => chain.state.account(sender)?.nonce ?? 0n;
  for (let blocks = 0; blocks < MAX_CATCH_UP_BLOCKS; blocks++) {
    if (!chain.pool.all().some((p) => p.tx.nonce === nonceOf(p.sender))) return;
    await chain.mine();
  }
}
