/**
 * Which transactions a connection sent while a `mineBlock` callback ran: the plugin's `onRequest` hook sees
 * every request of every connection (whatever network serves it) and reports the hashes answered to
 * `eth_sendTransaction` / `eth_sendRawTransaction` here, for the connections being recorded.
 */
import { MineBlockError } from "./errors.js";

const recordings = new WeakMap<object, string[]>();

/** Starts recording `connection`'s sent transactions; false when it is already being recorded. */
export function startRecording(connection: object): boolean {
  if (recordings.has(connection)) return false;
  recordings.set(connection, []);
  return true;
}

/** Stops recording and returns the hashes sent, in order. */
export function stopRecording(connection: object): string[] {
  const sent = recordings.get(connection) ?? [];
  recordings.delete(connection);
  return sent;
}

/**
 * The error to answer instead of a request that could never be answered inside a `mineBlock` callback: the
 * receipt of a transaction the callback sent (ethers' `tx.wait()`, viem's `waitForTransactionReceipt`) only
 * exists once the block is mined, which happens after the callback returns — waiting for it would hang.
 */
export function requestBlockedByRecording(connection: object, method: string, params: unknown): Error | undefined {
  const sent = recordings.get(connection);
  if (sent === undefined || method !== "eth_getTransactionReceipt" || !Array.isArray(params)) return undefined;
  const hash = typeof params[0] === "string" ? params[0].toLowerCase() : "";
  if (!sent.includes(hash)) return undefined;
  return new MineBlockError(
    `the callback waited for the receipt of ${hash}, which it sent into the block being built: that block is ` +
      "mined only after the callback returns, so the wait would never end. Send without waiting inside the " +
      "callback (drop `.wait()` / `waitForTransactionReceipt`); read the receipts from the block mineBlock " +
      "returns (`block.receipts`).",
  );
}

/** Notes the answer to one request of `connection` (called by the network hook for every request). */
export function noteResponse(connection: object, method: string, response: unknown): void {
  const sent = recordings.get(connection);
  if (sent === undefined || (method !== "eth_sendTransaction" && method !== "eth_sendRawTransaction")) return;
  const result =
    typeof response === "object" && response !== null ? (response as { result?: unknown }).result : undefined;
  if (typeof result === "string") sent.push(result.toLowerCase());
}
