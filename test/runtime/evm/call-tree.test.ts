import { expect } from "chai";

import { proxyChainOf, type CallNode } from "../../../src/runtime/evm/call-tree.js";

const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, "hex"));

function node(
  address: string,
  data: string,
  output: string,
  children: CallNode[] = [],
  delegatecall = false,
): CallNode {
  return { codeAddress: address, delegatecall, data: bytes(data), output: bytes(output), children };
}

describe("runtime/evm: proxyChainOf (Hardhat's network's proxy detection)", () => {
  it("a DELEGATECALL with the same selector and output makes a proxy: [implementation, proxy]", () => {
    const impl = node("0x02", "06661abd", "2a", [], true);
    const proxy = node("0x01", "06661abd", "2a", [node("0xc0", "aa".repeat(32), ""), impl]);
    expect(proxyChainOf(proxy)).to.deep.equal([impl, proxy]);
  });

  it("chained proxies: [implementation, inner proxy, outer proxy]", () => {
    const impl = node("0x03", "371303c0", "", [], true);
    const inner = node("0x02", "371303c0", "", [impl], true);
    const outer = node("0x01", "371303c0", "", [inner]);
    expect(proxyChainOf(outer)).to.deep.equal([impl, inner, outer]);
  });

  it("no proxy: another output, another selector, a plain CALL, or no selector", () => {
    expect(proxyChainOf(node("0x01", "06661abd", "2a", [node("0x02", "06661abd", "2b", [], true)]))).to.equal(
      undefined,
    );
    expect(proxyChainOf(node("0x01", "06661abd", "", [node("0x02", "371303c0", "", [], true)]))).to.equal(undefined);
    expect(proxyChainOf(node("0x01", "06661abd", "", [node("0x02", "06661abd", "", [], false)]))).to.equal(undefined);
    expect(proxyChainOf(node("0x01", "0666", "", [node("0x02", "0666", "", [], true)]))).to.equal(undefined);
  });
});
