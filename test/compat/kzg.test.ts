import { expect } from "chai";
import { AbiCoder, Interface, concat, keccak256, sha256, zeroPadValue } from "ethers";

import { ALICE, CompatPair, comparableError, comparableReceipt } from "./helpers/compat-pair.js";

const POINT_EVALUATION = "0x000000000000000000000000000000000000000a";
const target = new Interface(["function precompile(uint256 which, bytes input) returns (bool, bytes)"]);

/**
 * A real opening, made once with micro-eth-signer's KZG over the ceremony setup (making one takes ~20 s in
 * pure JS, too slow for every run): the blob whose element i is 7·i + 1, opened at z = 5.
 */
const OPENING = {
  commitment: "0xaacb53b998d36a3502f71cddc0c2f21406dc37c241f56ed9e7188bb66a190fe56711fe247767a50c783b0d22d3dfc9bd",
  z: zeroPadValue("0x05", 32),
  y: "0x3a804b1f1c4568e752ca55153f74d1f018bb1819c851eb67132602d5e97bd4a1",
  proof: "0x99c29b969b6ad7d2c8828c39c03e34af15f6df0c659d33f687e83cd70cebe695ec9931e1c1519d4d214fd3304c3b9ede",
};

/** The precompile's input: versioned hash, z, y, commitment, proof (EIP-4844). */
function input(o: typeof OPENING): string {
  const versioned = `0x01${sha256(o.commitment).slice(4)}`;
  return concat([versioned, o.z, o.y, o.commitment, o.proof]);
}

describe("compat: KZG point evaluation (0x0a)", () => {
  let pair: CompatPair;
  let contract: string;

  before(async () => {
    pair = await CompatPair.open();
    contract = await pair.deploy("FuzzTarget.sol", "FuzzTarget");
  });
  after(() => pair.close());

  it("verifies a real opening: the same answer (field elements per blob, BLS modulus) on both networks", async () => {
    const [a, b] = await pair.results("eth_call", [{ from: ALICE, to: POINT_EVALUATION, data: input(OPENING) }]);
    expect(b).to.equal(a);
    expect(BigInt(String(a).slice(0, 66))).to.equal(4096n);
  });

  it("a wrong evaluation fails the same way, in a call and in a mined transaction's inner call", async () => {
    const wrong = input({ ...OPENING, y: zeroPadValue("0x07", 32) });
    const { edr, parallel } = await pair.both("eth_call", [{ from: ALICE, to: POINT_EVALUATION, data: wrong }]);
    expect(edr.ok).to.equal(false);
    expect(comparableError(parallel)).to.deep.equal(comparableError(edr));
    for (const data of [input(OPENING), wrong]) {
      const [ra, rb] = await pair.transact({
        from: ALICE,
        to: contract,
        data: target.encodeFunctionData("precompile", [10, data]),
        gas: "0x100000",
      });
      expect(comparableReceipt(rb)).to.deep.equal(comparableReceipt(ra));
      // FuzzTarget stores keccak(ok, output) at slots[10] (mapping at slot 0).
      const slot = keccak256(AbiCoder.defaultAbiCoder().encode(["uint256", "uint256"], [10, 0]));
      const [sa, sb] = await pair.results("eth_getStorageAt", [contract, slot, "latest"]);
      expect(sb).to.equal(sa);
      expect(BigInt(String(sa))).to.not.equal(0n);
    }
  });

  it("too little gas for the precompile: out of gas on both", async () => {
    const tx = { from: ALICE, to: POINT_EVALUATION, data: input(OPENING), gas: "0xea60" };
    const { edr, parallel } = await pair.both("eth_call", [tx]);
    expect(edr.ok).to.equal(false);
    expect(comparableError(parallel)).to.deep.equal(comparableError(edr));
  });
});
