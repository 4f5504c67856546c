import { expect } from "chai";
import { Interface } from "ethers";

import { ALICE, BOB, CompatPair, comparableReceipt } from "./helpers/compat-pair.js";

const target = new Interface([
  "function poke(uint256 key, uint256 value)",
  "function clear(uint256 key)",
  "function forward(address to) payable",
]);
const token = new Interface(["function transfer(address to, uint256 amount) returns (bool)"]);
const compat = new Interface(["function create2(uint256 initial, bytes32 salt) payable returns (address)"]);

describe("compat: gas estimates (refunds, stipends, nested calls) and transactions sent without gas", () => {
  let pair: CompatPair;
  let fuzz: string;
  let erc20: string;
  let factory: string;

  before(async () => {
    pair = await CompatPair.open();
    fuzz = await pair.deploy("FuzzTarget.sol", "FuzzTarget");
    erc20 = await pair.deploy("Token.sol", "Token");
    factory = await pair.deploy("Compat.sol", "Compat");
    await pair.transact({ from: ALICE, to: fuzz, data: target.encodeFunctionData("poke", [1, 5]) });
    await pair.transact({ from: ALICE, to: erc20, data: token.encodeFunctionData("transfer", [BOB, 1000]) });
  });
  after(() => pair.close());

  const CALLS: Array<[string, () => Record<string, unknown>]> = [
    ["a plain ETH transfer", () => ({ from: ALICE, to: BOB, value: "0x1" })],
    ["clearing a slot (refund)", () => ({ from: ALICE, to: fuzz, data: target.encodeFunctionData("clear", [1]) })],
    [
      "an ERC20 transfer to oneself",
      () => ({ from: ALICE, to: erc20, data: token.encodeFunctionData("transfer", [ALICE, 1]) }),
    ],
    [
      "an ERC20 transfer of a whole balance (refund)",
      () => ({ from: BOB, to: erc20, data: token.encodeFunctionData("transfer", [ALICE, 1000]) }),
    ],
    [
      "a value call with a 2,300-gas stipend",
      () => ({ from: ALICE, to: fuzz, data: target.encodeFunctionData("forward", [BOB]), value: "0x5" }),
    ],
    [
      "CREATE2 from a contract (63/64 rule)",
      () => ({ from: ALICE, to: factory, data: compat.encodeFunctionData("create2", [1, `0x${"11".repeat(32)}`]) }),
    ],
  ];

  for (const [label, call] of CALLS) {
    it(`${label}: the same estimate, and sent without gas the same hash and receipt`, async () => {
      const [a, b] = await pair.results("eth_estimateGas", [call()]);
      expect(b).to.equal(a);
      const [ra, rb] = await pair.transact(call());
      expect(comparableReceipt(rb)).to.deep.equal(comparableReceipt(ra));
      expect(rb.transactionHash).to.equal(ra.transactionHash);
      expect(rb.status).to.equal("0x1");
    });
  }
});
