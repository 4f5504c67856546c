/**
 * A lane: one thread's share of a block, executed speculatively — in block order, each transaction over the
 * pre-block state plus the writes of the lane's earlier transactions (incarnation 0 of Block-STM). Every pool
 * worker runs one over its state replica; the main thread runs stolen tails and a main lane that is not the
 * block's prefix (the sharded executor's) as lanes too.
 *
 * Why speculative results may be wrong, and why that is safe: a lane does not see the writes of the other
 * lanes' lower transactions; every result is validated by value at its commit point and re-executed there
 * when it saw something else. Transactions that need the chain itself (BLOCKHASH, console.log output, which
 * must come out once and in order) are *deferred*: the lane reports them and the commit point runs them.
 */
import type { Block } from "@ethereumjs/block";
import type { TypedTransaction } from "@ethereumjs/tx";

import { createEvmContext, type EvmContext } from "../../evm/evm-context.js";
import type { ExecutedTx } from "../../exec/block-execution.js";
import { isSkipped, runTransaction } from "../../exec/run-transaction.js";
import type { StateView } from "../../state/account-data.js";
import { OverlayView } from "../../state/overlay-view.js";
import {
  type AccessSets,
  type AddressHex,
  keyAddress,
  type LocationKey,
  type LocationValue,
} from "../../vocabulary.js";

/** What a speculative execution produced. */
export type SpeculativeOutcome =
  | { readonly kind: "executed"; readonly result: ExecutedTx }
  | { readonly kind: "invalid"; readonly message: string }
  | { readonly kind: "deferred"; readonly reason: string };

/** An EVM whose chain-dependent callbacks defer the transaction instead of answering. */
export interface LaneContext {
  readonly evm: EvmContext;
  /** Set when the running transaction needed the chain (BLOCKHASH, console.log). */
  deferReason: string | undefined;
}

/** Creates a lane context for a chain. */
export async function createLaneContext(
  chainId: bigint,
  hardfork: string,
  unlimitedContractSize = false,
): Promise<LaneContext> {
  const holder: { lane?: LaneContext } = {};
  const evm = await createEvmContext({
    chainId,
    hardfork,
    unlimitedContractSize,
    blockHash: () => {
      if (holder.lane !== undefined) holder.lane.deferReason = "blockhash";
      return undefined;
    },
    onConsoleCall: () => {
      if (holder.lane !== undefined) holder.lane.deferReason = "console.log";
    },
  });
  const lane: LaneContext = { evm, deferReason: undefined };
  holder.lane = lane;
  return lane;
}

/** The overlay a lane accumulates its own writes in. */
export class LaneOverlay {
  readonly changes = new Map<LocationKey, LocationValue>();
  readonly codes = new Map<string, Uint8Array>();
  readonly view: OverlayView;

  constructor(base: StateView) {
    this.view = new OverlayView(base, this.changes, this.codes);
  }

  /** Applies one transaction's writes, then its deltas resolved against the overlay. */
  apply(access: AccessSets): void {
    for (const [hash, code] of access.codes) this.codes.set(hash, code);
    for (const [key, value] of access.writes) this.changes.set(key, value);
    for (const [key, delta] of access.deltas) {
      const address = keyAddress(key);
      this.changes.set(key, (this.view.account(address)?.balance ?? 0n) + delta);
    }
  }
}

/** Executes one transaction speculatively over `overlay` and applies its writes there when it ran. */
export async function runSpeculative(
  lane: LaneContext,
  overlay: LaneOverlay,
  tx: TypedTransaction,
  envBlock: Block,
  lazyCoinbase: AddressHex | undefined,
): Promise<SpeculativeOutcome> {
  lane.deferReason = undefined;
  const outcome = await runTransaction(lane.evm, overlay.view, tx, envBlock, 0n, lazyCoinbase, true);
  if (isSkipped(outcome)) return { kind: "invalid", message: outcome.message };
  overlay.apply(outcome.access);
  if (lane.deferReason !== undefined) return { kind: "deferred", reason: lane.deferReason };
  return { kind: "executed", result: outcome };
}

/** Executes `txs` in order as one lane over `base`. */
export async function runLane(
  lane: LaneContext,
  base: StateView,
  txs: readonly TypedTransaction[],
  envBlock: Block,
  lazyCoinbase: AddressHex | undefined,
): Promise<SpeculativeOutcome[]> {
  const overlay = new LaneOverlay(base);
  const outcomes: SpeculativeOutcome[] = [];
  for (const tx of txs) outcomes.push(await runSpeculative(lane, overlay, tx, envBlock, lazyCoinbase));
  return outcomes;
}
