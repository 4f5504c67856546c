import type { TypedTransaction } from "@ethereumjs/tx";
import { Address } from "@ethereumjs/util";
import { expect } from "chai";
import type { Interface } from "ethers";

import { createEnvironmentBlock } from "../../../src/runtime/chain/block-assembly.js";
import type { ExecutedTx } from "../../../src/runtime/exec/block-execution.js";
import { isSkipped, runTransaction } from "../../../src/runtime/exec/run-transaction.js";
import { addCodeWrite, type StateView } from "../../../src/runtime/state/account-data.js";
import { FlatState } from "../../../src/runtime/state/flat-state.js";
import { LazyBalanceAccount } from "../../../src/runtime/state/lazy-balance-account.js";
import { OverlayView } from "../../../src/runtime/state/overlay-view.js";
import { TxState } from "../../../src/runtime/state/tx-state.js";
import { fromHex, toHex } from "../../../src/runtime/util/hex.js";
import {
  balanceKey,
  codeKey,
  nonceKey,
  type AccessSets,
  type LocationKey,
  type LocationValue,
} from "../../../src/runtime/vocabulary.js";
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

/** Nonces an unobserved nonce is re-run at: none may change anything. */
const OTHER_NONCES = [0n, 2n, 1000n, (1n << 64n) - 1n];

describe("runtime/state: a transaction reads a contract's nonce only when it observes it", function () {
  this.timeout(120_000);
  let w: FuzzWorld;
  let vault: string;
  let other: string;
  let factory: string;
  let user: string;
  let vaultAbi: Interface;
  let factoryAbi: Interface;
  const SALT = `0x${"ab".repeat(32)}`;
  let child2: string;

  before(async () => {
    w = await createWorld(4);
    vault = w.contracts.Vault0 ?? "";
    other = w.contracts.Vault1 ?? "";
    factory = w.contracts.Factory ?? "";
    user = w.accounts[1] ?? "";
    vaultAbi = w.interfaces.Vault as Interface;
    factoryAbi = w.interfaces.Factory as Interface;
    const deploy2 = tx(
      w,
      user,
      factory,
      fromHex(factoryAbi.encodeFunctionData("create2", [SALT, false])),
      0n,
      300_000n,
    );
    const fund = tx(w, user, vault, new Uint8Array(0), 10n ** 18n, 60_000n);
    const block = await runBlock(w, w.sequential, [deploy2, fund], COINBASES[0] ?? "");
    w.blockNumber++;
    child2 = `0x${toHex(block.executed[0]?.returnValue ?? new Uint8Array()).slice(-40)}`;
    expect(w.state.account(child2)?.codeHash).to.not.equal(undefined);
  });

  function call(to: string, abi: Interface, fn: string, args: unknown[], value = 0n, from = user): TypedTransaction {
    w.nonces.set(from, w.state.account(from)?.nonce ?? 0n);
    const sent = tx(w, from, to, fromHex(abi.encodeFunctionData(fn, args)), value, 300_000n);
    syncNonces(w);
    return sent;
  }

  async function run(sent: TypedTransaction, view: StateView = w.state): Promise<ExecutedTx> {
    const coinbase = COINBASES[0] ?? "";
    const envBlock = createEnvironmentBlock(w.common, {
      number: w.blockNumber,
      parentHash: new Uint8Array(32),
      timestamp: 1_700_000_000n + w.blockNumber,
      coinbase,
      gasLimit: 30_000_000n,
      baseFeePerGas: 7n,
      prevRandao: new Uint8Array(32),
    });
    const result = await runTransaction(w.context, view, sent, envBlock, 0n, coinbase, false);
    if (isSkipped(result)) throw new Error(`skipped: ${result.message}`);
    return result;
  }

  /**
   * Runs `sent` and checks the read set is complete for the nonces of `addresses`: one not recorded as read,
   * changed to any other value, gives the very same outcome. Returns the first run.
   */
  async function runChecked(sent: TypedTransaction, addresses: string[]): Promise<ExecutedTx> {
    const first = await run(sent);
    for (const address of addresses.filter((a) => !first.access.reads.has(nonceKey(a)))) {
      for (const nonce of OTHER_NONCES) {
        const changed = new OverlayView(w.state, new Map([[nonceKey(address), nonce]]));
        expect(outcome(await run(sent, changed)), `nonce of ${address}: ${nonce}`).to.equal(outcome(first));
      }
    }
    return first;
  }

  it("views, calls, deposits, BALANCE and calls into other contracts read their code, not their nonce", async () => {
    const calls = [
      call(vault, vaultAbi, "total", [user]),
      call(vault, vaultAbi, "poke", []),
      call(vault, vaultAbi, "deposit", [], 5n),
      call(vault, vaultAbi, "forward", [other], 7n),
      call(vault, vaultAbi, "balanceOfAccount", [other]),
      call(vault, vaultAbi, "touch", [other]),
      call(factory, factoryAbi, "made", []),
    ];
    for (const sent of calls) {
      const { access, status } = await runChecked(sent, [vault, other, factory, child2]);
      expect(status).to.equal(1);
      for (const a of [vault, other, factory]) expect(access.reads.has(nonceKey(a)), a).to.equal(false);
      const callee = toHex(sent.to?.bytes ?? new Uint8Array());
      expect(access.reads.has(codeKey(callee))).to.equal(true);
    }
  });

  it("the contract's own CREATE reads its nonce (the child's address) and writes the next one", async () => {
    const make = call(vault, vaultAbi, "make", [0n]);
    const { access, status, returnValue } = await runChecked(make, [other, factory]);
    expect(status).to.equal(1);
    const nonce = w.state.account(vault)?.nonce ?? 0n;
    expect(access.reads.get(nonceKey(vault))).to.equal(nonce);
    expect(access.writes.get(nonceKey(vault))).to.equal(nonce + 1n);
    // The read is real: another nonce deploys another child.
    const changed = await run(make, new OverlayView(w.state, new Map([[nonceKey(vault), nonce + 5n]])));
    expect(toHex(changed.returnValue)).to.not.equal(toHex(returnValue));
  });

  it("CREATE2 reads the creator's nonce (it bumps it; EIP-2681's limit) and a taken target's (collision)", async () => {
    const fresh = await runChecked(call(factory, factoryAbi, "create2", [`0x${"cd".repeat(32)}`, false]), [vault]);
    expect(fresh.status).to.equal(1);
    const nonce = w.state.account(factory)?.nonce ?? 0n;
    expect(fresh.access.reads.get(nonceKey(factory))).to.equal(nonce);
    expect(fresh.access.writes.get(nonceKey(factory))).to.equal(nonce + 1n);
    const collision = await runChecked(call(factory, factoryAbi, "create2", [SALT, false]), [vault]);
    expect(collision.status).to.equal(0);
    expect(collision.access.reads.get(nonceKey(child2))).to.equal(w.state.account(child2)?.nonce);
  });

  it("a CREATE that fails before the nonce check (value beyond the balance) reads no nonce", async () => {
    const poor = await runChecked(call(vault, vaultAbi, "make", [10n ** 30n]), [vault]);
    expect(poor.status).to.equal(0);
    expect(poor.access.reads.has(nonceKey(vault))).to.equal(false);
  });

  it("a sender with code (impersonated contract) reads its nonce", async () => {
    const fromContract = await run(call(other, vaultAbi, "poke", [], 0n, vault));
    expect(fromContract.status).to.equal(1);
    expect(fromContract.access.reads.get(nonceKey(vault))).to.equal(w.state.account(vault)?.nonce);
  });

  it("TxState: emptiness and write-backs do not observe; a read, a deletion and a nonce write do", async () => {
    const addr = `0x${"c0".repeat(20)}`;
    const flat = new FlatState();
    const writes = new Map<LocationKey, LocationValue>([[nonceKey(addr), 3n]]);
    const codes = new Map<string, Uint8Array>();
    addCodeWrite(writes, codes, addr, Uint8Array.of(0x60, 0x00));
    flat.apply(writes, codes);
    for (const observe of ["nothing", "read", "delete", "modify"] as const) {
      const state = new TxState(flat);
      state.begin(flat);
      const address = new Address(fromHex(addr));
      const account = await state.getAccount(address);
      expect(account).to.be.instanceOf(LazyBalanceAccount);
      expect(account?.isEmpty()).to.equal(false);
      if (account !== undefined) await state.putAccount(address, account);
      if (observe === "read") expect(account?.nonce).to.equal(3n);
      if (observe === "delete") await state.deleteAccount(address);
      if (observe === "modify") await state.modifyAccountFields(address, { nonce: 4n });
      const { reads, writes } = state.finish();
      expect(reads.get(nonceKey(addr)), observe).to.equal(observe === "nothing" ? undefined : 3n);
      expect(reads.has(codeKey(addr)), observe).to.equal(true);
      expect(reads.has(balanceKey(addr)), observe).to.equal(observe === "delete");
      expect(writes.get(nonceKey(addr)), observe).to.equal({ delete: 0n, modify: 4n }[observe as string]);
    }
  });
});
