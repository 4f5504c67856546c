import { AbiCoder, ZeroHash, id, keccak256 } from "ethers";
import { analyzeFixtures } from "./helpers/analyze-fixture.js";
import { type Call, createGroundWorld, deploy, runCalls } from "./helpers/ground-truth.js";
import { at, familyChecks, ring } from "./helpers/family-check.js";
import { type Action, randomBlocks } from "./helpers/random-blocks.js";

/**
 * Executed ground truth on OpenZeppelin 5.x governance compiled verbatim from the npm package
 * (test/fixtures/analyzer/contracts/PublishedOzGovernance.sol): a TimelockController scheduling, executing and
 * cancelling operations on a target, and a Governor queuing through it taking votes. 0 false "none", no class
 * contradicted, precision at or above the floor (figures measured with these seeds in src/analyzer/README.md).
 */
const FILE = "PublishedOzGovernance.sol";
// 9.0 → 56.1 % (2026-12-07): the timelock's execute runs its payload at the target per transaction, the
// governor's `_timelockIds[proposalId]` is the id it read (or none, when it never read one).
const FLOORS: Record<string, number> = {
  "OZ TimelockController + GovernorTimelockControl": 0.54,
};

const { check, table } = familyChecks(FLOORS);

describe("analyzer: executed ground truth on published OpenZeppelin governance (timelock, governor)", function () {
  this.timeout(600_000);
  after(table);

  it("TimelockController operations on a target and votes on a timelocked governor", async function () {
    const result = analyzeFixtures("0.8.28", [FILE]);
    const g = await createGroundWorld();
    const { next } = ring(g);
    const token = await deploy(g, "0.8.28", FILE, "GovToken");
    const zero = "0x0000000000000000000000000000000000000000";
    const timelock = await deploy(g, "0.8.28", FILE, "PubTimelock", [0n, g.accounts, [zero], zero]);
    const gov = await deploy(g, "0.8.28", FILE, "TimelockedGovernor", [token, timelock]);
    const box = await deploy(g, "0.8.28", FILE, "Box");
    const T = at(token, "GovToken");
    const L = at(timelock, "PubTimelock");
    const G = at(gov, "TimelockedGovernor");
    const B = at(box, "Box");
    const boxIface = g.interfaces.Box;
    if (boxIface === undefined) throw new Error("no Box ABI");
    const coder = AbiCoder.defaultAbiCoder();
    let salts = 0;
    const scheduled: { data: string; salt: string }[] = [];
    const schedule = (f: string, data: string): Call => {
      const salt = id(`salt ${salts++}`);
      scheduled.push({ data, salt });
      return L(f, "schedule", [box, 0n, data, ZeroHash, salt, 0n]);
    };
    const execute = (f: string, pick: <X>(xs: readonly X[]) => X): Call => {
      if (scheduled.length === 0) return schedule(f, boxIface.encodeFunctionData("note", [f]));
      const op = pick(scheduled);
      scheduled.splice(scheduled.indexOf(op), 1);
      return L(f, "execute", [box, 0n, op.data, ZeroHash, op.salt]);
    };
    const opId = (op: { data: string; salt: string }) =>
      keccak256(
        coder.encode(["address", "uint256", "bytes", "bytes32", "bytes32"], [box, 0n, op.data, ZeroHash, op.salt]),
      );
    const proposals: bigint[] = [];
    const propose = (f: string, description: string): Call => {
      const calldata = boxIface.encodeFunctionData("store", [proposals.length]);
      const encoded = coder.encode(
        ["address[]", "uint256[]", "bytes[]", "bytes32"],
        [[box], [0n], [calldata], id(description)],
      );
      proposals.push(BigInt(keccak256(encoded)));
      return G(f, "propose", [[box], [0n], [calldata], description]);
    };
    await runCalls(
      g,
      g.accounts.flatMap((a, i) => [T(a, "mint", [a, 10n ** 21n]), T(a, "delegate", [i % 3 === 0 ? next(a) : a])]),
    );
    await runCalls(g, [propose(g.accounts[1] ?? "", "first"), propose(g.accounts[2] ?? "", "second")]);
    const open = proposals.slice();
    const voted = new Set<string>();
    const vote = (f: string, pick: <X>(xs: readonly X[]) => X, support: bigint): Call => {
      const free = open.filter((p) => !voted.has(`${p}:${f}`));
      if (free.length === 0) return G(f, "hasVoted", [pick(open), f]);
      const p = pick(free);
      voted.add(`${p}:${f}`);
      return G(f, "castVote", [p, support]);
    };
    const actions: Action[] = [
      (f, o) => schedule(f, boxIface.encodeFunctionData("note", [o])),
      (f, _o, v) => schedule(f, boxIface.encodeFunctionData("store", [v])),
      (f, _o, _v, pick) => execute(f, pick),
      (f, _o, _v, pick) => execute(f, pick),
      (f, _o, _v, pick) => {
        if (scheduled.length === 0) return L(f, "getMinDelay", []);
        const op = pick(scheduled);
        scheduled.splice(scheduled.indexOf(op), 1);
        return L(f, "cancel", [opId(op)]);
      },
      (f, _o, _v, pick) => L(f, "isOperationReady", [scheduled.length > 0 ? opId(pick(scheduled)) : ZeroHash]),
      (f, o) => B(f, "notes", [o]),
      (f) => B(f, "value", []),
      (f, _o, v, pick) => vote(f, pick, v % 3n),
      (f, _o, _v, pick) => G(f, "state", [pick(open)]),
      (f, _o, _v, pick) => G(f, "proposalVotes", [pick(open)]),
      (f, o, v) => T(f, "transfer", [o, v]),
    ];
    check(
      "OZ TimelockController + GovernorTimelockControl",
      await randomBlocks(g, result, actions, { label: "timelock governor: " }),
    );
  });
});
