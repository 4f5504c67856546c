import { expect } from "chai";
import { Interface, ZeroHash, id } from "ethers";
import { type ExecutedTransaction, mayConflict } from "../../src/analyzer/index.js";
import { type AccessFact, commonFacts, contradicted } from "../../src/analyzer/access-conditions.js";
import { analyzeFixtures, contractOf, fnOf } from "./helpers/analyze-fixture.js";

const BOARD = "0x00000000000000000000000000000000000b0a2d";
const ADMIN = "0x000000000000000000000000000000000000a11c";
const WRITER = "0x0000000000000000000000000000000000000b0b";

describe("analyzer: conditions of accesses on the transaction's own values (access-conditions.ts)", function () {
  const result = analyzeFixtures("0.8.28", ["PublishedOzAccess.sol"]);
  const board = contractOf(result, "AdminRulesBoard");
  const iface = new Interface([
    "function renounceRole(bytes32,address)",
    "function pendingDefaultAdmin() view returns (address,uint48)",
  ]);
  const tx = (from: string, input: string, hash: string): ExecutedTransaction => ({
    hash,
    from,
    to: BOARD,
    input,
    accesses: [],
  });
  const role: AccessFact = { key: { kind: "param", name: "role", index: 0 }, value: "0", equal: true };

  it("renounceRole writes the default admin's slots only when role is DEFAULT_ADMIN_ROLE", function () {
    const write = fnOf(board, "renounceRole").writes.find((w) => w.location.text === "_pendingDefaultAdminSchedule");
    expect(write?.when).to.deep.equal([role]);
    const plain = fnOf(board, "renounceRole").writes.find((w) => w.location.text.startsWith("_roles"));
    expect(plain?.when).to.equal(undefined);
  });

  it("mayConflict drops the accesses a transaction's arguments rule out", function () {
    const deployments = { [BOARD]: "AdminRulesBoard" };
    const read = tx(WRITER, iface.encodeFunctionData("pendingDefaultAdmin", []), "0x01");
    const writer = tx(WRITER, iface.encodeFunctionData("renounceRole", [id("WRITER_ROLE"), WRITER]), "0x02");
    expect(mayConflict(result, deployments, writer, read).conflict).to.equal(false);
    const admin = tx(ADMIN, iface.encodeFunctionData("renounceRole", [ZeroHash, ADMIN]), "0x03");
    expect(mayConflict(result, deployments, admin, read).conflict).to.equal(true);
  });

  it("merged accesses keep only the facts common to all; unknown values contradict nothing", function () {
    const other: AccessFact = { key: { kind: "sender" }, value: "5", equal: false };
    expect(commonFacts([role, other], [other])).to.deep.equal([other]);
    expect(commonFacts([role], undefined)).to.equal(undefined);
    expect(commonFacts([role], [other])).to.equal(undefined);
    expect(contradicted([role], () => "any")).to.equal(false);
    expect(contradicted([role], () => 1n)).to.equal(true);
    expect(contradicted([{ ...role, equal: false }], () => 1n)).to.equal(false);
  });
});
