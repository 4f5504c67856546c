import { expect } from "chai";
import { keccak256, solidityPacked } from "ethers";

import type { ContractJson } from "../../../src/analyzer/index.js";
import { LocationLabeler } from "../../../src/report/assemble/location-labels.js";
import { whatIfLabels } from "../../../src/report/assemble/workload-findings.js";

const TOKEN = "0x00000000000000000000000000000000000000b2";
const OTHER = "0x00000000000000000000000000000000000000c3";
const ALICE = "0x00000000000000000000000000000000000000a1";
const ROUTER = "0x00000000000000000000000000000000000000d4";
const BOB = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

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
    [BOB, "user"],
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

  it("tells what-if rows of entries with the same label apart by their keys, and only those", () => {
    const l = labeler();
    const alice = storage(TOKEN, entry(ALICE, 1n));
    const bob = storage(TOKEN, entry(BOB, 1n));
    const allowance = storage(TOKEN, entry(ROUTER, entry(BOB, 2n)));
    const total = storage(TOKEN, word(0));
    const labels = whatIfLabels([alice, bob, total, allowance, `${alice} + ${bob}`], (x) => l.label(x), " + ");
    expect(labels).to.deep.equal([
      "Token.balanceOf[user 0x0000…00a1]",
      "Token.balanceOf[user 0x7099…79c8]",
      "Token.totalSupply",
      "Token.allowance[user][Router]",
      "Token.balanceOf[user 0x0000…00a1] + Token.balanceOf[user 0x7099…79c8]",
    ]);
    // Alone, an entry keeps its role label (the hotspot table's name for it).
    expect(whatIfLabels([alice, total], (x) => l.label(x), " + ")).to.deep.equal([
      "Token.balanceOf[user]",
      "Token.totalSupply",
    ]);
  });
});
