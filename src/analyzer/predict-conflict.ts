/**
 * The analysis instantiated on two executed transactions: may they conflict (one writes a storage slot, of any
 * contract, the other reads or writes)? Each transaction's predicted accesses are its entry function's own ones
 * at the called address and its composed ones (`compose-calls.ts`) at the instance's address, with every key
 * valued by the transaction (sender, origin, calldata words, the called address); keys execution alone does not
 * tell are wildcards. Contracts of different classes never share storage; two instances of one class only at
 * the same address. A transaction marked `reverted` also brings its function's `reverting` accesses (paths that
 * always revert, left out of the pair classes, which describe transactions that succeed). Used by executed
 * ground-truth checks: a "no" that execution contradicts is a soundness bug.
 */
import type { ExecutedTransaction } from "./executed-transaction.js";
import { keyValue } from "./key-values.js";
import { forwardedBytes } from "./forwarded-calldata.js";
import { type KeySource, type SymbolicLocation, keyText } from "./locations.js";
import type { AccessJson, AnalysisResult, ContractJson, FunctionJson, LocationJson } from "./result.js";
import { contradicted } from "./access-conditions.js";
import { functionFor } from "./soundness.js";
import { balanceLocation, isBalance } from "./eth-balance.js";
import { placedLocations } from "./placed-locations.js";
import { type Placed, placedConflict } from "./placed-conflict.js";
import { withUntouched } from "./untouched-slots.js";
import { calleeCallKeys, composedInstances } from "./callee-instances.js";
import { storedWords, withoutUnchangedWrites } from "./unchanged-writes.js";
import { withUnreached } from "./unreached-accesses.js";
import { type Immutables, keyId, withImmutables } from "./key-value-sets.js";

/** A commutative write of an ETH balance is a credit (`eth-balance.ts`): two credits commute. */
const credit = (location: LocationJson, write: boolean, commutative: boolean) =>
  write && commutative && isBalance(location) ? { credit: true as const } : {};

/** The pseudo-address every ETH balance is placed at: balances of accounts alias by their account key. */
const BALANCES = "balance";
const lower = (a: string) => a.toLowerCase();

/** Deployments by lowercase address (build once and pass it to `placedConflict` for many pairs). */
export function deploymentIndex(deployments: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(deployments).map(([a, n]) => [lower(a), n]));
}

function unknownAll(address: string, contract: string, reason: string): Placed[] {
  const loc: SymbolicLocation = {
    text: reason,
    root: { kind: "unknown", reason },
    levels: [],
    deep: true,
    type: { kind: "unknown", reason },
  };
  return [{ address, contract, write: true, location: loc }];
}

function findContract(result: AnalysisResult, name: string | undefined): ContractJson | undefined {
  if (name === undefined) return undefined;
  return result.contracts.find((c) => c.name === name || `${c.sourceName}:${c.name}` === name);
}

/** The predicted accesses of one executed transaction, over every contract it can reach. */
export function placedAccesses(
  result: AnalysisResult,
  deployments: Record<string, string>,
  tx: ExecutedTransaction,
  immutables?: Immutables,
): Placed[] {
  return withImmutables(tx, immutables, () => placedWith(result, deployments, tx));
}

function placedWith(result: AnalysisResult, deployments: Record<string, string>, tx: ExecutedTransaction): Placed[] {
  const byAddress = deploymentIndex(deployments);
  const first = placedCall(result, byAddress, tx, 0);
  // Placed again with the slots none of its possible writes reaches valued by its record (`untouched-slots.ts`);
  // a reverted transaction may have run paths that revert, whose writes the placement leaves out.
  const valued = tx.reverted !== true && tx.accesses.some((a) => a.value !== undefined);
  const writes = first.filter((p) => p.write);
  // Then writes storing what their slot held are not writes (`unchanged-writes.ts`).
  const out = valued
    ? withoutUnchangedWrites(
        tx,
        withUntouched(tx, { result, writes, byAddress }, () => placedCall(result, byAddress, tx, 0)),
        byAddress,
      )
    : first;
  // What a reverted transaction wrote was undone: it only depends on what it touched.
  const placed = tx.reverted === true ? out.map(({ credit: _credit, ...p }) => ({ ...p, write: false })) : out;
  return [...placed.map(atAccount), gasPayment(tx)];
}

/**
 * A call `fn` forwards (`target.call(data)`, both parameters, `compose-calls.ts`; or calldata packed with a
 * sender suffix, `forwarded-calldata.ts`): placed as the call execution tells — `data` run at `target` with this contract as its sender, its keys read from no recorded values, its
 * reverting paths' reads included (it may revert inside a successful transaction); undefined when not told.
 */
function forwardedCall(
  result: AnalysisResult,
  byAddress: Map<string, string>,
  tx: ExecutedTransaction,
  fn: FunctionJson,
  depth: number,
): (f: NonNullable<ComposedJson["forward"]>) => Placed[] | undefined {
  return (f) => {
    const call = { from: tx.from, to: tx.to, input: tx.input };
    const target = keyValue(f.target, call, tx, fn);
    const data = forwardedBytes(f, call, tx, fn);
    if (depth >= 2 || target === "any" || data === undefined) return undefined;
    const to = `0x${target.toString(16).padStart(40, "0")}`;
    const input = `0x${data.toString("hex")}`;
    const inner = { hash: tx.hash, from: tx.to, origin: tx.origin ?? tx.from, to, input, accesses: [] };
    return placedCall(result, byAddress, inner, depth + 1);
  };
}

/** A call's own and composed accesses (`depth` > 0: a forwarded call inside the transaction). */
function placedCall(
  result: AnalysisResult,
  byAddress: Map<string, string>,
  tx: ExecutedTransaction,
  depth: number,
): Placed[] {
  const to = lower(tx.to);
  const contract = findContract(result, byAddress.get(to));
  if (contract === undefined) return unknownAll(to, "*", `no analysis of the contract at ${to}`);
  const out: Placed[] = [];
  for (const fn of functionFor(contract, tx.input)) {
    const value = (k: KeySource) => keyValue(k, { from: tx.from, to: tx.to, input: tx.input }, tx, fn);
    const own = (write: boolean) => (a: AccessJson) => {
      // An access made only under conditions the transaction's calldata and sender contradict is not made.
      if (tx.reverted !== true && contradicted(a.when, value)) return;
      const at = placedLocations(a.location, tx, fn);
      const stores = write && at.length === 1 ? storedWords(a, value) : undefined;
      for (const location of at)
        out.push({
          address: to,
          contract: contract.name,
          write,
          location,
          ...credit(a.location, write, a.commutative),
          ...(stores === undefined ? {} : { stores }),
        });
    };
    fn.reads.forEach(own(false));
    fn.writes.forEach(own(true));
    // A reverted transaction (or call) may have run a path that always reverts: its accesses count too.
    if (tx.reverted === true || depth > 0) (fn.reverting ?? []).forEach(own(false));
    out.push(...composedAccesses(fn, tx, byAddress, forwardedCall(result, byAddress, tx, fn, depth)));
  }
  if (out.length === 0 && contract.functions.length === 0) out.push(...unknownAll(to, contract.name, "no function"));
  return out;
}

type ComposedJson = NonNullable<FunctionJson["composed"]>[number];

/**
 * The called function's own call, with no callee the build tells, to its `msg.sender` — the transaction's sender,
 * an account without code (EIP-3607, as `isContract` keys assume): nothing runs there (`msg.sender.transfer(x)`,
 * solmate's `safeTransferETH(msg.sender, x)`). A call made inside a callee (`a → b`) has another sender.
 */
function callsSender(a: ComposedJson): boolean {
  return a.contract === "*" && a.location.root.kind === "unknown" && /^msg\.sender\.[^→]*$/.test(a.via);
}

function composedAccesses(
  fn: FunctionJson,
  tx: ExecutedTransaction,
  byAddress: Map<string, string>,
  forwarded: (f: NonNullable<ComposedJson["forward"]>) => Placed[] | undefined,
): Placed[] {
  const out: Placed[] = [];
  // Grouped by call and instance, each key stringified once and each group appended to in place.
  const byVia = new Map<string, ComposedJson[]>();
  for (const a of fn.composed ?? []) {
    const key = `${a.via}|${keyId(a.instance)}`;
    const group = byVia.get(key);
    if (group === undefined) byVia.set(key, [a]);
    else group.push(a);
  }
  for (const group of byVia.values()) {
    const first = group[0];
    if (first === undefined || callsSender(first)) continue;
    const passedOn = first.forward === undefined ? undefined : forwarded(first.forward);
    if (passedOn !== undefined) {
      out.push(...passedOn);
      continue;
    }
    const v = composedInstances(first, tx, fn);
    const hex = (x: bigint) => `0x${x.toString(16).padStart(40, "0")}`;
    for (const address of v === "any" ? ["any"] : v.map(hex))
      out.push(...placedGroup(group, address, byAddress, tx, fn));
  }
  return out;
}

/** One group of composed accesses (one call, one instance key) placed at one value of its instance. */
function placedGroup(
  group: readonly ComposedJson[],
  address: string,
  byAddress: Map<string, string>,
  tx: ExecutedTransaction,
  fn: FunctionJson,
): Placed[] {
  const first = group[0];
  if (first === undefined) return [];
  const value = (k: KeySource) => keyValue(k, { from: tx.from, to: tx.to, input: tx.input }, tx, fn);
  const deployed = address === "any" ? undefined : byAddress.get(address);
  const classes = new Set(group.map((a) => a.contract));
  // The instance is a contract none of the candidates is: its code was not composed, anything may happen there.
  if (address !== "any" && (deployed === undefined || (!classes.has(deployed) && !classes.has("*"))))
    return unknownAll(address, "*", `call ${first.via} reaches ${deployed ?? "an unanalyzed contract"}`);
  const out: Placed[] = [];
  for (const a of group) {
    if (deployed !== undefined && a.contract !== deployed && a.contract !== "*") continue;
    // Made only under facts the transaction contradicts (its top-level call's values): not made.
    if (tx.reverted !== true && contradicted(a.when, value)) continue;
    const balance = address === "any" ? ownBalanceOfCallee(a, classes) : undefined;
    const location = address === "any" ? a.location : calleeCallKeys(a, address, tx);
    for (const loc of balance === undefined ? placedLocations(location, tx, fn) : [balance])
      out.push({
        address,
        contract: a.contract,
        write: a.mode === "write",
        location: loc,
        ...credit(a.location, a.mode === "write", a.commutative),
      });
  }
  return out;
}

/**
 * The callee's own ETH balance reached through a call to an instance execution does not tell (`asset` held in
 * an immutable): the account runs the callee's code, so it is a contract — never a transaction's sender, whose
 * gas payment it would otherwise meet (EIP-3607, the assumption `isContract` keys make). Its class stays open
 * (`*`): composed balances are merged across the candidates.
 */
function ownBalanceOfCallee(a: ComposedJson, classes: ReadonlySet<string>): SymbolicLocation | undefined {
  if (!isBalance(a.location) || classes.has("*")) return undefined;
  const account = a.location.levels[1]?.key;
  if (account === undefined || keyId(account) !== keyId(a.instance)) return undefined;
  return balanceLocation({ kind: "storage", text: keyText(a.instance), contract: "*" });
}

/** An ETH balance is placed at its account (`balance` for every account), not at the contract reaching it. */
function atAccount(p: Placed): Placed {
  return isBalance(p.location) ? { ...p, address: BALANCES, contract: BALANCES } : p;
}

/** Every transaction pays gas from its sender's balance (even a reverted one). */
function gasPayment(tx: ExecutedTransaction): Placed {
  const from: KeySource = { kind: "const", text: tx.from, value: BigInt(tx.from).toString() };
  return { address: BALANCES, contract: BALANCES, write: true, location: balanceLocation(from), gas: true };
}

/**
 * Whether the analysis says the two executed transactions may conflict, and on which predicted locations;
 * `accounts`: other senders (of the block), accounts without code (`placedConflict`); `immutables`: the
 * deployments' immutable values by address, for keys computed from them (`key-value-sets.ts`). Each transaction's placed
 * accesses gain an unknown write wherever its record holds storage none of them reaches (`unreached-accesses.ts`);
 * `placedAccesses` alone, the analysis' own prediction, leaves that out (the report's precision oracle counts
 * such an access as the analysis' miss).
 */
export function mayConflict(
  result: AnalysisResult,
  deployments: Record<string, string>,
  a: ExecutedTransaction,
  b: ExecutedTransaction,
  accounts: readonly string[] = [],
  immutables?: Immutables,
): { conflict: boolean; on?: [string, string] } {
  const byAddress = deploymentIndex(deployments);
  // Storage a record holds where nothing predicted reaches: code ran that the analysis did not model.
  const placed = (tx: ExecutedTransaction) =>
    withUnreached(tx, placedAccesses(result, deployments, tx, immutables), byAddress);
  const on = placedConflict(placed(a), placed(b), byAddress, [a.from, b.from], accounts);
  return on === undefined ? { conflict: false } : { conflict: true, on };
}
