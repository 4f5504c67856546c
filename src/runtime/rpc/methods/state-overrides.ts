/**
 * eth_call state overrides (`{ [address]: { balance, nonce, code, state, stateDiff } }`): applied to the
 * committed state for the duration of one call through the state journal, then rolled back — the call sees
 * them, nothing else ever does.
 */
import type { Chain } from "../../chain/chain.js";
import { addCodeWrite } from "../../state/account-data.js";
import { balanceKey, nonceKey, storageKey, type AddressHex } from "../../vocabulary.js";
import { addressParam, dataParam, hashParam, objectParam, quantityParam } from "../params.js";
import { invalidParams, refused } from "../rpc-error.js";

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

/** Largest nonce an account can have (EDR refuses a larger override as a malformed param). */
const MAX_NONCE = (1n << 64n) - 1n;

/**
 * Storage words by slot: as on Hardhat's network, a slot is exactly 32 bytes, a word any quantity form (decimal
 * digits and JSON numbers too).
 */
function slots(value: unknown, label: string): Map<string, bigint> {
  const o = objectParam([value], 0, label);
  const out = new Map<string, bigint>();
  for (const [slot, word] of Object.entries(o)) {
    out.set(hashParam([slot], 0, `${label} key`), quantityParam([word], 0, `${label}[${slot}]`, true));
  }
  return out;
}

function nonceOverride(value: unknown, label: string): bigint {
  const nonce = quantityParam([value], 0, label, true);
  if (nonce > MAX_NONCE) throw invalidParams(`invalid value for ${label}: expected a nonce below 2^64`);
  return nonce;
}

/** Reads params[index] as a state override set (undefined when absent). */
export function readStateOverrides(params: unknown[], index: number): Map<AddressHex, AccountOverride> | undefined {
  if (params[index] === undefined || params[index] === null) return undefined;
  const set = objectParam(params, index, "stateOverrides");
  const out = new Map<AddressHex, AccountOverride>();
  for (const [address, raw] of Object.entries(set)) {
    const label = `stateOverrides[${address}]`;
    const o = objectParam([raw], 0, label);
    if (o.state !== undefined && o.stateDiff !== undefined) {
      throw refused(
        "The properties 'state' and 'stateDiff' cannot be used simultaneously when configuring the state override set passed to the eth_call method.",
      );
    }
    out.set(addressParam([address], 0, "stateOverrides key"), {
      // Balance and nonce are read as plain numbers (decimal digits, JSON numbers) and code "" as none, as EDR.
      balance: o.balance === undefined ? undefined : quantityParam([o.balance], 0, `${label}.balance`, true),
      nonce: o.nonce === undefined ? undefined : nonceOverride(o.nonce, `${label}.nonce`),
      code:
        o.code === undefined ? undefined : o.code === "" ? new Uint8Array() : dataParam([o.code], 0, `${label}.code`),
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
    if (o.code !== undefined) addCodeWrite(writes, codes, address, o.code);
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
