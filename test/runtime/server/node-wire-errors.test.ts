import { expect } from "chai";

import type { RpcResponse } from "../../../src/runtime/rpc/parallel-provider.js";
import { asNodeWireResponse } from "../../../src/runtime/server/node-wire-errors.js";

const failed = (code: number, message: string, data?: unknown): RpcResponse => ({
  jsonrpc: "2.0",
  id: 1,
  error: data === undefined ? { code, message } : { code, message, data },
});

describe("runtime/server: errors in `hardhat node`'s wire shape", () => {
  it("a revert keeps only its return data", () => {
    const revert = failed(3, "reverted", "0x08c379a0");
    expect(asNodeWireResponse(revert)).to.deep.equal(failed(3, "reverted", "0x08c379a0"));
  });

  it("other errors carry { message, txHash, data, reason } with the fields they have", () => {
    expect(asNodeWireResponse(failed(-32004, "Method eth_foo is not supported"))).to.deep.equal(
      failed(-32004, "Method eth_foo is not supported", { message: "Method eth_foo is not supported" }),
    );
    expect(asNodeWireResponse(failed(-32000, "Unknown account", null))).to.deep.equal(
      failed(-32000, "Unknown account", { message: "Unknown account" }),
    );
    const outOfGas = { reason: { OutOfGas: "Basic" }, data: "0x", transactionHash: `0x${"ab".repeat(32)}` };
    expect(asNodeWireResponse(failed(-32000, "Transaction ran out of gas", outOfGas))).to.deep.equal(
      failed(-32000, "Transaction ran out of gas", {
        message: "Transaction ran out of gas",
        txHash: outOfGas.transactionHash,
        data: "0x",
      }),
    );
    const estimate = { reason: "InternalCallOutOfGas", data: "0x", transactionHash: null };
    expect(asNodeWireResponse(failed(-32000, "Gas estimation failed", estimate))).to.deep.equal(
      failed(-32000, "Gas estimation failed", {
        message: "Gas estimation failed",
        data: "0x",
        reason: "InternalCallOutOfGas",
      }),
    );
  });

  it("a result passes unchanged", () => {
    const ok: RpcResponse = { jsonrpc: "2.0", id: 1, result: "0x1" };
    expect(asNodeWireResponse(ok)).to.equal(ok);
  });
});
