import type { TypedTransaction } from "@ethereumjs/tx";
import { expect } from "chai";
import type { Interface } from "ethers";

import { createEnvironmentBlock } from "../../../src/runtime/chain/block-assembly.js";
import type { ExecutedTx } from "../../../src/runtime/exec/block-execution.js";
import { isSkipped, runTransaction } from "../../../src/runtime/exec/run-transaction.js";
import type { StateView } from "../../../src/runtime/state/account-data.js";
import { OverlayView } from "../../../src/runtime/state/overlay-view.js";
import { fromHex, toHex } from "../../../src/runtime/util/hex.js";
import { balanceKey, codeKey, nonceKey, type AccessSets } from "../../../src/runtime/vocabulary.js";
import { COINBASES, createWorld, runBlock, syncNonces, tx, type FuzzWorld } from "../parallel/helpers/fuzz-world.js";

/** What must not change when a location outside the read set changes. */
function outcome(e: ExecutedTx): string {
  const sets = (a: AccessSets): unknown => [[...a.writes], [...a.deltas]].map((m) => m.map(([k, v]) => `${k}=${v}`));
  const logs = e.logs.map(([a, t, d]) => [toHex(a), t.map(toHex), toHex(d)]);
  return JSON.stringify({
    status: e.status,
    gas: String(e.gasUsed),
    ret: toHex(e.returnValue),
    logs,
    sets: sets(e.access),
  });
}

describe("runtime/state: a transaction reads an account's balance only when it observes it", function () {
  this.timeout(120_000);
  let w: FuzzWorld;
  let vault: string;
  let other: string;
  let user: string;
  let vaultAbi: Interface;
  const VAULT_FUNDS = 5_000n;

  before(async () => {
    w = await createWorld(4);
    vault = w.contracts.Vault0 ?? "";
    other = w.contracts.Vault1 ?? "";
    user = w.accounts[1] ?? "";
    vaultAbi = w.interfaces.Vault as Interface;
    const funding = [vault, other].map((v) => tx(w, user, v, new Uint8Array(0), VAULT_FUNDS, 60_000n));
    await runBlock(w, w.sequential, funding, COINBASES[0] ?? "");
    w.blockNumber++;
    expect(w.state.account(vault)?.balance).to.equal(VAULT_FUNDS);
  });

  /** A call of the vault at `to`, not committed (the sender's nonce is handed out again). */
  function vaultCall(fn: string, args: unknown[], value = 0n, to = vault): TypedTransaction {
    const call = tx(w, user, to, fromHex(vaultAbi.encodeFunctionData(fn, args)), value, 300_000n);
    syncNonces(w);
    return call;
  }

  async function run(
    call: TypedTransaction,
    view: StateView = w.state,
    lazyRecipients = false,
    coinbase = COINBASES[0] ?? "",
  ): Promise<ExecutedTx> {
    const envBlock = createEnvironmentBlock(w.common, {
      number: w.blockNumber,
      parentHash: new Uint8Array(32),
      timestamp: 1_700_000_000n + w.blockNumber,
      coinbase,
      gasLimit: 30_000_000n,
      baseFeePerGas: 7n,
      prevRandao: new Uint8Array(32),
    });
    const result = await runTransaction(w.context, view, call, envBlock, 0n, coinbase, lazyRecipients);
    if (isSkipped(result)) throw new Error(`skipped: ${result.message}`);
    return result;
  }

  /**
   * Runs `call` and checks the read set is complete for `address`'s balance: when it is not recorded as read,
   * running over a state where it differs gives the very same outcome (status, gas, logs, writes, deltas).
   * Returns the first run.
   */
  async function runChecked(call: TypedTransaction, addresses = [vault], lazyRecipients = false): Promise<ExecutedTx> {
    const first = await run(call, w.state, lazyRecipients);
    for (const address of addresses.filter((a) => !first.access.reads.has(balanceKey(a)))) {
      for (const balance of [0n, 1n, 10n ** 30n]) {
        const changed = new OverlayView(w.state, new Map([[balanceKey(address), balance]]));
        const rerun = outcome(await run(call, changed, lazyRecipients));
        expect(rerun, `balance of ${address}: ${balance}`).to.equal(outcome(first));
      }
    }
    return first;
  }

  it("a view call and a nonpayable call read the callee's code, not its balance (nor its nonce)", async () => {
    for (const call of [vaultCall("total", [user]), vaultCall("poke", [])]) {
      const { access, status } = await runChecked(call);
      expect(status).to.equal(1);
      expect(access.reads.has(balanceKey(vault))).to.equal(false);
      expect(access.reads.has(codeKey(vault)) && !access.reads.has(nonceKey(vault))).to.equal(true);
      expect(access.writes.has(balanceKey(vault)) || access.deltas.has(balanceKey(vault))).to.equal(false);
    }
  });

  it("a payable deposit nothing observes is a delta of its value, not a read and a write", async () => {
    const { access } = await runChecked(vaultCall("deposit", [], 77n));
    expect(access.reads.has(balanceKey(vault))).to.equal(false);
    expect(access.writes.has(balanceKey(vault))).to.equal(false);
    expect(access.deltas.get(balanceKey(vault))).to.equal(77n);
  });

  it("plain ETH into a contract's receive() is a delta, with and without lazy recipients", async () => {
    for (const lazy of [false, true]) {
      const send = tx(w, user, vault, new Uint8Array(0), 9n, 60_000n);
      syncNonces(w);
      const { access } = await runChecked(send, [vault], lazy);
      expect(access.deltas.get(balanceKey(vault)), `lazy recipients ${lazy}`).to.equal(9n);
      expect(access.reads.has(balanceKey(vault))).to.equal(false);
    }
  });

  it("ETH passing through a contract to another: no read of either balance, one delta at the end", async () => {
    const { access, status } = await runChecked(vaultCall("forward", [other], 40n), [vault, other]);
    expect(status).to.equal(1);
    expect(access.deltas.get(balanceKey(other))).to.equal(40n);
    expect(access.reads.has(balanceKey(vault)) || access.reads.has(balanceKey(other))).to.equal(false);
    expect(access.deltas.has(balanceKey(vault)) || access.writes.has(balanceKey(vault))).to.equal(false);
  });

  it("a debit beyond what the transaction credited reads the balance (it may fail)", async () => {
    const { access, status } = await runChecked(vaultCall("withdraw", [41n], 40n));
    expect(status).to.equal(1);
    expect(access.reads.get(balanceKey(vault))).to.equal(VAULT_FUNDS);
    expect(access.writes.get(balanceKey(vault))).to.equal(VAULT_FUNDS - 1n);
  });

  it("CREATE with value 0 or with value the transaction paid in, a call touching an empty account: no read", async () => {
    const calls = [vaultCall("make", [0n]), vaultCall("make", [0n], 12n), vaultCall("touch", [`0x${"5e".repeat(20)}`])];
    for (const call of calls) {
      const { access, status } = await runChecked(call);
      expect(status).to.equal(1);
      expect(access.reads.has(balanceKey(vault))).to.equal(false);
    }
  });

  const observers: Array<[string, string, () => unknown[], bigint]> = [
    ["SELFBALANCE", "selfBalance", () => [], 0n],
    ["SELFBALANCE after a credit in the same call", "selfBalance", () => [], 33n],
    ["BALANCE of another address", "balanceOfAccount", () => [vault], 0n],
    ["a CALL with value out of the contract", "withdraw", () => [3n], 0n],
    ["a CREATE with more value than the transaction paid in", "make", () => [5n], 12n],
    ["a balance-dependent branch", "ifRich", () => [4_000n], 5n],
    ["SELFDESTRUCT", "kill", () => [`0x${"77".repeat(20)}`], 0n],
  ];
  for (const [name, fn, args, value] of observers) {
    it(`${name} reads the exact balance`, async () => {
      const to = fn === "balanceOfAccount" ? other : vault;
      const call = vaultCall(fn, args(), value, to);
      const { access, status } = await runChecked(call);
      expect(status, name).to.equal(1);
      expect(access.reads.get(balanceKey(vault)), name).to.equal(VAULT_FUNDS);
      expect(access.deltas.has(balanceKey(vault)), name).to.equal(false);
    });
  }

  it("SELFBALANCE sees the credit made before it in real terms", async () => {
    const { access } = await run(vaultCall("selfBalance", [], 33n));
    const seenSlot = [...access.writes].find(([k]) => k.startsWith(`storage:${vault}:`));
    expect(seenSlot?.[1]).to.equal(VAULT_FUNDS + 33n);
    expect(access.writes.get(balanceKey(vault))).to.equal(VAULT_FUNDS + 33n);
  });

  it("a credit in a reverted frame, a kept credit, then BALANCE: the read is of the real balance", async () => {
    const { access, status } = await runChecked(vaultCall("tryForward", [other], 40n), [vault, other]);
    expect(status).to.equal(1);
    expect(access.reads.get(balanceKey(other))).to.equal(VAULT_FUNDS);
    expect(access.writes.get(balanceKey(other))).to.equal(VAULT_FUNDS + 20n);
    const seenSlot = [...access.writes].find(([k]) => k.startsWith(`storage:${vault}:`));
    expect(seenSlot?.[1]).to.equal(VAULT_FUNDS + 20n + 1n);
  });

  it("a coinbase with code: credits and the fee are one delta; observed during execution, a read", async () => {
    const fee = (e: ExecutedTx): bigint => e.gasUsed * (e.effectiveGasPrice - 7n);
    const credited = await run(vaultCall("deposit", [], 5n, other), w.state, false, other);
    expect(credited.access.reads.has(balanceKey(other))).to.equal(false);
    expect(credited.access.deltas.get(balanceKey(other))).to.equal(5n + fee(credited));
    const observed = await run(vaultCall("selfBalance", [], 5n, other), w.state, false, other);
    expect(observed.access.reads.get(balanceKey(other))).to.equal(VAULT_FUNDS);
    const after = observed.access.writes.get(balanceKey(other)) as bigint | undefined;
    const delta = observed.access.deltas.get(balanceKey(other)) ?? 0n;
    expect((after ?? VAULT_FUNDS) + delta).to.equal(VAULT_FUNDS + 5n + fee(observed));
  });

  it("the balance of an account without nonce or code is read whenever it is loaded (it decides existence)", async () => {
    const empty = `0x${"5e".repeat(20)}`;
    const { access } = await runChecked(vaultCall("touch", [empty]), [empty]);
    expect(access.reads.get(balanceKey(empty))).to.equal(0n);
  });
});
