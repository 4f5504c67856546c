/**
 * The ETH balance of an account as a location of its own, next to storage. The runtime (Block-STM) records an
 * account's balance like a storage slot and validates reads by value: a call with value to a contract reads its
 * balance and writes the new one (a read-modify-write, not a delta: only a plain value transfer to an account
 * without code is a lazy delta), ETH sent out reads and writes the sender contract's balance and the
 * recipient's, `address(x).balance` / `selfbalance()` / `balance(x)` read it — and every call into a contract
 * loads its account, so every entry point reads the contract's own balance.
 *
 * Modelled here: a location `ETH balance of <account>` (root `balance`, one map level keyed by the account), never
 * aliasing storage. A `payable` entry point (receive, payable fallback) writes `address(this)`'s balance (a call
 * with value 0 changes nothing and so writes nothing at run time: the class counts calls with value); a call
 * with a `value` option, `transfer`, `send`, `selfdestruct`, an assembly `call`/`create` whose value is not 0 write
 * both balances; and in a contract where anything writes its own balance, every entry point reads it. A payable
 * function that sends on exactly what it received leaves its balance unchanged: a read (`pass-through.ts`).
 */
import type { Expression, FunctionCall, FunctionDefinition } from "solidity-ast";
import type { Access, EvaluationContext } from "./evaluation-context.js";
import type { FunctionSummary, LocationAccess } from "./summary-shape.js";
import type { ComposedAccess } from "./compose-calls.js";
import { type KeySource, type SymbolicLocation, keyText } from "./locations.js";
import { passThroughSend } from "./pass-through.js";

/** `address(this)`: the running contract's own account. */
export const SELF: KeySource = { kind: "const", text: "address(this)" };

function isSelf(k: KeySource): boolean {
  return k.kind === "const" && k.value === undefined && /^(?:address\(|payable\()*this\)*$/.test(k.text);
}

/** The balance location of an account (`address(this)`, `msg.sender`, a parameter...). */
export function balanceLocation(account: KeySource): SymbolicLocation {
  const key = isSelf(account) ? SELF : account;
  return {
    text: `ETH balance of ${keyText(key)}`,
    root: { kind: "balance" },
    levels: [
      { via: "root", start: 0n, span: 1n },
      { via: "map", key, start: 0n, span: 1n },
    ],
    deep: false,
    type: { kind: "value", bytes: 32 },
  };
}

/** Whether a location is an ETH balance. */
export function isBalance(loc: { root: { kind: string } }): boolean {
  return loc.root.kind === "balance";
}

/** `address(x).balance`, `selfbalance()`, `balance(x)`: a read of the account's balance. */
export function readBalance(c: EvaluationContext, account: KeySource, src: string): void {
  c.read([balanceLocation(account)], src);
}

/** ETH sent from this contract to `recipient`: both balances are read and written. */
export function sendValue(c: EvaluationContext, recipient: KeySource, src: string): void {
  const locs = [balanceLocation(SELF), balanceLocation(recipient)];
  c.read(locs, src);
  c.write(locs, src);
}

/**
 * The recipient of a high-level call (`IWETH(WETH).deposit{value: v}()`): the call succeeds only if the target
 * has code (solc checks it, or decodes the return data), so an immutable or a stored address there is a
 * contract's — never a transaction's sender (EIP-3607).
 */
function withCode(key: KeySource, target: Expression): KeySource {
  if (!/^contract /.test(target.typeDescriptions.typeString ?? "")) return key;
  if (key.kind === "const" && key.value === undefined && !isSelf(key)) return { ...key, code: true };
  if (key.kind === "storage" && key.contract === undefined) return { ...key, contract: "*" };
  return key;
}

/**
 * The account a Solidity call sends ETH to, if it may send any: `x.transfer(v)`, `x.send(v)`, `x.call{value: v}`,
 * `I(x).f{value: v}()`, `new C{value: v}()` (an unknown new address). `undefined` when the call sends none.
 */
export function valueRecipient(call: FunctionCall, keyOf: (e: Expression) => KeySource): KeySource | undefined {
  const callee = call.expression;
  if (callee.nodeType === "FunctionCallOptions") {
    if (!callee.names.includes("value")) return undefined;
    const inner = callee.expression;
    if (inner.nodeType === "MemberAccess") return withCode(keyOf(inner.expression), inner.expression);
    return { kind: "unknown", reason: "address of a created contract", text: "<created>" };
  }
  if (callee.nodeType !== "MemberAccess") return undefined;
  const name = callee.memberName;
  const address = /^address/.test(callee.expression.typeDescriptions.typeString ?? "");
  return address && (name === "transfer" || name === "send") ? keyOf(callee.expression) : undefined;
}

/**
 * A `payable` entry point (or payable receive/fallback) credits the contract when called with value: its
 * accesses with the credit added — or, when it passes exactly the value received on (`pass-through.ts`) and
 * that send is its only write of the contract's balance, with that write removed (the balance ends unchanged).
 */
export function withEntryBalance(fn: FunctionDefinition, accesses: Access[]): Access[] {
  if (fn.stateMutability !== "payable") return accesses;
  const location = balanceLocation(SELF);
  const read: Access = { mode: "read", location, commutative: false, src: fn.src };
  const ownWrite = (a: Access) => a.mode === "write" && a.location.text === location.text;
  const through = passThroughSend(fn);
  if (through !== undefined && accesses.filter(ownWrite).every((a) => a.src === through))
    return [...accesses.filter((a) => !ownWrite(a)), read];
  return [...accesses, read, { mode: "write", location, commutative: false, src: fn.src }];
}

/**
 * Every call into a contract loads its account (balance included): in a contract where some entry point can
 * change its own balance, every entry point reads it. Contracts that never do keep their summaries as they are.
 */
export function withBalanceReads(summaries: FunctionSummary[]): FunctionSummary[] {
  const own = balanceLocation(SELF);
  const writesOwn = (s: FunctionSummary) => s.writes.some((w) => w.location.text === own.text);
  if (!summaries.some(writesOwn)) return summaries;
  const read: LocationAccess = { location: own, commutative: false, srcs: [] };
  return summaries.map((s) =>
    s.reads.some((r) => r.location.text === own.text && r.when === undefined) ? s : { ...s, reads: [...s.reads, read] },
  );
}

/**
 * The summaries with the balance changes their callees make on this contract's own account (a callee paying its
 * caller: `weth.withdraw(x)`), and every summary's composed accesses (keyed by the summaries returned).
 */
export function withComposedBalances(
  summaries: FunctionSummary[],
  compose: (s: FunctionSummary) => readonly ComposedAccess[],
): [FunctionSummary[], Map<FunctionSummary, readonly ComposedAccess[]>] {
  const own = balanceLocation(SELF);
  const ownAccess = (a: ComposedAccess) => isBalance(a.location) && a.location.text === own.text;
  const withOwn = summaries.map((s): [FunctionSummary, readonly ComposedAccess[]] => {
    const composed = compose(s);
    const modes = new Set(composed.filter(ownAccess).map((a) => a.mode));
    if (modes.size === 0) return [s, composed];
    const access: LocationAccess = { location: own, commutative: false, srcs: [] };
    const has = (list: LocationAccess[]) =>
      list.some((x) => x.location.text === own.text && !x.commutative && x.when === undefined);
    const reads = has(s.reads) ? s.reads : [...s.reads, access];
    const writes = !modes.has("write") || has(s.writes) ? s.writes : [...s.writes, access];
    return [{ ...s, reads, writes }, composed];
  });
  const out = withBalanceReads(withOwn.map(([s]) => s));
  return [out, new Map(out.map((s, i) => [s, withOwn[i]?.[1] ?? []]))];
}
