import { expect } from "chai";

import { checksBalanceSynchronously, installQuietBalanceChecks } from "../../../src/runtime/evm/balance-hooks.js";
import { loadInterpreterModule } from "../../../src/runtime/evm/evm-internals.js";

describe("runtime/evm: value-0 balance checks that do not observe the balance", () => {
  it("are installed on the installed @ethereumjs interpreter (its checks run before any await)", async () => {
    expect(await installQuietBalanceChecks()).to.equal(true);
    const module = (await loadInterpreterModule()) as { Interpreter: { prototype: Record<string, unknown> } };
    expect(String(module.Interpreter.prototype._baseCall)).to.include("quietly");
  });

  it("are refused for a method that awaits or reads another balance before its check", () => {
    const ok = async function (this: { _env: { contract: { balance: bigint } } }, msg: { value: bigint }) {
      if (this._env.contract.balance < msg.value) return 0;
      await Promise.resolve();
      return 1;
    };
    const awaitsFirst = async function (this: { _env: { contract: { balance: bigint } } }, msg: { value: bigint }) {
      await Promise.resolve();
      return this._env.contract.balance < msg.value;
    };
    const readsTwice = async function (this: { _env: { contract: { balance: bigint } } }, msg: { value: bigint }) {
      const b = this._env.contract.balance;
      return this._env.contract.balance < msg.value || b > 0n;
    };
    expect(checksBalanceSynchronously(ok, "msg.value")).to.equal(true);
    expect(checksBalanceSynchronously(awaitsFirst, "msg.value")).to.equal(false);
    expect(checksBalanceSynchronously(readsTwice, "msg.value")).to.equal(false);
    expect(checksBalanceSynchronously(undefined, "msg.value")).to.equal(false);
  });
});
