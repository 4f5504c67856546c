import { expect } from "chai";

import { ParallelProvider } from "../../../src/runtime/rpc/parallel-provider.js";

import { capRequest, estimateOn } from "./helpers/estimate-request.js";

const at = (i: number): string => `0x${(0xca11e0 + i).toString(16).padStart(40, "0")}`;
const IDENTITY = `0x${"4".padStart(40, "0")}`;

/** CALL(gas, to, value, in 0..inLength, no output) and POP of its status; gas "GAS" is Solidity's `gas()`. */
const call = (to: string, gas: "GAS" | number, value = 0, inLength = 0): string =>
  `5f5f60${inLength.toString(16).padStart(2, "0")}5f60${value.toString(16).padStart(2, "0")}73${to.slice(2)}` +
  `${gas === "GAS" ? "5a" : `62${gas.toString(16).padStart(6, "0")}`}f150`;
/** STATICCALL or DELEGATECALL (no value) with the gas left, status popped. */
const noValueCall = (opcode: "fa" | "f4", to: string): string => `5f5f5f5f73${to.slice(2)}5a${opcode}50`;
const STORE_2 = "6001600255"; // SSTORE(2, 1): a fresh write after the call
const STOP = "00";

/** Callees (hand-assembled runtime code). */
const CALLEES = {
  storesFresh: "600760015500", // SSTORE(1, 7): 22,100 gas, more than 1/64 of what is left is kept back from it
  storesGasLeft: "5a60005500", // SSTORE(0, GAS): its behaviour depends on the gas it gets
  reverts: "5f5ffd",
  clearsSlot: "5f5f5500", // SSTORE(0, 0) over a non-zero slot: a refund
  adds: "600160020100", // pure arithmetic
} as const;
const callee = (name: keyof typeof CALLEES): string => at(Object.keys(CALLEES).indexOf(name));

/** Callers: [name, code, whether the shortcut must save runs (false: it must not apply)]. */
const CALLERS: readonly (readonly [string, string, boolean])[] = [
  ["a call with all gas to a fresh store", call(callee("storesFresh"), "GAS") + STOP, true],
  ["a call then a fresh store of its own", call(callee("storesFresh"), "GAS") + STORE_2 + STOP, true],
  ["a call asking 50,000 gas of a fresh store", call(callee("storesFresh"), 50_000) + STOP, true],
  ["a call to a reverting callee, then a store", call(callee("reverts"), "GAS") + STORE_2 + STOP, true],
  ["a call to a callee with a refund", call(callee("clearsSlot"), "GAS") + STOP, true],
  ["two calls", call(callee("storesFresh"), "GAS") + call(callee("clearsSlot"), "GAS") + STOP, true],
  ["a call to the identity precompile", call(IDENTITY, "GAS", 0, 32) + STORE_2 + STOP, true],
  ["a DELEGATECALL to a fresh store", noValueCall("f4", callee("storesFresh")) + STOP, true],
  ["a STATICCALL to pure code, then a store", noValueCall("fa", callee("adds")) + STORE_2 + STOP, true],
  ["a call to a callee that stores its gas left", call(callee("storesGasLeft"), "GAS") + STOP, false],
  ["a call with value (the stipend)", call(callee("storesFresh"), "GAS", 1) + STOP, false],
  ["a STATICCALL that halts (a store in a static frame)", noValueCall("fa", callee("storesFresh")) + STOP, false],
];
const NESTED = CALLERS.length; // calls the first caller, which calls the fresh store

describe("runtime/chain: eth_estimateGas decides probes of runs with inner calls without running them", () => {
  for (const mode of ["noInternalOutOfGas", "topLevelSuccess"] as const) {
    describe(`gasEstimationMode ${mode}`, () => {
      let provider: ParallelProvider;
      const estimate = (to: string, exactRunShortcut: boolean) =>
        estimateOn(provider, capRequest(provider, to), exactRunShortcut);

      before(async () => {
        provider = await ParallelProvider.create({ log: () => undefined, chain: { gasEstimationMode: mode } });
        const set = (address: string, code: string) =>
          provider.request({ method: "hardhat_setCode", params: [address, `0x${code}`] });
        for (const [i, code] of Object.values(CALLEES).entries()) await set(at(i), code);
        for (const [i, [, code]] of CALLERS.entries()) await set(at(100 + i), code);
        await set(at(100 + NESTED), call(at(100), "GAS") + STOP);
        const slot = `0x${"01".padStart(64, "0")}`;
        await provider.request({ method: "hardhat_setStorageAt", params: [callee("clearsSlot"), "0x0", slot] });
        await provider.request({ method: "hardhat_setBalance", params: [at(100 + 10), "0x10"] });
        // The watch proves its interpreter is the wrapped one from an estimate's first gas read.
        await estimate(at(100), true);
      });

      const cases = [...CALLERS, ["a call to a contract that calls a fresh store", "", true] as const];
      for (const [i, [name, , saves]] of cases.entries()) {
        it(`${name}: the full search's answer, ${saves ? "in fewer runs" : "every run made"}`, async () => {
          const fast = await estimate(at(100 + i), true);
          const full = await estimate(at(100 + i), false);
          expect(fast).to.have.keys(Object.keys(full));
          if (!("gas" in fast) || !("gas" in full)) return;
          expect(fast.gas).to.equal(full.gas);
          if (!saves) expect(fast.runs).to.equal(full.runs);
          else if (mode === "noInternalOutOfGas") expect(fast.runs).to.equal(1);
          // Where an inner frame runs short and the transaction succeeds, only a run can tell what follows.
          else expect(fast.runs).to.be.at.most(full.runs);
        });
      }
    });
  }
});
