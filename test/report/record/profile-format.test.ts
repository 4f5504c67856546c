import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";

import { ReportError } from "../../../src/report/errors.js";
import { loadTestProfile, type ArtifactCodes } from "../../../src/report/record/test-profile.js";
import { accountNamer } from "../../../src/report/sharding/sharding-what-if.js";
import { PROFILE_HEADER, type ProfileRecord } from "../../../src/runtime/rpc/profile-recorder.js";
import { storageKey } from "../../../src/runtime/vocabulary.js";

const TOKEN = `0x${"11".repeat(20)}`;
const ALICE = `0x${"aa".repeat(20)}`;
const SLOT = `0x${"0".repeat(63)}3`;

const CODES: ArtifactCodes = {
  creation: [{ name: "Token", bytecode: "0x6080" }],
  selectors: new Map([["0xa9059cbb", "transfer"]]),
};

function record(block: number, fields: Partial<ProfileRecord>): ProfileRecord {
  return {
    block,
    index: 0,
    hash: `0x${String(block).padStart(64, "0")}`,
    from: ALICE,
    to: TOKEN,
    input: "0xa9059cbb",
    created: null,
    status: 1,
    gasUsed: 50_000,
    reads: [],
    writes: [],
    deltas: [],
    calls: null,
    ...fields,
  };
}

const RECORDS = [
  record(1, { to: null, input: "0x6080aa", created: TOKEN }),
  record(2, { reads: [storageKey(TOKEN, SLOT)], writes: [storageKey(TOKEN, SLOT)] }),
];

describe("report/record: test-run profile files", () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(path.join(os.tmpdir(), "profile-format-"))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const write = (lines: readonly object[]) =>
    writeFile(path.join(dir, "1-1-0.jsonl"), `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);

  it("reads version 2 (a header line, then execution records) and version 1 (records only) alike", async () => {
    await write([PROFILE_HEADER, ...RECORDS]);
    const v2 = await loadTestProfile(dir, async () => CODES);
    await write(RECORDS);
    const v1 = await loadTestProfile(dir, async () => CODES);
    expect(v2).to.deep.equal(v1);
    // The deployment is setup, not traffic: named, counted as left out, not in the contention windows.
    expect(v2?.transactions).to.equal(1);
    expect(v2?.deploymentsLeftOut).to.equal(1);
    expect(v2?.deployments).to.deep.equal({ [TOKEN]: "Token" });
    expect(v2?.blocks[0]?.transactions).to.have.length(1);
    expect(v2?.blocks[0]?.transactions[0]).to.deep.include({ contract: "Token", function: "transfer", sender: ALICE });
    // The creation is no call: the soundness check sees only the transfer, its storage access a write.
    expect(v2?.chains?.[0]?.executed.map((e) => e.accesses)).to.deep.equal([
      [{ address: TOKEN, slot: SLOT, kind: "write" }],
    ]);
  });

  it("an address two connections deploy different contracts at: traced apart, shown as the tests saw it", async () => {
    const codes: ArtifactCodes = { ...CODES, creation: [...CODES.creation, { name: "Vault", bytecode: "0x6090" }] };
    const vault = [record(1, { to: null, input: "0x6090aa", created: TOKEN }), record(2, { reads: RECORDS[1]?.reads })];
    const lines = (records: readonly object[]) =>
      `${[PROFILE_HEADER, ...records].map((l) => JSON.stringify(l)).join("\n")}\n`;
    await writeFile(path.join(dir, "1-1-0.jsonl"), lines(RECORDS));
    await writeFile(path.join(dir, "1-1-1.jsonl"), lines(vault));
    const run = await loadTestProfile(dir, async () => codes);
    const traced = Object.keys(run?.deployments ?? {});
    expect(traced).to.have.length(2).and.not.include(TOKEN);
    expect(traced.map((a) => run?.aliases?.[a])).to.deep.equal([
      { address: TOKEN, connection: 1 },
      { address: TOKEN, connection: 2 },
    ]);
    // Names that tell them apart need no address; unnamed ones show the address the tests saw, not the trace's.
    expect(traced.map((a) => accountNamer(new Set(), run?.deployments ?? {}, run?.aliases)(a).name)).to.deep.equal([
      "Token",
      "Vault",
    ]);
    const unnamed = traced.map((a) => accountNamer(new Set(traced), {}, run?.aliases)(a).name);
    expect(unnamed).to.deep.equal(["contract 0x1111…1111 (connection 1)", "contract 0x1111…1111 (connection 2)"]);
  });

  it("a revert that lets another contract be deployed at a named address: each transaction keeps its contract", async () => {
    const codes: ArtifactCodes = { ...CODES, creation: [...CODES.creation, { name: "Vault", bytecode: "0x6090" }] };
    const OTHER = `0x${"22".repeat(20)}`;
    // loadFixture: Token at TOKEN (and Other), a call; evm_revert; the next fixture deploys a Vault at TOKEN.
    await write([
      PROFILE_HEADER,
      ...RECORDS,
      record(2, { to: null, input: "0x6080bb", created: OTHER }),
      record(2, { to: null, input: "0x6090aa", created: TOKEN }),
      record(3, { input: "0xd0e30db0" }),
      record(4, { to: OTHER }),
    ]);
    const run = await loadTestProfile(dir, async () => codes);
    const txs = run?.blocks.flatMap((b) => b.transactions) ?? [];
    expect(txs.map((t) => t.contract)).to.deep.equal(["Token", "Vault", "Token"]);
    // The two stretches trace TOKEN apart; OTHER, deployed before the revert and named the same after, stays one.
    expect(new Set(txs.slice(0, 2).map((t) => t.to)).size).to.equal(2);
    expect(txs[2]?.to).to.equal(OTHER);
    expect(run?.chains?.map((c) => c.deployments[OTHER])).to.deep.equal(["Token", "Token"]);
    expect(Object.values(run?.aliases ?? {})).to.deep.equal([
      { address: TOKEN, connection: 1 },
      { address: TOKEN, connection: 1 },
    ]);
  });

  it("refuses a format it does not know, naming the file and the fix", async () => {
    await write([{ format: "hardhat-parallel-profile", version: 3 }, ...RECORDS]);
    const error = await loadTestProfile(dir, async () => CODES).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(ReportError);
    expect((error as ReportError).message).to.include(path.join(dir, "1-1-0.jsonl"));
    expect((error as ReportError).hint).to.include("Delete the profile folder");
  });
});
