/**
 * eth_call state overrides (`{ [address]: { balance, nonce, code, state, stateDiff } }`): applied to the
 * committed state for the duration of one call through the state journal, then rolled back — the call sees
 * them, nothing else ever does.
 */
import type { Chain } from "../../chain/chain.js";
import { keccak256 } from "../../crypto/keccak.js";
import { toHex } from "../../util/hex.js";
import { balanceKey, codeKey, nonceKey, storageKey, type AddressHex } from "../../vocabulary.js";
import { addressParam, dataParam, objectParam, quantityParam, slotParam } from "../params.js";
import { invalidParams } from "../rpc-error.js";

/** One account's overrides. */
export interface AccountOverride {
  readonly balance?: bigint;
  readonly nonce?: bigint;
  readonly code?: Uint8Array;
  /** Replaces all storage. */
  readonly state?: ReadonlyMap<string, bigint>;
  /** Changes some slots. */
  readonly stateDiff?: ReadonlyMap<string, bigint>;
}

function slots(value: unknown, label: string): Map<string, bigint> {
  const o = objectParam([value], 0, label);
  const out = new Map<string, bigint>();
  for (const [slot, word] of Object.entries(o)) {
    out.set(
      slotParam([slot], 0, `${label} key`),
      BigInt(
        `0x${[...dataParam([word], 0, `${label}[${slot}]`)].map((b) => b.toString(16).padStart(2, "0")).join("") || "0"}`,
      ),
    );
  }
  return out;
}

/** Reads params[index] as a state override set (undefined when absent). */
export function readStateOverrides(params: unknown[], index: number): Map<AddressHex, AccountOverride> | undefined {
  if (params[index] === undefined || params[index] === null) return undefined;
  const set = objectParam(params, index, "stateOverrides");
  const out = new Map<AddressHex, AccountOverride>();
  for (const [address, raw] of Object.entries(set)) {
    const label = `stateOverrides[${address}]`;
    const o = objectParam([raw], 0, label);
    if (o.state !== undefined && o.stateDiff !== undefined)
      throw invalidParams(`invalid value for ${label}: state and stateDiff are exclusive`);
    out.set(addressParam([address], 0, "stateOverrides key"), {
      balance: o.balance === undefined ? undefined : quantityParam([o.balance], 0, `${label}.balance`),
      nonce: o.nonce === undefined ? undefined : quantityParam([o.nonce], 0, `${label}.nonce`),
      code: o.code === undefined ? undefined : dataParam([o.code], 0, `${label}.code`),
      state: o.state === undefined ? undefined : slots(o.state, `${label}.state`),
      stateDiff: o.stateDiff === undefined ? undefined : slots(o.stateDiff, `${label}.stateDiff`),
    });
  }
  return out;
}

/** Runs `fn` with the overrides applied to the chain's state, then restores it. */
export async function withOverrides<T>(
  chain: Chain,
  overrides: Map<AddressHex, AccountOverride>,
  fn: () => Promise<T>,
): Promise<T> {
  const mark = chain.state.mark();
  const writes = new Map<string, bigint | string>();
  const codes = new Map<string, Uint8Array>();
  for (const [address, o] of overrides) {
    if (o.balance !== undefined) writes.set(balanceKey(address), o.balance);
    if (o.nonce !== undefined) writes.set(nonceKey(address), o.nonce);
    if (o.code !== undefined) {
      const hash = toHex(keccak256(o.code));
      codes.set(hash, o.code);
      writes.set(codeKey(address), hash);
    }
    if (o.state !== undefined)
      for (const [slot] of chain.state.storageSlots(address)) writes.set(storageKey(address, slot), 0n);
    for (const [slot, word] of [...(o.state ?? []), ...(o.stateDiff ?? [])])
      writes.set(storageKey(address, slot), word);
  }
  chain.state.apply(writes, codes);
  try {
    return await fn();
  } finally {
    chain.state.rollback(mark);
  }
}
