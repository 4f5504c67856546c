/**
 * The access list `eth_createAccessList` answers, from the accesses a call recorded.
 */
import type { CallOutcome } from "../chain/call-runner.js";
import type { AccessListItem } from "../chain/transaction-factory.js";
import { type AddressHex, isStorageKey, keyAddress, keySlot } from "../vocabulary.js";

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
    const address = keyAddress(key);
    if (address === from) continue;
    const list = slots.get(address) ?? [];
    if (isStorageKey(key)) {
      const slot = keySlot(key);
      if (!list.includes(slot)) list.push(slot);
      slots.set(address, list);
    } else if (address !== to && address !== coinbase && !isPrecompile(address)) slots.set(address, list);
  }
  return [...slots].map(([address, storageKeys]) => ({ address, storageKeys }));
}

function isPrecompile(address: AddressHex): boolean {
  return /^0x0{38}[0-9a-f]{2}$/.test(address) && Number.parseInt(address.slice(-2), 16) <= 0x11;
}
