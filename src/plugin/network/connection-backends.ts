/**
 * One backend per network connection: every `network.create()` on a network the plugin serves gets its own
 * chain, created on the connection's first request and dropped when the connection closes.
 */
import type { HookContext } from "hardhat/types/hooks";
import type { NetworkConnection } from "hardhat/types/network";

import type { RpcBackend } from "./create-backend.js";

export type { RpcBackend } from "./create-backend.js";

const backends = new WeakMap<object, Promise<RpcBackend>>();
const openedAt = new WeakMap<object, number>();

/** Notes when `connection` was opened: its chain's clock starts then, as Hardhat's network's does. */
export function noteOpened(connection: NetworkConnection<string>): void {
  openedAt.set(connection, Date.now());
}

/** When `connection` was opened (wall-clock milliseconds), if noted. */
export function openedAtOf(connection: NetworkConnection<string>): number | undefined {
  return openedAt.get(connection);
}

/** The backend of `connection`, created on first use. */
export function backendFor(context: HookContext, connection: NetworkConnection<string>): Promise<RpcBackend> {
  let backend = backends.get(connection);
  if (backend === undefined) {
    backend = import("./create-backend.js").then(({ createBackend }) => createBackend(context, connection));
    backends.set(connection, backend);
    // A failed creation is not cached: the next request tries again and reports its own error.
    backend.catch(() => backends.delete(connection));
  }
  return backend;
}

/** Closes and forgets the backend of `connection`, if it has one. */
export async function closeBackend(connection: NetworkConnection<string>): Promise<void> {
  const backend = backends.get(connection);
  if (backend === undefined) return;
  backends.delete(connection);
  await (await backend).close();
}
