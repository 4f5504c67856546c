import { expect } from "chai";
import { checkSoundness } from "../../src/analyzer/index.js";
import { analyzeFixtures, contractOf, fnOf, pairOf, texts } from "./helpers/analyze-fixture.js";
import { execute } from "./helpers/execute.js";

const A = `0x${"11".repeat(20)}`;
const B = `0x${"22".repeat(20)}`;
const BALANCES = "slot(0x56d7aaddd2f8146c51a802892600aea0eb363dd679360896f9a7546fe1de342b)";

describe("analyzer: OpenZeppelin StorageSlot / SlotDerivation idioms (SlotUsers.sol)", function () {
  it("places constant slots, derived mappings (nested) and array elements from the AST, without the bytecode fallback", function () {
    const user = contractOf(analyzeFixtures("0.8.28", ["SlotUsers.sol"]), "SlotUser");
    expect(user.method).to.equal("ast");
    expect(user.functions.flatMap((f) => f.unknowns)).to.deep.equal([]);
    expect(texts(fnOf(user, "send"), "writes")).to.deep.equal([
      `${BALANCES}[msg.sender].value(+)`,
      `${BALANCES}[to].value(+)`,
    ]);
    expect(texts(fnOf(user, "balanceOf"), "reads")).to.deep.equal([`${BALANCES}[account].value`]);
    expect(texts(fnOf(user, "allowance"), "reads")[0]).to.match(
      /^slot\(0xe1fc[0-9a-f]+\)\[holder\]\[spender\]\.value$/,
    );
    expect(texts(fnOf(user, "setItem"), "writes")[0]).to.match(/^slot\(0x93d6[0-9a-f]+\)\[index\]\.value$/);
    // erc7201Slot("slot.user.ns") on a literal is the constant ERC-7201 slot.
    expect(texts(fnOf(user, "setNamespaced"), "writes")).to.deep.equal([
      "slot(0xb14c7252a11ce747bdffbffd0d0c902e51615d86c67c746dd22f49b81e480500).value",
    ]);
  });

  it("classes: per-account and per-index keys, separate constant slots", function () {
    const user = contractOf(analyzeFixtures("0.8.28", ["SlotUsers.sol"]), "SlotUser");
    expect(pairOf(user, "deposit", "deposit").class).to.equal("none");
    expect(pairOf(user, "deposit", "deposit").sameSender?.class).to.equal("commutative-only");
    expect(pairOf(user, "deposit", "send").class).to.equal("commutative-only");
    expect(pairOf(user, "send", "balanceOf").class).to.equal("key-dependent");
    expect(pairOf(user, "approve", "allowance").words).to.contain("msg.sender = holder′");
    expect(pairOf(user, "setItem", "item").class).to.equal("key-dependent");
    expect(pairOf(user, "bump", "setOwner").class).to.equal("none");
    expect(pairOf(user, "bump", "counter").class).to.equal("always");
    expect(pairOf(user, "approve", "deposit").class).to.equal("none");
  });

  it("every slot executed calls touch is covered (zero misses, nothing unverified)", async function () {
    const { address, txs } = await execute("SlotUsers.sol", "SlotUser", [
      { from: A, fn: "bump", args: [] },
      { from: A, fn: "setOwner", args: [B] },
      { from: A, fn: "deposit", args: [100n] },
      { from: A, fn: "send", args: [B, 40n] },
      { from: B, fn: "balanceOf", args: [A] },
      { from: B, fn: "approve", args: [A, 5n] },
      { from: A, fn: "allowance", args: [B, A] },
      { from: A, fn: "setItem", args: [3n, 9n] },
      { from: B, fn: "item", args: [3n] },
      { from: B, fn: "setNamespaced", args: [1n] },
    ]);
    const result = analyzeFixtures("0.8.28", ["SlotUsers.sol"]);
    const report = checkSoundness({ result, deployments: { [address]: "SlotUser" }, transactions: txs });
    expect(report.checked).to.be.greaterThan(10);
    expect(report.misses).to.deep.equal([]);
    expect(report.unverified).to.equal(0);
  });
});
