/**
 * geth's `prestateTracer` answer, as Hardhat's network builds it (revm-inspectors): from the accounts and slots
 * the execution touched (here: the transaction state's read set, which holds each location's value before the
 * transaction) and what it changed (the write set). Default mode: every touched account before the
 * transaction (balance always; code and nonce when not empty/zero; every touched slot). `diffMode`: the
 * accounts that changed, before and after — unchanged accounts dropped, zero slots dropped, only changed fields
 * after, accounts created on an empty address not before, accounts created and destroyed not after.
 */
import type { StateView } from "../../state/account-data.js";
import { EMPTY_CODE_HASH } from "../../state/account-data.js";
import { toHex } from "../../util/hex.js";
import {
  balanceKey,
  keyAddress,
  keySlot,
  type AccessSets,
  type LocationKey,
  type LocationValue,
} from "../../vocabulary.js";

/** `tracerConfig` of `prestateTracer`. */
export interface PrestateConfig {
  readonly diffMode: boolean;
  readonly disableCode: boolean;
  readonly disableStorage: boolean;
}

/** What the answer is built from. */
export interface PrestateInput {
  readonly access: AccessSets;
  /** State before the execution (for code by hash). */
  readonly view: StateView;
  /** Addresses created by the execution (creations that, and whose callers, succeeded). */
  readonly created: ReadonlySet<string>;
  /** Addresses created and self-destructed by the execution. */
  readonly destroyed: ReadonlySet<string>;
}

interface AccountFields {
  balance: bigint;
  nonce: bigint;
  codeHash: string;
  storage: Map<string, bigint>;
}

type AccountState = Record<string, unknown>;

const hex = (v: bigint): string => `0x${v.toString(16)}`;
const word = (v: bigint): string => `0x${v.toString(16).padStart(64, "0")}`;

/** Accounts by address from a read or write set: fields and storage slots. */
function accountsOf(set: ReadonlyMap<LocationKey, LocationValue>): Map<string, Partial<AccountFields>> {
  const accounts = new Map<string, Partial<AccountFields>>();
  for (const [key, value] of set) {
    const address = keyAddress(key);
    const account = accounts.get(address) ?? {};
    accounts.set(address, account);
    const kind = key.slice(0, key.indexOf(":"));
    if (kind === "storage" && typeof value === "bigint") {
      account.storage ??= new Map();
      account.storage.set(keySlot(key), value);
    } else if (kind === "balance" && typeof value === "bigint") account.balance = value;
    else if (kind === "nonce" && typeof value === "bigint") account.nonce = value;
    else if (kind === "code" && typeof value === "string") account.codeHash = value;
  }
  return accounts;
}

class StateBuilder {
  constructor(
    private readonly input: PrestateInput,
    private readonly config: PrestateConfig,
  ) {}

  code(hash: string): string | undefined {
    if (this.config.disableCode || hash === EMPTY_CODE_HASH) return undefined;
    const code = this.input.access.codes.get(hash) ?? this.input.view.code(hash);
    return code.length === 0 ? undefined : toHex(code);
  }

  state(fields: Omit<AccountFields, "storage">, storage: ReadonlyMap<string, bigint> | undefined): AccountState {
    const out: AccountState = { balance: hex(fields.balance) };
    const code = this.code(fields.codeHash);
    if (code !== undefined) out.code = code;
    if (fields.nonce !== 0n) out.nonce = Number(fields.nonce);
    if (!this.config.disableStorage && storage !== undefined && storage.size > 0) {
      const slots = [...storage].sort(([a], [b]) => (a < b ? -1 : 1));
      out.storage = Object.fromEntries(slots.map(([slot, value]) => [slot, word(value)]));
    }
    return out;
  }
}

function before(address: string, read: Partial<AccountFields> | undefined, view: StateView): AccountFields {
  const base = view.account(address);
  return {
    balance: read?.balance ?? base?.balance ?? 0n,
    nonce: read?.nonce ?? base?.nonce ?? 0n,
    codeHash: read?.codeHash ?? base?.codeHash ?? EMPTY_CODE_HASH,
    storage: read?.storage ?? new Map(),
  };
}

/** The `prestateTracer` answer. */
export function prestateTrace(input: PrestateInput, config: PrestateConfig): unknown {
  const reads = accountsOf(input.access.reads);
  const writes = accountsOf(input.access.writes);
  const addresses = [...new Set([...reads.keys(), ...writes.keys()])].sort();
  const builder = new StateBuilder(input, config);
  if (!config.diffMode) {
    const pre = addresses.map((a) => {
      const fields = before(a, reads.get(a), input.view);
      return [a, builder.state(fields, fields.storage)];
    });
    return Object.fromEntries(pre);
  }
  return diffTrace(input, addresses, reads, writes, builder);
}

function diffTrace(
  input: PrestateInput,
  addresses: readonly string[],
  reads: Map<string, Partial<AccountFields>>,
  writes: Map<string, Partial<AccountFields>>,
  builder: StateBuilder,
): unknown {
  const pre: Record<string, AccountState> = {};
  const post: Record<string, AccountState> = {};
  for (const address of addresses) {
    const old = before(address, reads.get(address), input.view);
    const changed = writes.get(address) ?? {};
    const changedSlots = changed.storage ?? new Map<string, bigint>();
    const oldSlots = new Map([...changedSlots.keys()].map((slot) => [slot, old.storage.get(slot) ?? 0n]));
    // A credit the transaction made without observing the balance is a delta (state/tx-state.ts), not a write.
    const credit = input.access.deltas.get(balanceKey(address)) ?? 0n;
    const next = {
      balance: changed.balance ?? old.balance + credit,
      nonce: changed.nonce ?? old.nonce,
      codeHash: changed.codeHash ?? old.codeHash,
    };
    const preState = builder.state(old, oldSlots);
    const postState = builder.state(next, changedSlots);
    if (JSON.stringify(preState) === JSON.stringify(postState)) continue;
    dropZeroSlots(preState);
    dropZeroSlots(postState);
    for (const field of ["balance", "nonce", "code"]) if (postState[field] === preState[field]) delete postState[field];
    const wasEmpty = old.balance === 0n && old.nonce === 0n && old.codeHash === EMPTY_CODE_HASH;
    if (!(input.created.has(address) && wasEmpty)) pre[address] = preState;
    if (!input.destroyed.has(address)) post[address] = postState;
  }
  return { post, pre };
}

function dropZeroSlots(state: AccountState): void {
  const storage = state.storage as Record<string, string> | undefined;
  if (storage === undefined) return;
  const kept = Object.entries(storage).filter(([, value]) => BigInt(value) !== 0n);
  if (kept.length === 0) delete state.storage;
  else state.storage = Object.fromEntries(kept);
}
