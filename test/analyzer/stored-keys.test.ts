import { expect } from "chai";
import { AbiCoder, Interface, keccak256 } from "ethers";
import type { ExecutedTransaction, KeySource } from "../../src/analyzer/index.js";
import { keyValue } from "../../src/analyzer/key-values.js";
import { keyText } from "../../src/analyzer/locations.js";
import { mayConflict, placedAccesses } from "../../src/analyzer/predict-conflict.js";
import { storedKeyValues } from "../../src/analyzer/stored-keys.js";
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
  const storedKey = (
    fn: string,
    mode: "reads" | "writes",
    variable: string,
  ): Extract<KeySource, { kind: "storage" }> => {
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

  it("stays a wildcard without the value read, in another frame, or read by a callee (composed)", function () {
    const input = iface.encodeFunctionData("approve", [CALLER, 7n]);
    const key = storedKey("approve", "reads", "isApprovedForAll");
    const fn = fnOf(nft, "approve");
    expect(keyValue(key, { from: CALLER, to: NFT, input }, tx(input), fn)).to.equal("any");
    const inner = tx(input, OWNER, "0x00000000000000000000000000000000000c0de1");
    expect(keyValue(key, { from: CALLER, to: NFT, input }, inner, fn)).to.equal("any");
    expect(keyValue({ ...key, callee: true }, { from: CALLER, to: NFT, input }, tx(input, OWNER), fn)).to.equal("any");
  });

  it("burn's _balanceOf[_ownerOf[id]] is the owner read or 0: burn deletes _ownerOf[id] (one value: a wildcard)", function () {
    const input = iface.encodeFunctionData("burn", [7n]);
    const key = storedKey("burn", "writes", "_balanceOf");
    const call = { from: CALLER, to: NFT, input };
    const fn = fnOf(nft, "burn");
    expect(keyValue(key, call, tx(input, OWNER), fn)).to.equal("any");
    const resolve = (k: KeySource) => keyValue(k, call, tx(input, OWNER), fn);
    expect(storedKeyValues(key, call, tx(input, OWNER), fn, resolve)).to.deep.equal([BigInt(OWNER), 0n]);
    expect(storedKeyValues(key, call, tx(input), fn, resolve)).to.equal("any");
    // The report lists a slot read and then written once, as a write: the value read is not known.
    const written: ExecutedTransaction = {
      ...tx(input, OWNER),
      accesses: [
        { address: NFT, slot: slotOfOwner(7n), kind: "write" },
        { address: NFT, slot: slotOfOwner(8n), kind: "read", value: OWNER },
      ],
    };
    expect(storedKeyValues(key, call, written, fn, resolve)).to.equal("any");
  });

  it("a write's values: `delete` stores 0, `x = param` the parameter, `+=`/`--` and calls out nothing known", function () {
    const values = (fn: string, text: string) =>
      fnOf(nft, fn)
        .writes.find((w) => w.location.text === text)
        ?.values?.map((v) => keyText(v));
    expect(values("burn", "_ownerOf[id]")).to.deep.equal(["0"]);
    expect(values("transferFrom", "_ownerOf[id]")).to.deep.equal(["to"]);
    expect(values("burn", "_balanceOf[_ownerOf[id]]")).to.equal(undefined);
  });

  it("a burn meets a transfer of other accounts' tokens no more; it still meets one paying its owner", function () {
    const transfer = new Interface(["function transferFrom(address,address,uint256)"]);
    const [x, y] = ["0x000000000000000000000000000000000000a001", "0x000000000000000000000000000000000000a002"];
    const burn = tx(iface.encodeFunctionData("burn", [7n]), OWNER);
    const deployments = { [NFT]: "PubNFT" };
    const move = (to: string): ExecutedTransaction => ({
      ...tx(transfer.encodeFunctionData("transferFrom", [x, to, 9n])),
      from: x,
      accesses: [{ address: NFT, slot: slotOfOwner(9n), kind: "read", value: x }],
    });
    expect(mayConflict(result, deployments, { ...burn, from: OWNER }, move(y)).conflict).to.equal(false);
    expect(mayConflict(result, deployments, { ...burn, from: OWNER }, move(OWNER)).conflict).to.equal(true);
  });
});

describe("analyzer: a key read where the function itself writes (stored-keys.ts)", function () {
  it("delegate's _delegateCheckpoints[_delegatee[msg.sender]] is the old delegate read or the new one it stores", function () {
    const votes = contractOf(analyzeFixtures("0.8.28", ["PublishedOz.sol"]), "MultiVotes");
    const delegate = fnOf(votes, "delegate");
    const key = delegate.writes.find((w) => w.location.text.startsWith("_delegateCheckpoints[_delegatee["))?.location
      .levels[1]?.key;
    if (key?.kind !== "storage") throw new Error("no stored key in delegate");
    const [token, me, old, next] = ["77", "a1", "c3", "b2"].map((a) => `0x${a.padStart(40, "0")}`) as [
      string,
      string,
      string,
      string,
    ];
    const input = new Interface(["function delegate(address)"]).encodeFunctionData("delegate", [next]);
    const delegateeSlot = BigInt(votes.storage.find((s) => s.label === "_delegatee")?.slot ?? "-1");
    const slot = keccak256(AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [me, delegateeSlot]));
    const tx: ExecutedTransaction = {
      hash: "0x03",
      from: me,
      to: token,
      input,
      accesses: [{ address: token, slot, kind: "read", value: old }],
    };
    const call = { from: me, to: token, input };
    const values = storedKeyValues(key, call, tx, delegate, (k) => keyValue(k, call, tx, delegate));
    expect(values).to.deep.equal([BigInt(old), BigInt(next)]);
  });
});

describe("analyzer: a caller's stored keys in what it reaches through calls (stored-keys.ts, compose-calls.ts)", function () {
  const result = analyzeFixtures("0.8.28", ["PublishedOzGovernance.sol"]);
  const governor = contractOf(result, "TimelockedGovernor");
  const [GOV, TIMELOCK] = ["0x0000000000000000000000000000000000009001", "0x0000000000000000000000000000000000009002"];
  const deployments = { [GOV]: "TimelockedGovernor", [TIMELOCK]: "PubTimelock" };
  const idsSlot = BigInt(governor.storage.find((s) => s.label === "_timelockIds")?.slot ?? "-1");
  const proposal = 77n;
  const idSlot = keccak256(AbiCoder.defaultAbiCoder().encode(["uint256", "uint256"], [proposal, idsSlot]));
  const input = new Interface(["function castVote(uint256,uint8)"]).encodeFunctionData("castVote", [proposal, 1]);
  const castVote = (accesses: ExecutedTransaction["accesses"]): ExecutedTransaction => ({
    hash: "0x02",
    from: CALLER,
    to: GOV,
    input,
    accesses,
  });
  const timestampKeys = (tx: ExecutedTransaction) =>
    placedAccesses(result, deployments, tx)
      .filter((p) => p.location.text.endsWith("._timestamps[_timelockIds[proposalId]]"))
      .map((p) => p.location.levels[1]?.key);

  it("castVote's timelock read _timestamps[_timelockIds[proposalId]] takes the id the governor read", function () {
    const keys = timestampKeys(castVote([{ address: GOV, slot: idSlot, kind: "read", value: "0xab" }]));
    expect(keys.length).to.be.greaterThan(0);
    for (const k of keys) expect(k).to.deep.include({ kind: "const", value: "171" });
  });

  it("a proposal whose id the transaction never read (not queued) reaches no _timestamps at all", function () {
    const other = { address: GOV, slot: `0x${"00".repeat(31)}01`, kind: "read" as const, value: "0x1" };
    expect(timestampKeys(castVote([other]))).to.deep.equal([]);
    // Without read values (nothing tells the reads were recorded) the key stays a wildcard.
    const bare = timestampKeys(castVote([{ address: GOV, slot: other.slot, kind: "read" }]));
    expect(bare.length).to.be.greaterThan(0);
    for (const k of bare) expect(k?.kind).to.equal("unknown");
  });

  it("a callee's own stored keys are tagged when bound into the caller (nested instances too): never the caller's reads", function () {
    const v2 = analyzeFixtures("0.5.16", ["PublishedUniswapV2.sol"]);
    const nested = contractOf(v2, "PairUser")
      .functions.flatMap((f) => f.composed ?? [])
      .filter((a) => a.via.includes("→ token0."));
    expect(nested.length).to.be.greaterThan(0);
    for (const a of nested) expect(a.instance).to.deep.equal({ kind: "storage", text: "token0", callee: true });
  });
});
