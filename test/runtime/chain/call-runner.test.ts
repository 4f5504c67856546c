import { expect } from "chai";
import { Interface } from "ethers";

import { estimateGas } from "../../../src/runtime/chain/call-runner.js";
import type { TxRequest } from "../../../src/runtime/chain/transaction-factory.js";
import { ParallelProvider } from "../../../src/runtime/rpc/parallel-provider.js";
import { bytecodeOf, compatHre } from "../../compat/helpers/compat-pair.js";

import { ALICE, CAP, capRequest, estimateOn } from "./helpers/estimate-request.js";

const BOB = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const token = new Interface(["function transfer(address to, uint256 amount) returns (bool)"]);

/** Hand-assembled runtime code, each at its own address. */
const CODES = {
  // SSTORE(0, 1) then SSTORE(0, 2): the second write is warm and dirty (100 gas) and the last thing the
  // transaction does, so with exactly the gas used it has far less than the 2,300-gas sentry left.
  lastCheapStore: "0x600160005560026000555f00",
  // SSTORE(0, GAS): the stored value is the gas left, which a smaller limit changes.
  storesGasLeft: "0x5a60005500",
  // SSTORE(0, 0) over a non-zero slot: a refund, so the limit must cover more than the gas used.
  clearsSlot: "0x5f5f5500",
  // CALL(gas: GAS, to: ALICE, value 0): hands on a share of the gas left.
  callsOut: "0x5f5f5f5f5f73f39fd6e51aad88f6f4ce6ab8827279cfffb922665af15000",
  // SSTORE(1, 7): one fresh write (22,100 gas) — far above the sentry even with exactly the gas used.
  singleStore: "0x600760015500",
} as const;
const addressOf = (i: number): string => `0x${(0xc0de00 + i).toString(16).padStart(40, "0")}`;

describe("runtime/chain: eth_estimateGas skips the run at the gas used only when it cannot differ", () => {
  let provider: ParallelProvider;
  let tokenAddress: string;

  const request = (to: string, data = "0x"): TxRequest => capRequest(provider, to, data);
  const estimate = async (req: TxRequest, exactRunShortcut: boolean) => {
    const result = await estimateOn(provider, req, exactRunShortcut);
    if ("failure" in result) throw new Error(`estimate failed: ${result.failure.error}`);
    if ("internalOutOfGas" in result) throw new Error("estimate failed: an inner call ran out of gas at the cap");
    return result;
  };

  before(async () => {
    await compatHre(); // compiles the fixture's Token (OpenZeppelin ERC20)
    provider = await ParallelProvider.create({ log: () => undefined });
    const deploy = await provider.request({
      method: "eth_sendTransaction",
      params: [{ from: ALICE, data: bytecodeOf("Token.sol", "Token") }],
    });
    const receipt = (await provider.request({ method: "eth_getTransactionReceipt", params: [deploy] })) as {
      contractAddress: string;
    };
    tokenAddress = receipt.contractAddress;
    for (const [i, code] of Object.values(CODES).entries())
      await provider.request({ method: "hardhat_setCode", params: [addressOf(i), code] });
    const clears = addressOf(Object.keys(CODES).indexOf("clearsSlot"));
    await provider.request({ method: "hardhat_setStorageAt", params: [clears, "0x0", `0x${"01".padStart(64, "0")}`] });
  });

  it("an ERC20 transfer, a single fresh store, a call handing on the gas left: one run, the full search's answer", async () => {
    const transfer = request(tokenAddress, token.encodeFunctionData("transfer", [BOB, 5n]));
    const store = request(addressOf(Object.keys(CODES).indexOf("singleStore")));
    const callsOut = request(addressOf(Object.keys(CODES).indexOf("callsOut")));
    for (const req of [transfer, store, callsOut]) {
      const fast = await estimate(req, true);
      const full = await estimate(req, false);
      expect(fast.gas).to.equal(full.gas);
      expect(fast.runs).to.equal(1);
      expect(full.runs).to.equal(2);
    }
  });

  it("a plain ETH transfer: one run, the same answer", async () => {
    const req = { ...request(BOB), value: 1n };
    const fast = await estimate(req, true);
    expect(fast).to.deep.equal({ gas: (await estimate(req, false)).gas, runs: 1 });
  });

  for (const [name, i] of [
    ["a cheap SSTORE last (the 2,300-gas sentry)", Object.keys(CODES).indexOf("lastCheapStore")],
    ["a refund (clearing a slot)", Object.keys(CODES).indexOf("clearsSlot")],
  ] as const) {
    it(`${name}, no gas read otherwise: one run, the binary search's answer (each probe's end is certain)`, async () => {
      const req = request(addressOf(i));
      const fast = await estimate(req, true);
      const full = await estimate(req, false);
      expect(fast.gas).to.equal(full.gas);
      expect(full.runs, "the full search probes").to.be.greaterThan(2);
      expect(fast.runs).to.equal(1);
    });
  }

  for (const [name, i] of [["GAS read into storage", Object.keys(CODES).indexOf("storesGasLeft")]] as const) {
    it(`${name}: the run at the gas used is still made, the same answer`, async () => {
      const req = request(addressOf(i));
      const fast = await estimate(req, true);
      const full = await estimate(req, false);
      expect(fast).to.deep.equal(full);
      expect(fast.runs).to.be.greaterThan(1);
    });
  }

  it("an ERC20 transfer of a whole balance (a refund): one run, the full search's answer", async () => {
    await provider.request({
      method: "eth_sendTransaction",
      params: [{ from: ALICE, to: tokenAddress, data: token.encodeFunctionData("transfer", [BOB, 1000n]) }],
    });
    const back = { ...request(tokenAddress, token.encodeFunctionData("transfer", [ALICE, 1000n])), from: BOB };
    const whole = { ...back, nonce: provider.chain.state.account(BOB)?.nonce ?? 0n };
    const fast = await estimate(whole, true);
    const full = await estimate(whole, false);
    expect(fast.gas).to.equal(full.gas);
    expect(full.runs, "the full search probes").to.be.greaterThan(2);
    expect(fast.runs).to.equal(1);
  });

  it("an EVM whose interpreter has not yet been seen through the wrapper gets no shortcut", async () => {
    const fresh = await ParallelProvider.create({ log: () => undefined });
    const { chain } = fresh;
    const env = { ...chain.nextEnvironment(), baseFeePerGas: 0n };
    const ethTransfer = { ...request(BOB), value: 1n, nonce: 0n };
    const before = await estimateGas(chain, chain.state, env, ethTransfer, CAP);
    expect(before).to.include({ runs: 2 });
    const store = { ...request(addressOf(0)), nonce: 0n, to: addressOf(0) };
    await fresh.request({ method: "hardhat_setCode", params: [addressOf(0), CODES.singleStore] });
    await estimateGas(chain, chain.state, env, store, CAP);
    const after = await estimateGas(chain, chain.state, env, ethTransfer, CAP);
    expect(after).to.deep.equal({ gas: "gas" in before ? before.gas : 0n, runs: 1 });
  });

  it("a fresh EVM whose first run reads no gas left: one run once its code ran through the interpreter loop", async () => {
    const fresh = await ParallelProvider.create({ log: () => undefined });
    const { chain } = fresh;
    const adds = addressOf(99);
    await fresh.request({ method: "hardhat_setCode", params: [adds, "0x600160020100"] }); // ADD, then STOP
    const env = { ...chain.nextEnvironment(), baseFeePerGas: 0n };
    const req = { ...request(adds), nonce: 0n };
    const fast = await estimateGas(chain, chain.state, env, req, CAP);
    const full = await estimateGas(chain, chain.state, env, req, CAP, { exactRunShortcut: false });
    expect(fast).to.deep.equal({ gas: "gas" in full ? full.gas : -1n, runs: 1 });
  });

  it("eth_estimateGas through the provider answers what the full search answers", async () => {
    const data = token.encodeFunctionData("transfer", [BOB, 5n]);
    const answered = await provider.request({
      method: "eth_estimateGas",
      params: [{ from: ALICE, to: tokenAddress, data }],
    });
    const { chain } = provider;
    const full = await chain.withPendingBlock((env, view) =>
      estimateGas(chain, view, { ...env, baseFeePerGas: 0n }, request(tokenAddress, data), CAP, {
        exactRunShortcut: false,
      }),
    );
    expect("gas" in full && `0x${full.gas.toString(16)}`).to.equal(answered);
  });
});
