import { createEVM } from "@ethereumjs/evm";
import { Address, bytesToHex, hexToBytes } from "@ethereumjs/util";
import { expect } from "chai";
import { Interface } from "ethers";
import { checkSoundness, type ExecutedTransaction } from "../../src/analyzer/index.js";
import { analyzeFixtures, contractOf } from "./helpers/analyze-fixture.js";
import { compileFixtures } from "./helpers/compile.js";

const hex32 = (v: bigint) => `0x${v.toString(16).padStart(64, "0")}`;

/** Runs calls on a bare EVM and records storage accesses and keccak preimages through the step event. */
async function execute(file: string, name: string, calls: { from: string; fn: string; args: unknown[] }[]) {
  const pair = compileFixtures("0.8.28", [file]);
  const out = (
    pair.output.contracts as Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>
  )[file]?.[name];
  if (out === undefined) throw new Error(`no ${name}`);
  const iface = new Interface(out.abi as string[]);
  const evm = await createEVM();
  const deployer = new Address(hexToBytes(`0x${"aa".repeat(20)}`));
  const created = await evm.runCall({
    caller: deployer,
    data: hexToBytes(`0x${out.evm.bytecode.object}`),
    gasLimit: 30_000_000n,
  });
  const to = created.createdAddress;
  if (to === undefined) throw new Error("deploy failed");
  let current: ExecutedTransaction | undefined;
  let pendingHash: Uint8Array | undefined;
  evm.events?.on(
    "step",
    (step: { opcode: { name: string }; stack: bigint[]; memory: Uint8Array; address: Address }) => {
      if (current === undefined) return;
      const top = step.stack[step.stack.length - 1] ?? 0n;
      const address = step.address.toString();
      if (step.opcode.name === "SLOAD") current.accesses.push({ address, slot: hex32(top), kind: "read" });
      if (step.opcode.name === "SSTORE") current.accesses.push({ address, slot: hex32(top), kind: "write" });
      if (step.opcode.name === "KECCAK256") {
        const off = Number(top);
        const len = Number(step.stack[step.stack.length - 2] ?? 0n);
        pendingHash = step.memory.slice(off, off + len);
      } else if (pendingHash !== undefined) {
        current.preimages = { ...current.preimages, [hex32(top)]: bytesToHex(pendingHash) };
        pendingHash = undefined;
      }
    },
  );
  const txs: ExecutedTransaction[] = [];
  for (const [i, call] of calls.entries()) {
    const input = iface.encodeFunctionData(call.fn, call.args);
    current = {
      hash: `0x${i.toString(16).padStart(64, "0")}`,
      from: call.from,
      to: to.toString(),
      input,
      accesses: [],
      preimages: {},
    };
    const res = await evm.runCall({
      caller: new Address(hexToBytes(call.from as `0x${string}`)),
      to,
      data: hexToBytes(input as `0x${string}`),
      gasLimit: 5_000_000n,
    });
    if (res.execResult.exceptionError) throw new Error(`${call.fn} reverted`);
    txs.push(current);
  }
  current = undefined;
  return { address: to.toString(), txs };
}

const A = `0x${"11".repeat(20)}`;
const B = `0x${"22".repeat(20)}`;
const C = `0x${"33".repeat(20)}`;

describe("analyzer: soundness check against execution", function () {
  it("ERC20 mint/transfer/approve/transferFrom: every executed slot is covered (zero misses)", async function () {
    const { address, txs } = await execute("Token.sol", "Token", [
      { from: A, fn: "mint", args: [A, 1000n] },
      { from: A, fn: "transfer", args: [B, 10n] },
      { from: B, fn: "approve", args: [C, 5n] },
      { from: C, fn: "transferFrom", args: [B, A, 5n] },
    ]);
    const result = analyzeFixtures("0.8.28", ["Token.sol"]);
    const report = checkSoundness({ result, deployments: { [address]: "Token" }, transactions: txs });
    expect(report.checked).to.be.greaterThan(8);
    expect(report.misses).to.deep.equal([]);
    expect(report.unverified).to.equal(0);
  });

  it("reports a MISS with contract, function, slot and transaction when the summary lacks an access", async function () {
    const { address, txs } = await execute("Token.sol", "Token", [{ from: A, fn: "mint", args: [B, 7n] }]);
    const result = analyzeFixtures("0.8.28", ["Token.sol"]);
    const broken = structuredClone(result);
    const brokenMint = contractOf(broken, "Token").functions.find((f) => f.name === "mint");
    if (brokenMint) brokenMint.writes = brokenMint.writes.filter((w) => !w.location.text.startsWith("_totalSupply"));
    const report = checkSoundness({ result: broken, deployments: { [address]: "Token" }, transactions: txs });
    // `_totalSupply += v` reads then writes slot 2: both accesses are now uncovered.
    expect(report.misses.map((m) => m.kind).sort()).to.deep.equal(["read", "write"]);
    expect(report.misses[0]).to.include({ contract: "Token", function: "mint(address,uint256)", tx: txs[0]?.hash });
    expect(report.misses.every((m) => m.slot === hex32(2n))).to.equal(true);
    expect(checkSoundness({ result, deployments: { [address]: "Token" }, transactions: txs }).misses).to.deep.equal([]);
  });

  it("game and lending pool transactions are covered, including storage pointers and struct members", async function () {
    const game = await execute("Game.sol", "Game", [
      { from: A, fn: "join", args: [] },
      { from: A, fn: "train", args: [5n] },
      { from: B, fn: "submitScore", args: [10n] },
      { from: A, fn: "submitScore", args: [20n] },
    ]);
    const gameReport = checkSoundness({
      result: analyzeFixtures("0.8.28", ["Game.sol"]),
      deployments: { [game.address]: "Game" },
      transactions: game.txs,
    });
    expect(gameReport.misses).to.deep.equal([]);
    const pool = await execute("Lending.sol", "LendingPool", [
      { from: A, fn: "deposit", args: [100n] },
      { from: A, fn: "borrow", args: [10n] },
      { from: B, fn: "liquidate", args: [A] },
    ]);
    const poolReport = checkSoundness({
      result: analyzeFixtures("0.8.28", ["Lending.sol"]),
      deployments: { [pool.address]: "LendingPool" },
      transactions: pool.txs,
    });
    expect(poolReport.misses).to.deep.equal([]);
    expect(poolReport.checked).to.be.greaterThan(10);
  });
});
