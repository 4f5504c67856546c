/**
 * Blocks mined without a block gas limit (Hardhat's `blockGasLimit: false`): their header keeps the chain's
 * limit — what `GASLIMIT` reads, as on Hardhat's network — but a transaction may ask for more gas than it,
 * alone or with the block's earlier ones. The chain marks such a block's environment when its transactions
 * would not fit, and then runs them on the sequential executor, which reads the mark.
 */
import type { Block } from "@ethereumjs/block";
import type { TypedTransaction } from "@ethereumjs/tx";

const unenforced = new WeakSet<Block>();

/**
 * Marks `envBlock` as mined without a gas limit when the limit is not `enforced` and `transactions` together ask
 * for more gas than its header's limit; returns whether it did (the block must then run sequentially).
 * Environment blocks are reused for equal environments, so the mark is set afresh each time.
 */
export function markGasLimitUnenforced(
  envBlock: Block,
  transactions: readonly TypedTransaction[],
  enforced: boolean,
): boolean {
  unenforced.delete(envBlock);
  if (enforced) return false;
  let asked = 0n;
  for (const tx of transactions) asked += tx.gasLimit;
  if (asked <= envBlock.header.gasLimit) return false;
  unenforced.add(envBlock);
  return true;
}

/** Whether `envBlock`'s transactions may exceed its gas limit. */
export function isGasLimitUnenforced(envBlock: Block): boolean {
  return unenforced.has(envBlock);
}
