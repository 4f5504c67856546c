import { expect } from "chai";
import { Interface, solidityPacked, keccak256 as ethersKeccak, getCreate2Address } from "ethers";

import { ALICE, BOB, CAROL, CompatPair, bytecodeOf, comparableReceipt, pick } from "./helpers/compat-pair.js";

const compat = new Interface([
  "function increment()",
  "function counter() view returns (uint256)",
  "function deposit(bytes32 tag) payable",
  "function withdraw(uint256 amount)",
  "function create(uint256 initial) payable returns (address)",
  "function create2(uint256 initial, bytes32 salt) payable returns (address)",
  "function logged(uint256 x)",
  "function burn(uint256 rounds)",
  "function deposits(address) view returns (uint256)",
  "event Created(address child, bool viaCreate2)",
]);
const token = new Interface(["function transfer(address to, uint256 amount) returns (bool)"]);
const TAG = `0x${"ab".repeat(32)}`;

describe("compat: transactions, receipts, balances and storage", () => {
  let pair: CompatPair;
  let target: string;

  beforeEach(async () => {
    pair = await CompatPair.open();
    target = await pair.deploy("Compat.sol", "Compat");
  });
  afterEach(() => pair.close());

  it("deploys to the same address with the same receipt", async () => {
    const [a, b] = await pair.transact({ from: BOB, data: bytecodeOf("Token.sol", "Token") });
    expect(comparableReceipt(b)).to.deep.equal(comparableReceipt(a));
    const [codeA, codeB] = await pair.results("eth_getCode", [a.contractAddress, "latest"]);
    expect(codeB).to.equal(codeA);
    expect(String(codeA).length).to.be.greaterThan(1000);
  });

  it("matches receipts, logs and storage of calls that emit events", async () => {
    for (let i = 0; i < 3; i++) {
      const [a, b] = await pair.transact({ from: ALICE, to: target, data: compat.encodeFunctionData("increment") });
      expect(comparableReceipt(b)).to.deep.equal(comparableReceipt(a));
      expect(a.logs).to.have.length(1);
    }
    const [slotA, slotB] = await pair.results("eth_getStorageAt", [target, "0x0", "latest"]);
    expect(slotB).to.equal(slotA);
    expect(BigInt(String(slotA))).to.equal(3n);
  });

  it("matches value transfers: balances of sender, recipient and contract", async () => {
    const [a, b] = await pair.transact({ from: ALICE, to: BOB, value: "0xde0b6b3a7640000" });
    expect(comparableReceipt(b)).to.deep.equal(comparableReceipt(a));
    const data = compat.encodeFunctionData("deposit", [TAG]);
    const [c, d] = await pair.transact({ from: CAROL, to: target, data, value: "0x1234" });
    expect(comparableReceipt(d)).to.deep.equal(comparableReceipt(c));
    const [e, f] = await pair.transact({
      from: CAROL,
      to: target,
      data: compat.encodeFunctionData("withdraw", [0x34]),
    });
    expect(comparableReceipt(f)).to.deep.equal(comparableReceipt(e));
    for (const who of [ALICE, BOB, CAROL, target]) {
      const [x, y] = await pair.results("eth_getBalance", [who, "latest"]);
      expect(y, who).to.equal(x);
    }
    const [x, y] = await pair.results("eth_call", [
      { to: target, data: compat.encodeFunctionData("deposits", [CAROL]) },
    ]);
    expect(y).to.equal(x);
    expect(BigInt(String(x))).to.equal(0x1200n);
  });

  it("matches CREATE and CREATE2 children, their addresses, code and value", async () => {
    const salt = `0x${"11".repeat(32)}`;
    const [a, b] = await pair.transact({
      from: ALICE,
      to: target,
      data: compat.encodeFunctionData("create", [7]),
      value: "0x5",
    });
    expect(comparableReceipt(b)).to.deep.equal(comparableReceipt(a));
    const [c, d] = await pair.transact({
      from: ALICE,
      to: target,
      data: compat.encodeFunctionData("create2", [9, salt]),
    });
    expect(comparableReceipt(d)).to.deep.equal(comparableReceipt(c));
    const created = compat.decodeEventLog("Created", String(c.logs[0]?.data), c.logs[0]?.topics as string[]);
    const initCode = solidityPacked(["bytes", "uint256"], [bytecodeOf("Compat.sol", "Child"), 9]);
    expect(String(created[0]).toLowerCase()).to.equal(
      getCreate2Address(target, salt, ethersKeccak(initCode)).toLowerCase(),
    );
    const [codeA, codeB] = await pair.results("eth_getCode", [created[0], "latest"]);
    expect(codeB).to.equal(codeA);
  });

  it("matches storage after many writes and gas of a storage-heavy call", async () => {
    const [a, b] = await pair.transact({ from: ALICE, to: target, data: compat.encodeFunctionData("burn", [40]) });
    expect(comparableReceipt(b)).to.deep.equal(comparableReceipt(a));
    for (const slot of ["0x2", "0x405787fa12a823e0f2b7631cc41b3ba8828b3321ca811111fa75cd3aa3bb5ace"]) {
      const [x, y] = await pair.results("eth_getStorageAt", [target, slot, "latest"]);
      expect(y, slot).to.equal(x);
    }
  });

  it("matches ERC20 transfers: receipts, Transfer logs and balances", async () => {
    const tokenAddress = await pair.deploy("Token.sol", "Token");
    for (const to of [BOB, CAROL]) {
      const data = token.encodeFunctionData("transfer", [to, 10n ** 18n]);
      const [a, b] = await pair.transact({ from: ALICE, to: tokenAddress, data });
      expect(comparableReceipt(b)).to.deep.equal(comparableReceipt(a));
    }
    const [x, y] = await pair.results("eth_getBalance", [ALICE, "latest"]);
    expect(y).to.equal(x);
  });

  it("matches the transaction objects of eth_getTransactionByHash", async () => {
    const [h1, h2] = await pair.results("eth_sendTransaction", [
      { from: ALICE, to: target, data: compat.encodeFunctionData("increment") },
    ]);
    const [t1, t2] = await Promise.all([
      pair.edr.provider.request({ method: "eth_getTransactionByHash", params: [h1] }),
      pair.parallel.provider.request({ method: "eth_getTransactionByHash", params: [h2] }),
    ]);
    const fields = [
      "nonce",
      "from",
      "to",
      "value",
      "gas",
      "gasPrice",
      "input",
      "type",
      "chainId",
      "maxFeePerGas",
      "maxPriorityFeePerGas",
      "accessList",
      "transactionIndex",
      "blockNumber",
      "v",
      "r",
      "s",
      "hash",
    ];
    expect(pick(t2, fields)).to.deep.equal(pick(t1, fields));
    expect(h2).to.equal(h1);
  });
});
