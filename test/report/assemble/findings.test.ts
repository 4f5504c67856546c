import { expect } from "chai";

import { isTestSource } from "../../../src/report/assemble/current-build-infos.js";
import {
  FINDING_TABLE,
  globalVariableKind,
  remedyCost,
  remedyFor,
} from "../../../src/report/assemble/finding-kinds.js";
import { makeFinding } from "../../../src/report/assemble/static-findings.js";
import { LocationLabeler } from "../../../src/report/assemble/location-labels.js";
import {
  DEFAULT_COINBASE,
  classifyLocation,
  mergeFindings,
  contractFixable,
  whatIfLabel,
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

  it("fits the remedy to a user's own contracts: stamps, accumulators, statistics, NFT supply, dependencies", () => {
    const fn = ["accrue()", "deposit()", "withdraw(uint256)"];
    const stamp = remedyFor({ kind: "hot-slot", subject: "Vault.lastAccrual", variable: "lastAccrual", functions: fn });
    expect(stamp.kind).to.equal("cache-volatile");
    expect(stamp.text).to.include("return early when it already equals block.timestamp");
    const acc = remedyFor({
      kind: "hot-slot",
      subject: "Vault.rewardPerShare",
      variable: "rewardPerShare",
      functions: fn,
    });
    expect(acc.text).to.include("advance it at most once per block");
    const stat = remedyFor({
      kind: "hot-slot",
      subject: "MyToken.transferCount",
      variable: "transferCount",
      functions: ["transfer(address,uint256)"],
    });
    expect(stat.text).to.include("drop it and count the events off-chain");
    const supply = remedyFor({
      kind: "hot-slot",
      subject: "MyNft.totalSupply",
      variable: "totalSupply",
      functions: ["mint()"],
    });
    expect(supply.kind).to.equal("precomputed-ids");
    expect(supply.text).to.include("if it hands out token ids (id = totalSupply), derive the id from the caller");
    const oz = { file: "npm/@openzeppelin/contracts@5.7.0/token/ERC20/ERC20.sol", line: 34, column: 5 };
    const library = remedyFor({
      kind: "hot-slot",
      subject: "MyToken._totalSupply",
      variable: "_totalSupply",
      functions: ["mint(address,uint256)"],
      source: oz,
    });
    expect(library.text).to.include(
      "is declared in a dependency (npm/@openzeppelin/contracts@5.7.0/token/ERC20/ERC20.sol)",
    );
    expect(library.text).to.include("on those functions in your contract");
    const owner = remedyFor({
      kind: "hot-slot",
      subject: "Counter._owner",
      variable: "_owner",
      functions: ["renounceOwnership()", "transferOwnership(address)"],
      source: { ...oz, file: "npm/@openzeppelin/contracts@5.7.0/access/Ownable.sol" },
    });
    expect(owner.text).to.include("on those functions in your contract (it is declared in a dependency)");
    const entry = remedyFor({
      kind: "hot-key",
      subject: "MyNft._owners[2]",
      variable: "_owners",
      functions: ["mint()"],
      keyRole: "2",
    });
    expect(entry.text).to.match(/^MyNft\._owners\[2\] is one fixed entry that many transactions write\. /);
    // A mapping keyed by a constant where msg.sender was meant: the fix names the variable and the key to use.
    expect(entry.text).to.include("key _owners by msg.sender (or by the account the call is about)");
    expect(entry.text).to.include("if it is one item's state (a token id)");
    const eth = remedyFor({ kind: "hot-key", subject: "Vault (ETH balance)", variable: undefined, functions: fn });
    expect(eth.text).to.include("each user's pull (withdraw) of their own ETH");
    expect(eth.text).to.not.include("read by every call");
    // The gas cost shown is the proposed remedy's, not the finding kind's default.
    expect(remedyCost("hot-slot", stamp).gasText).to.match(/^saves gas: the block's later calls skip the update/);
    expect(remedyCost("hot-slot", supply)).to.equal(FINDING_TABLE["sequential-id"]);
    expect(remedyCost("hot-key", { kind: "none", text: "" }).gasText).to.equal(
      "none: nothing to change in the contract",
    );
    expect(remedyCost("hot-slot", stat)).to.equal(FINDING_TABLE["hot-slot"]);
  });

  it("a value named last* is no time stamp: lastScore gets the global-slot remedy, lastUpdateTime the stamp one", () => {
    const fn = ["record(uint256)"];
    const value = remedyFor({ kind: "hot-slot", subject: "Config.lastScore", variable: "lastScore", functions: fn });
    expect(value.kind).to.equal("partitioned-counter");
    expect(value.text).to.not.include("block.timestamp");
    expect(value.text).to.include("move it to per-user state");
    for (const stamp of ["lastUpdateTime", "lastAccrual", "lastRewardBlock", "updatedAt", "lastSyncTimestamp"])
      expect(remedyFor({ kind: "hot-slot", subject: `P.${stamp}`, variable: stamp, functions: fn }).kind).to.equal(
        "cache-volatile",
        stamp,
      );
    for (const v of ["lastPrice", "lastCaller", "lastBid"])
      expect(remedyFor({ kind: "hot-slot", subject: `P.${v}`, variable: v, functions: fn }).kind).to.not.equal(
        "cache-volatile",
        v,
      );
  });

  it("a slot only administration functions write (OpenZeppelin Pausable beside an owner) has nothing to fix", () => {
    const packed = remedyFor({
      kind: "false-sharing",
      subject: "Config._paused/owner (packed)",
      variable: "_paused/owner",
      functions: ["pause()", "unpause()"],
    });
    expect(packed.kind).to.equal("none");
    expect(packed.text).to.include(
      "_paused and owner share one storage slot, written only by administration functions",
    );
    const hot = remedyFor({
      kind: "false-sharing",
      subject: "Pool.reserve/fee (packed)",
      variable: "fee/reserve",
      functions: ["setFee(uint256)", "swap()"],
    });
    expect(hot.kind).to.equal("split-packed-slot");
    // `owner` itself is never written: the finding names the neighbour's writer, never owner()'s getter.
    const neighbour = remedyFor({
      kind: "hot-slot",
      subject: "Config.owner",
      variable: "owner",
      functions: ["pause()"],
      packedWith: ["_paused"],
    });
    expect(neighbour.kind).to.equal("none");
    expect(neighbour.text).to.match(
      /^owner is never written by a function, but it shares one storage slot with _paused, written by pause\(\)/,
    );
    const busy = remedyFor({
      kind: "hot-slot",
      subject: "Vault.owner",
      variable: "owner",
      functions: ["deposit()"],
      packedWith: ["lastDepositor"],
    });
    expect(busy.kind).to.equal("split-packed-slot");
    expect(busy.text).to.include("declare owner apart from lastDepositor");
    expect(busy.text).to.include("make owner immutable");
    expect(remedyCost("hot-slot", busy)).to.equal(FINDING_TABLE["false-sharing"]);
  });

  it("a workload's ETH-balance row merged with the static one names the writers the static row knows", () => {
    const fields = {
      kind: "hot-key" as const,
      name: "ETH balance of address(this)",
      subject: "Vault (ETH balance)",
      contract: "Vault",
      variable: undefined,
      source: undefined,
      workloads: [],
    };
    const seen = makeFinding({ ...fields, functions: [], edgeShare: 1, workloads: ["vault-calls"] }, new Map());
    const known = makeFinding(
      { ...fields, functions: ["deposit()", "withdraw(uint256)"], edgeShare: undefined },
      new Map(),
    );
    expect(seen.remedy.text).to.include("(its writers)");
    const [merged] = mergeFindings([[known], [seen]]);
    expect(merged?.edgeShare).to.equal(1);
    expect(merged?.remedy.text).to.include("(deposit(), withdraw(uint256))");
    expect(merged?.remedy.text).to.not.include("its writers");
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

  it("tries no what-if on a sender's own balance or nonce or on the coinbase, and labels the rest without raw keys", () => {
    const senders = new Set([SENDER]);
    expect(contractFixable(`balance:${SENDER}`, senders)).to.equal(false);
    expect(contractFixable(`nonce:${SENDER}`, senders)).to.equal(false);
    expect(contractFixable(`balance:${DEFAULT_COINBASE}`, senders)).to.equal(false);
    expect(contractFixable(`balance:${POOL}`, senders)).to.equal(true);
    expect(contractFixable(`storage:${SENDER}:0x${"1".padStart(64, "0")}`, senders)).to.equal(true);
    expect(whatIfLabel(`balance:${POOL}`, undefined)).to.equal(`account ${POOL} (ETH balance)`);
    expect(whatIfLabel(`balance:${POOL}`, "Pool (ETH balance)")).to.equal("Pool (ETH balance)");
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
    // Named as the analyzer names a contract's own balance, so the workload's row and the static one are one finding.
    expect(named?.name).to.equal("ETH balance of address(this)");
  });

  it("leaves deployment order out: code, and a contract nonce written once by its creation", () => {
    expect(classifyLocation(loc(`code:${POOL}`, 9), new Set())).to.equal(undefined);
    expect(classifyLocation(loc(`nonce:${POOL}`, 9, 1), new Set())).to.equal(undefined);
    expect(classifyLocation(loc(`nonce:${POOL}`, 9, 5), new Set())?.kind).to.equal("hot-slot");
  });

  it("a factory's nonce bumped by many creations: spread the deployments, not a partitioned counter", () => {
    const { findings } = workloadFindings([loc(`nonce:${POOL}`, 30, 5)], {
      workload: "w",
      senders: new Set([SENDER]),
      contracts: new Map(),
      acks: new Map(),
      whatIf: [],
    });
    expect(findings.map((f) => [f.id, f.remedy.kind])).to.deep.equal([["hot-slot:(nonce)", "spread-load"]]);
    expect(findings[0]?.remedy.text).to.include("CREATE and CREATE2").and.not.include("partitioned");
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
    // As in Hardhat, a sources folder wins over the tests folder: `tests.solidity` set to the sources folder, or
    // `test/` among the sources for its mocks, leaves the contracts contracts (only `*.t.sol` are tests).
    const same = { testsDir: "src", sourcesDirs: ["src"] };
    expect(isTestSource("project/src/Vault.sol", same)).to.equal(false);
    expect(isTestSource("project/src/Vault.t.sol", same)).to.equal(true);
    const mocks = { testsDir: "test", sourcesDirs: ["contracts", "test/mocks"] };
    expect(isTestSource("test/mocks/MockToken.sol", mocks)).to.equal(false);
    expect(isTestSource("test/Helpers.sol", mocks)).to.equal(true);
    expect(isTestSource("Vault.sol", { testsDir: "test", sourcesDirs: [""] })).to.equal(false);
  });
});
