/**
 * What the runtime recorded of one executed transaction, as the soundness and precision checks read it
 * (`soundness.ts`, `key-values.ts`). Kept apart so both import it one way.
 */

/** A call frame of a transaction into some contract (top-level call included). */
export interface ExecutedCall {
  /** `msg.sender` of the frame. */
  from: string;
  /** Address of the contract whose code runs with its own storage. */
  to: string;
  /** Calldata, hex. */
  input: string;
}

/** One executed transaction as the parallel runtime records it. */
export interface ExecutedTransaction {
  hash: string;
  /** Transaction sender (tx.origin). */
  from: string;
  /** tx.origin when `from` is a call's sender inside the transaction (a forwarded call placed per transaction). */
  origin?: string;
  /** Called address and calldata of the top-level call. */
  to: string;
  input: string;
  /**
   * Storage slots actually accessed, as 32-byte hex slots per contract address; a read may carry the value the
   * transaction found there (hex), which values keys read from storage (`stored-keys.ts`).
   */
  accesses: { address: string; slot: string; kind: "read" | "write"; value?: string }[];
  /** Every call frame (optional; when absent only the top-level call is assumed). */
  calls?: ExecutedCall[];
  /** KECCAK256 results seen during execution → their preimage (hex), to resolve wildcard keys (optional). */
  preimages?: Record<string, string>;
  /** The transaction reverted: it may have made its function's `reverting` accesses (optional). */
  reverted?: boolean;
  /**
   * Addresses the transaction deployed code at (optional): their constructors ran in it, so their accesses
   * may be the constructor's even when call frames entered them too (a factory's pair created, then minted).
   */
  created?: string[];
}
