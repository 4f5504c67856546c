import { expect } from "chai";
import { keccak256, solidityPacked } from "ethers";

import type { ContractJson } from "../../../src/analyzer/index.js";
import { LocationLabeler } from "../../../src/report/assemble/location-labels.js";

const TOKEN = "0x00000000000000000000000000000000000000b2";
const OTHER = "0x00000000000000000000000000000000000000c3";
const ALICE = "0x00000000000000000000000000000000000000a1";
const ROUTER = "0x00000000000000000000000000000000000000d4";

function contract(name: string, storage: ContractJson["storage"]): ContractJson {
  return { name, sourceName: `contracts/${name}.sol`, storage } as unknown as ContractJson;
}

const token = contract("Token", [
  { label: "totalSupply", slot: "0", offset: 0, type: "uint256" },
  { label: "balanceOf", slot: "1", offset: 0, type: "mapping(address => uint256)" },
  { label: "allowance", slot: "2", offset: 0, type: "mapping(address => mapping(address => uint256))" },
  { label: "paused", slot: "3", offset: 0, type: "bool" },
  { label: "owner", slot: "3", offset: 1, type: "address" },
]);

/** keccak256(key . slot) as Solidity computes a mapping entry's slot. */
function entry(key: string, slot: bigint | string): string {
  return keccak256(solidityPacked(["uint256", "uint256"], [BigInt(key), BigInt(slot)]));
}

const storage = (address: string, slot: string) => `storage:${address}:${slot}`;
const word = (n: number) => `0x${n.toString(16).padStart(64, "0")}`;

function labeler(): LocationLabeler {
  const keys = new Map([
    [ALICE, "user"],
    [ROUTER, "Router"],
  ]);
  const contracts = new Map([["Token", token]]);
  return new LocationLabeler({ [TOKEN]: "Token", [OTHER]: "Token", [ROUTER]: "Router" }, contracts, keys);
}

describe("report/assemble: LocationLabeler", () => {
  it("names fixed, packed, mapping and nested-mapping slots as Solidity computes them", () => {
    const l = labeler();
    expect(l.label(storage(TOKEN, word(0)))?.label).to.equal("Token.totalSupply");
    expect(l.label(storage(TOKEN, word(3)))?.label).to.equal("Token.paused/owner (packed)");
    expect(l.label(storage(TOKEN, entry(ALICE, 1n)))).to.deep.include({
      label: "Token.balanceOf[user]",
      variable: "balanceOf",
      keyRole: "user",
    });
    expect(l.label(storage(TOKEN, entry(ROUTER, entry(ALICE, 2n))))?.label).to.equal("Token.allowance[user][Router]");
    expect(l.label(storage(TOKEN, entry(ALICE, entry(ALICE, 2n))))).to.equal(undefined);
    expect(l.label(`balance:${ROUTER}`)?.label).to.equal("Router (ETH balance)");
  });

  it("labels every deployment of a contract, whichever is asked first and in any order", () => {
    const locations = [
      storage(OTHER, entry(ALICE, 1n)),
      storage(TOKEN, word(0)),
      storage(OTHER, word(0)),
      storage(TOKEN, entry(ROUTER, 1n)),
    ];
    const forward = labeler();
    const backward = labeler();
    const first = locations.map((location) => forward.label(location));
    const second = [...locations].reverse().map((location) => backward.label(location));
    expect(first).to.deep.equal(second.reverse());
    expect(first.map((label) => label?.label)).to.deep.equal([
      "Token.balanceOf[user]",
      "Token.totalSupply",
      "Token.totalSupply",
      "Token.balanceOf[Router]",
    ]);
  });
});
