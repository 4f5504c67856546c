/**
 * Optional host callbacks of a parallel network: observers of what it executes, for hosts that report on it
 * (the plugin's `--gas-stats`: every mined block and every `eth_call`), and the host's knowledge of contracts
 * (revert messages). Unset hooks cost nothing.
 */
import type { CallOutcome } from "../chain/call-runner.js";
import type { StoredBlock } from "../chain/chain.js";
import type { TxRequest } from "../chain/transaction-factory.js";
import type { StateView } from "../state/account-data.js";

import type { ContractLookup } from "./revert-inference.js";

/** Observers of executions; each is called synchronously, after the execution. */
export interface ExecutionHooks {
  /** Every mined block (not the throwaway block `pending` requests mine). */
  readonly onBlockMined?: (block: StoredBlock) => void;
  /** Every throwaway block mined for a `pending` request (Hardhat's network reports their executions too). */
  readonly onPendingBlockMined?: (block: StoredBlock) => void;
  /** Every `eth_call` that ran, with its outcome and the state it ran over (overrides applied). */
  readonly onCall?: (request: TxRequest, outcome: CallOutcome, view: StateView) => void;
  /**
   * Each block interval mining made, by number, once it is mined (the request log prints it, as Hardhat's
   * network does); the next tick waits for it.
   */
  readonly onIntervalMined?: (blockNumber: bigint) => Promise<void> | void;
  /** The project's contracts by deployed code: reverts without data they explain are worded as Hardhat does. */
  readonly contractFacts?: ContractLookup;
}
