import { expect } from "chai";

import { requestLogLines, requestLogger } from "../../../src/tasks/parallel-node/request-log.js";

const HASH = `0x${"ab".repeat(32)}`;

describe("parallel-node: the request log", () => {
  it("prints the method, and the transaction hash under a send", () => {
    const ok = (result: unknown) => ({ jsonrpc: "2.0" as const, id: 1, result });
    expect(requestLogLines({ method: "eth_chainId" }, ok("0x7a69"))).to.deep.equal(["eth_chainId"]);
    expect(requestLogLines({ method: "eth_sendTransaction" }, ok(HASH))).to.deep.equal([
      "eth_sendTransaction",
      `  Transaction: ${HASH}`,
    ]);
    expect(requestLogLines({ method: "eth_sendRawTransaction" }, ok(HASH))).to.deep.equal([
      "eth_sendRawTransaction",
      `  Transaction: ${HASH}`,
    ]);
    // A hash-shaped answer of another method is not a transaction sent.
    expect(requestLogLines({ method: "eth_getStorageAt" }, ok(HASH))).to.deep.equal(["eth_getStorageAt"]);
  });

  it("prints a failure's message under its method", () => {
    const failed = { jsonrpc: "2.0" as const, id: 1, error: { code: -32003, message: "nonce too low" } };
    expect(requestLogLines({ method: "eth_sendRawTransaction" }, failed)).to.deep.equal([
      "eth_sendRawTransaction",
      "  Error: nonce too low",
    ]);
  });

  it("writes every line of every request, in order", () => {
    const lines: string[] = [];
    const log = requestLogger((line) => lines.push(line));
    log({ method: "eth_blockNumber" }, { jsonrpc: "2.0", id: 1, result: "0x0" });
    log({ method: "eth_sendTransaction" }, { jsonrpc: "2.0", id: 2, result: HASH });
    expect(lines).to.deep.equal(["eth_blockNumber", "eth_sendTransaction", `  Transaction: ${HASH}`]);
  });
});
