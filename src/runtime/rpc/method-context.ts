/**
 * What every JSON-RPC method handler works with: the connection's chain (replaced by `hardhat_reset`), its
 * transaction service, the accounts it can sign for, and its filters.
 */
import type { Chain } from "../chain/chain.js";
import type { AddressHex } from "../vocabulary.js";

import type { FilterRegistry } from "./filter-registry.js";
import type { TransactionService } from "./transaction-service.js";

/** A JSON-RPC method implementation; params are already an array. */
export type MethodHandler = (params: unknown[]) => unknown;

/** The mutable state method handlers share. */
export interface MethodContext {
  chain: Chain;
  transactions: TransactionService;
  readonly keys: ReadonlyMap<AddressHex, string>;
  readonly filters: FilterRegistry;
  /** Recreates the chain from its configuration (hardhat_reset). */
  reset(): Promise<void>;
  /** Client version string. */
  readonly clientVersion: string;
  /** Runs `fn` with Solidity console.log printing off (replays, estimates); see {@link Quietly}. */
  readonly quietly: Quietly;
}

/**
 * Runs `fn` with Solidity console.log printing off. With `printIf`, the lines are held back instead and printed
 * afterwards when `printIf(result)` holds (a failed gas estimate prints its run's lines, as Hardhat's network).
 */
export type Quietly = <T>(fn: () => Promise<T>, printIf?: (result: T) => boolean) => Promise<T>;
