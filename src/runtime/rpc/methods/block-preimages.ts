/**
 * The keccak preimages a block's transactions computed: each transaction is replayed over the state it saw
 * (as `debug_traceTransaction` does) with the main EVM context's keccak observer on, and every 32- or 64-byte input is kept by
 * its hash — the preimages of mapping and array slots (`keccak256(key . slot)`, `keccak256(slot)`). Replaying
 * on the main thread records them whatever thread ran the block (Block-STM lanes run on workers). Best effort:
 * a transaction that cannot be replayed adds nothing.
 */
import { runTx } from "@ethereumjs/vm";

import type { Chain, StoredBlock } from "../../chain/chain.js";
import { toHex } from "../../util/hex.js";

import { stateBefore } from "./replay-state.js";

/** Hash → preimage (hex) of the slot hashes the block's transactions computed. */
export async function blockPreimages(chain: Chain, stored: StoredBlock): Promise<Map<string, string>> {
  const preimages = new Map<string, string>();
  const pre = chain.state.viewAt(stored.preStateMark);
  const { vm, txState } = chain.context;
  // The replay is no new traffic: call frames go to no profile, coverage tags to no report.
  const frames = chain.context.messageObserver;
  const hashes = chain.context.keccakObserver;
  const coverage = chain.context.coverageObserver;
  chain.context.messageObserver = undefined;
  chain.context.coverageObserver = undefined;
  chain.context.keccakObserver = (input, output) => {
    if (input.length === 32 || input.length === 64) preimages.set(toHex(output), toHex(input));
  };
  try {
    for (let i = 0; i < stored.executed.length; i++) {
      const executed = stored.executed[i];
      if (executed === undefined) continue;
      try {
        txState.begin(stateBefore(pre, stored, i), { sender: executed.sender });
        await runTx(vm, {
          tx: executed.tx,
          block: stored.block,
          skipHardForkValidation: true,
          skipBlockGasLimitValidation: true,
        });
      } catch {
        // Best effort: this transaction's preimages are missing, its slots may keep raw keys.
      }
    }
  } finally {
    chain.context.keccakObserver = hashes;
    chain.context.messageObserver = frames;
    chain.context.coverageObserver = coverage;
  }
  return preimages;
}
