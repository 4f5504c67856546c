/**
 * The places where @ethereumjs reads an account's balance without the balance deciding anything, taught not
 * to read it, so that `TxState` records a balance as read only when it is observed
 * (`state/lazy-balance-account.ts`):
 *
 * - `EVM._addToBalance` (every CALL and CREATE credits the callee, value 0 included): a credit to an account
 *   whose balance is still unobserved is added to its placeholder (`credit`), not read.
 * - `EVM._reduceSenderBalance` (every CALL from a contract debits it, mostly by 0): when the transaction's own
 *   credits to the account cover the value (`covers`: value 0 always), `balance - value < 0` cannot hold and
 *   the debit is subtracted from the placeholder.
 * - `Interpreter._baseCall` and `Interpreter.create` (every CALL, STATICCALL and CREATE checks
 *   `contract.balance < value` first): with a covered value the check runs with the account `quiet`. Only
 *   installed when the check is the method's only balance read before its first `await` — the synchronous
 *   prefix the flag is set around.
 *
 * With EIP-7928 (block access lists) active, @ethereumjs's own methods run: they record balances themselves.
 */
import type { EVMInterface } from "@ethereumjs/evm";

import { LazyBalanceAccount } from "../state/lazy-balance-account.js";

import { loadInterpreterModule } from "./evm-internals.js";

interface ValueMessage {
  readonly value: bigint;
  readonly to: unknown;
  readonly caller: unknown;
  readonly delegatecall?: boolean;
}

interface BalanceMethods {
  _addToBalance(account: unknown, message: ValueMessage): Promise<void>;
  _reduceSenderBalance(account: unknown, message: ValueMessage): Promise<void>;
  readonly journal: { putAccount(address: unknown, account: unknown): Promise<void> };
  readonly common: { isActivatedEIP(eip: number): boolean };
}

/** Gives `evm` credits that do not read unobserved balances and covered debits that read none. */
export function installBalanceHooks(evm: EVMInterface): void {
  const target = evm as unknown as Partial<BalanceMethods>;
  if (typeof target._addToBalance !== "function" || typeof target._reduceSenderBalance !== "function") return;
  const methods = target as BalanceMethods;
  const add = methods._addToBalance.bind(evm);
  const reduce = methods._reduceSenderBalance.bind(evm);
  methods._addToBalance = async (account, message) => {
    const lazy = account instanceof LazyBalanceAccount && account.relative;
    if (!lazy || methods.common.isActivatedEIP(7928)) return add(account, message);
    account.credit(message.value);
    return methods.journal.putAccount(message.to, account);
  };
  methods._reduceSenderBalance = async (account, message) => {
    const covered = account instanceof LazyBalanceAccount && account.covers(message.value);
    if (!covered || methods.common.isActivatedEIP(7928)) return reduce(account, message);
    account.credit(-message.value);
    return methods.journal.putAccount(message.caller, account);
  };
}

interface InterpreterPrototype {
  _baseCall(this: QuietFrame, message: ValueMessage): Promise<unknown>;
  create(this: QuietFrame, gasLimit: bigint, value: bigint, ...rest: unknown[]): Promise<unknown>;
}

interface QuietFrame {
  readonly _env: { readonly contract: unknown };
}

/** Whether `method`'s only balance read before its first `await` is `this._env.contract.balance < <value>`. */
export function checksBalanceSynchronously(method: unknown, value: string): boolean {
  if (typeof method !== "function") return false;
  // Without whitespace: the single-file bundle and the test loader print functions compactly.
  const text = String(method).replace(/\s+/g, "");
  const awaitAt = text.indexOf("await");
  const prefix = awaitAt < 0 ? text : text.slice(0, awaitAt);
  return prefix.split(".balance").length === 2 && prefix.includes(`this._env.contract.balance<${value}`);
}

/** Runs `run` with the frame's account quiet when it covers `value` (see the file comment). */
function quietly<T>(frame: QuietFrame, value: bigint, run: () => T): T {
  const account = frame._env.contract;
  if (!(account instanceof LazyBalanceAccount) || !account.covers(value)) return run();
  account.quiet = true;
  try {
    return run();
  } finally {
    account.quiet = false;
  }
}

let installed: Promise<boolean> | undefined;

async function install(): Promise<boolean> {
  const module = (await loadInterpreterModule()) as { Interpreter?: { prototype: InterpreterPrototype } } | undefined;
  const proto = module?.Interpreter?.prototype;
  if (proto === undefined) return false;
  if (!checksBalanceSynchronously(proto._baseCall, "msg.value")) return false;
  if (!checksBalanceSynchronously(proto.create, "value")) return false;
  const baseCall = proto._baseCall;
  const create = proto.create;
  proto._baseCall = function (message) {
    const value = message.delegatecall === true ? 0n : message.value;
    return quietly(this, value, () => baseCall.call(this, message));
  };
  proto.create = function (gasLimit, value, ...rest) {
    return quietly(this, value, () => create.call(this, gasLimit, value, ...rest));
  };
  return true;
}

/** Installs the covered-value checks that do not observe balances, once per process; resolves to whether it could. */
export function installQuietBalanceChecks(): Promise<boolean> {
  installed ??= install().catch(() => false);
  return installed;
}
