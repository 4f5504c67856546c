/**
 * The access list of a call for `eth_createAccessList`.
 */
import type { CallOutcome } from "../chain/call-runner.js";
import type { AccessListItem } from "../chain/transaction-factory.js";
import type { AddressHex } from "../vocabulary.js";

import { isPrecompile } from "./execution-error.js";

/**
 * The access list of a call, as geth's access-list tracer builds it: every storage slot touched (the callee's
 * included), and every other account touched — except the sender, the callee, the coinbase (touched only by
 * fee payment) and precompiles, which are warm anyway.
 */
export function accessListOf(
  outcome: CallOutcome,
  from: AddressHex,
  to: AddressHex | undefined,
  coinbase: AddressHex,
): AccessListItem[] {
  const slots = new Map<AddressHex, string[]>();
  for (const key of [
    ...outcome.access.reads.keys(),
    ...outcome.access.writes.keys(),
    ...outcome.access.deltas.keys(),
  ]) {
    const [kind, address = "", slot] = key.split(":");
    if (address === from) continue;
    const list = slots.get(address) ?? [];
    if (kind === "storage" && slot !== undefined) {
      if (!list.includes(slot)) list.push(slot);
      slots.set(address, list);
    } else if (address !== to && address !== coinbase && !isPrecompile(address)) slots.set(address, list);
  }
  return [...slots].map(([address, storageKeys]) => ({ address, storageKeys }));
}
