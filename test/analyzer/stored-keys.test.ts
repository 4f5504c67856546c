import { expect } from "chai";
import { AbiCoder, Interface, keccak256 } from "ethers";
import type { ExecutedTransaction, KeySource } from "../../src/analyzer/index.js";
import { keyValue } from "../../src/analyzer/key-values.js";
import { analyzeFixtures, contractOf, fnOf } from "./helpers/analyze-fixture.js";

const NFT = "0x00000000000000000000000000000000000a0721";
const OWNER = "0x000000000000000000000000000000000000a11c";
const CALLER = "0x0000000000000000000000000000000000000b0b";

describe("analyzer: keys read from storage valued by what the transaction read (stored-keys.ts)", function () {
  const result = analyzeFixtures("0.8.28", ["PublishedSolmate.sol"]);
  const nft = contractOf(result, "PubNFT");
  const iface = new Interface(["function approve(address,uint256)", "function burn(uint256)"]);
  const ownerSlot = BigInt(nft.storage.find((s) => s.label === "_ownerOf")?.slot ?? "-1");
  const slotOfOwner = (id: bigint) =>
    keccak256(AbiCoder.defaultAbiCoder().encode(["uint256", "uint256"], [id, ownerSlot]));
  const tx = (input: string, value?: string, to = NFT): ExecutedTransaction => ({
    hash: "0x01",
    from: CALLER,
    to,
    input,
    accesses: [{ address: NFT, slot: slotOfOwner(7n), kind: "read", ...(value === undefined ? {} : { value }) }],
  });
  const storedKey = (fn: string, mode: "reads" | "writes", variable: string): KeySource => {
    const access = fnOf(nft, fn)[mode].find((a) => a.location.text.startsWith(variable));
    const key = access?.location.levels[1]?.key;
    if (key?.kind !== "storage") throw new Error(`no stored key in ${fn}'s ${variable}`);
    return key;
  };

  it("approve's isApprovedForAll[_ownerOf[id]] takes the owner the transaction read at _ownerOf[id]", function () {
    const input = iface.encodeFunctionData("approve", [CALLER, 7n]);
    const key = storedKey("approve", "reads", "isApprovedForAll");
    const call = { from: CALLER, to: NFT, input };
    expect(keyValue(key, call, tx(input, OWNER), fnOf(nft, "approve"))).to.equal(BigInt(OWNER));
  });

  it("stays a wildcard without the value read, in another frame, or in a composed access", function () {
    const input = iface.encodeFunctionData("approve", [CALLER, 7n]);
    const key = storedKey("approve", "reads", "isApprovedForAll");
    const fn = fnOf(nft, "approve");
    expect(keyValue(key, { from: CALLER, to: NFT, input }, tx(input), fn)).to.equal("any");
    const inner = tx(input, OWNER, "0x00000000000000000000000000000000000c0de1");
    expect(keyValue(key, { from: CALLER, to: NFT, input }, inner, fn)).to.equal("any");
    expect(keyValue(key, { from: CALLER, to: NFT, input }, tx(input, OWNER), fn, false)).to.equal("any");
  });

  it("burn's _balanceOf[_ownerOf[id]] stays a wildcard: burn also writes _ownerOf[id]", function () {
    const input = iface.encodeFunctionData("burn", [7n]);
    const key = storedKey("burn", "writes", "_balanceOf");
    expect(keyValue(key, { from: CALLER, to: NFT, input }, tx(input, OWNER), fnOf(nft, "burn"))).to.equal("any");
  });
});
