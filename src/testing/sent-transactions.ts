/**
 * Which transactions a connection sent while a `mineBlock` callback ran: the plugin's `onRequest` hook sees
 * every request of every connection (whatever network serves it) and reports the hashes answered to
 * `eth_sendTransaction` / `eth_sendRawTransaction` here, for the connections being recorded.
 */

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

/** Notes the answer to one request of `connection` (called by the network hook for every request). */
export function noteResponse(connection: object, method: string, response: unknown): void {
  const sent = recordings.get(connection);
  if (sent === undefined || (method !== "eth_sendTransaction" && method !== "eth_sendRawTransaction")) return;
  const result =
    typeof response === "object" && response !== null ? (response as { result?: unknown }).result : undefined;
  if (typeof result === "string") sent.push(result.toLowerCase());
}
