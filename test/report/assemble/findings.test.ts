import { expect } from "chai";

import { isTestSource } from "../../../src/report/assemble/current-build-infos.js";
import { globalVariableKind, remedyFor } from "../../../src/report/assemble/finding-kinds.js";
import { LocationLabeler } from "../../../src/report/assemble/location-labels.js";
import {
  DEFAULT_COINBASE,
  classifyLocation,
  workloadFindings,
  type ContendedLocation,
} from "../../../src/report/assemble/workload-findings.js";

const SENDER = "0x00000000000000000000000000000000000000a1";
const POOL = "0x00000000000000000000000000000000000000b2";

function loc(location: string, edges: number, writers = 1): ContendedLocation {
  return { location, label: undefined, edges, edgeShare: edges / 100, readers: 1, writers };
}

describe("report/assemble: findings in the shared vocabulary", () => {
  it("names global variables by pattern: locks, sequential ids, hot slots", () => {
    expect(globalVariableKind("_status")).to.equal("reentrancy-lock");
    expect(globalVariableKind("nextTokenId")).to.equal("sequential-id");
    expect(globalVariableKind("_nextId")).to.equal("sequential-id");
    expect(globalVariableKind("totalDeposits")).to.equal("hot-slot");
  });

  it("fits the remedy to the code: admin-only owner slots and AMM reserves are not per-user mappings", () => {
    const owner = remedyFor({
      kind: "hot-slot",
      subject: "Vault._owner",
      variable: "_owner",
      functions: ["transferOwnership(address)", "renounceOwnership()"],
    });
    expect(owner.kind).to.equal("none");
    expect(owner.text).to.include("@custom:parallel-allow");
    const reserves = remedyFor({
      kind: "hot-slot",
      subject: "Pool.reserve0",
      variable: "reserve0",
      functions: ["swap()"],
    });
    expect(reserves.kind).to.equal("spread-load");
    expect(reserves.text).to.not.include("per-user mapping");
    const counter = remedyFor({ kind: "hot-slot", subject: "Ledger.total", variable: "total", functions: ["bump()"] });
    expect(counter.text).to.include("Ledger.total");
    expect(counter.text).to.include("bump()");
  });

  it("an analyzer hotspot on the contract's ETH balance gets the pull-payments / per-user escrow remedy", () => {
    const remedy = remedyFor({
      kind: "hot-key",
      subject: "Vault.ETH balance of address(this)",
      variable: "ETH balance of address(this)",
      functions: ["deposit()", "withdraw(uint256)"],
    });
    expect(remedy.kind).to.equal("spread-load");
    expect(remedy.text).to.include("escrow");
    expect(remedy.text).to.include("pull (withdraw)");
    expect(remedy.text).to.include("deposit(), withdraw(uint256)");
  });

  it("makes a sender's own nonce and fee balance one nonce-chain row and never a hotspot; drops the coinbase", () => {
    const senders = new Set([SENDER]);
    expect(classifyLocation(loc(`nonce:${SENDER}`, 10), senders)?.kind).to.equal("nonce-chain");
    expect(classifyLocation(loc(`balance:${SENDER}`, 10), senders)?.kind).to.equal("nonce-chain");
    expect(classifyLocation(loc(`balance:${DEFAULT_COINBASE}`, 10), senders)).to.equal(undefined);
    const { findings } = workloadFindings([loc(`nonce:${SENDER}`, 30), loc(`balance:${SENDER}`, 30)], {
      workload: "w",
      senders,
      contracts: new Map(),
      acks: new Map(),
      whatIf: [],
    });
    expect(findings.map((f) => [f.id, f.subject])).to.deep.equal([["nonce-chain:senders", `sender ${SENDER}`]]);
  });

  it("never shows a raw key: unexplained slots are named by their contract, ETH balances by their account", () => {
    const labeler = new LocationLabeler({ [POOL]: "Pool" }, new Map(), new Map());
    const storage = `storage:${POOL}:0x${"1".padStart(64, "0")}`;
    const raw = { ...loc(storage, 5), label: labeler.label(storage) };
    expect(classifyLocation(raw, new Set())?.subject).to.equal(`contract ${POOL} storage (slot outside the layout)`);
    const balance = { ...loc(`balance:${POOL}`, 5), label: labeler.label(`balance:${POOL}`) };
    const named = classifyLocation(balance, new Set());
    expect(named?.subject).to.equal("Pool (ETH balance)");
    expect(named?.subject).to.not.match(/^(storage|balance|nonce):/);
  });

  it("leaves deployment order out: code, and a contract nonce written once by its creation", () => {
    expect(classifyLocation(loc(`code:${POOL}`, 9), new Set())).to.equal(undefined);
    expect(classifyLocation(loc(`nonce:${POOL}`, 9, 1), new Set())).to.equal(undefined);
    expect(classifyLocation(loc(`nonce:${POOL}`, 9, 5), new Set())?.kind).to.equal("hot-slot");
  });

  it("sees a location only read by its conflicting transactions as a volatile read", () => {
    const read = { ...loc(`balance:${POOL}`, 5, 0), readers: 5 };
    expect(classifyLocation(read, new Set())?.kind).to.equal("volatile-read");
  });

  it("treats *.t.sol and sources under the Solidity tests folder as tests", () => {
    expect(isTestSource("project/contracts/Ledger.t.sol", { testsDir: "test" })).to.equal(true);
    expect(isTestSource("test/Mocks.sol", { testsDir: "test" })).to.equal(true);
    expect(isTestSource("contracts/Ledger.sol", { testsDir: "test" })).to.equal(false);
    expect(isTestSource("contracts/testing/Ledger.sol", { testsDir: "test" })).to.equal(false);
  });
});
