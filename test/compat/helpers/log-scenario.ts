/**
 * The request-log scenarios: the same requests made on Hardhat's network (EDR) and the parallel network, in
 * process (`request-log.test.ts`) or over HTTP to `hardhat node` and `parallel-node` (`node-request-log.test.ts`),
 * whose printed lines are compared.
 */
import { Interface } from "ethers";

import { ALICE, BOB, bytecodeOf } from "./compat-pair.js";

/** One request; a failure resolves to its text, as a script that goes on would see it. */
export type Request = (method: string, params?: unknown[]) => Promise<unknown>;

const compat = new Interface(["function failReason()", "function increment()", "function logged(uint256)"]);

/** A block's hash hangs on its timestamp, which differs between two chains opened apart: masked. */
export const maskBlockHash = (line: string): string =>
  line.replace(/^( *Block(?: #\d+)?: +)0x[0-9a-f]{64}$/, "$1<hash>");

/** Each kind of line: collapsed repeats, summaries, console.log, errors, refusals, mined blocks. */
export async function scenario(r: Request): Promise<void> {
  for (const method of ["eth_chainId", "eth_chainId", "eth_blockNumber", "eth_chainId"]) await r(method);
  const deployed = await r("eth_sendTransaction", [{ from: ALICE, data: bytecodeOf("Compat.sol", "Compat") }]);
  const { contractAddress: to } = (await r("eth_getTransactionReceipt", [deployed])) as { contractAddress: string };
  const call = (fn: string, args: unknown[] = []) => ({ from: ALICE, to, data: compat.encodeFunctionData(fn, args) });
  await r("eth_call", [call("increment")]);
  await r("eth_sendTransaction", [call("increment")]);
  await r("eth_sendTransaction", [call("logged", [5])]);
  await r("eth_call", [call("failReason")]);
  await r("eth_sendTransaction", [call("failReason")]);
  await r("eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1" }]);
  await r("evm_mine");
  await r("hardhat_mine", ["0x3"]);
  await r("evm_setAutomine", [false]);
  await r("eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1" }]);
  await r("evm_mine");
  await r("hardhat_setLoggingEnabled", [false]);
  await r("eth_chainId");
  await r("hardhat_setLoggingEnabled", [true]);
  await r("eth_getBalance", ["0xzz"]);
  await r("eth_sendTransaction", [{ ...call("failReason"), gas: "0x100000" }]);
  for (const value of ["0x186a0", "0x2386f26fc10000", "0x14d1120d7b160000", "0x3b9aca01"]) {
    await r("eth_sendTransaction", [{ from: ALICE, to: BOB, value }]);
  }
  await r("eth_sendTransaction", [{ from: ALICE, to: BOB, nonce: "0x0" }]);
  // EDR prints an unsupported method's line after answering: a later request's lines come after it.
  await r("foo_bar");
  await r("hardhat_mine", ["0x1"]);
}

/** A deployment and a transaction that logs, on a network without the request log. */
export async function quietScenario(r: Request): Promise<void> {
  const deployed = await r("eth_sendTransaction", [{ from: ALICE, data: bytecodeOf("Compat.sol", "Compat") }]);
  const { contractAddress: to } = (await r("eth_getTransactionReceipt", [deployed])) as { contractAddress: string };
  await r("eth_sendTransaction", [{ from: ALICE, to, data: compat.encodeFunctionData("logged", [5]) }]);
}

const edge = new Interface([
  "function burn(uint256)",
  "function failReason()",
  "function logThenRevert(uint256)",
  "function logged(uint256)",
]);

/**
 * The rest of EDR's log: values aligned after the longest title so far (a first transfer aligns narrower than a
 * later deployment, a deployment mined in a block wider still), calls to an account without code (a warning) and
 * to a precompile, input shorter than a selector, code the project did not compile, halts (out of gas, invalid
 * opcode) and reverts of calls, estimates and automined sends with their console.log lines, a failed deployment's
 * address, a mined block of one transaction that logs, `hardhat_mine` of a block of pending transactions and empty
 * ones.
 */
export async function edgeScenario(r: Request): Promise<void> {
  const precompile = "0x0000000000000000000000000000000000000002";
  await r("eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1" }]);
  await r("eth_call", [{ from: ALICE, to: BOB, data: "0x" }]);
  await r("eth_call", [{ from: ALICE, to: BOB, value: "0x5" }]);
  await r("eth_sendTransaction", [{ from: ALICE, to: precompile, data: "0x1234" }]);
  await r("eth_call", [{ from: ALICE, to: precompile, data: "0x1234" }]);
  const deploy = async (source: string, name: string) => {
    const hash = await r("eth_sendTransaction", [{ from: ALICE, data: bytecodeOf(source, name) }]);
    return ((await r("eth_getTransactionReceipt", [hash])) as { contractAddress: string }).contractAddress;
  };
  const compat = await deploy("Compat.sol", "Compat");
  const reverts = await deploy("ConsoleReverts.sol", "ConsoleReverts");
  const raw = await r("eth_sendTransaction", [{ from: ALICE, data: "0x600a600c600039600a6000f3602a60005260206000f3" }]);
  const { contractAddress: uncompiled } = (await r("eth_getTransactionReceipt", [raw])) as { contractAddress: string };
  const call = (to: string, data: string, gas?: string) => ({ from: ALICE, to, data, ...(gas ? { gas } : {}) });
  const burn = edge.encodeFunctionData("burn", [1000]);
  await r("eth_call", [call(compat, burn, "0x10000")]);
  await r("eth_estimateGas", [call(compat, burn, "0x10000")]);
  await r("eth_sendTransaction", [call(compat, burn, "0x10000")]);
  await r("eth_sendTransaction", [call(compat, edge.encodeFunctionData("failReason"), "0x10000")]);
  await r("eth_call", [call(reverts, edge.encodeFunctionData("logThenRevert", [30]))]);
  await r("eth_sendTransaction", [call(reverts, edge.encodeFunctionData("logThenRevert", [3]), "0x100000")]);
  await r("eth_call", [call(compat, "0x")]);
  await r("eth_call", [call(compat, "0x12345678")]);
  await r("eth_call", [call(uncompiled, "0x12345678")]);
  await r("eth_sendTransaction", [call(uncompiled, "0x")]);
  await r("eth_sendTransaction", [{ from: ALICE, data: "0xfe", gas: "0x10000" }]);
  await r("eth_call", [{ from: ALICE, data: "0xfe" }]);
  await r("eth_estimateGas", [{ from: ALICE, data: "0x60006000fd" }]);
  await r("evm_setAutomine", [false]);
  await r("eth_sendTransaction", [{ ...call(compat, edge.encodeFunctionData("logged", [7])), gas: "0x100000" }]);
  await r("evm_mine");
  await r("eth_sendTransaction", [{ from: ALICE, data: bytecodeOf("Compat.sol", "Compat") }]);
  await r("eth_sendTransaction", [{ ...call(compat, edge.encodeFunctionData("burn", [1])), gas: "0x100000" }]);
  await r("hardhat_mine", ["0x3"]);
  await r("evm_setAutomine", [true]);
  await r("eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1" }]);
}

/**
 * A mined block of several transactions that log: each console.log line under the transaction that logged it (a
 * failed first one with its error; one logging from a caught inner failure, several lines), a transfer between.
 */
export async function blockScenario(r: Request): Promise<void> {
  const deploy = async (name: string) => {
    const hash = await r("eth_sendTransaction", [{ from: ALICE, data: bytecodeOf(`${name}.sol`, name) }]);
    return ((await r("eth_getTransactionReceipt", [hash])) as { contractAddress: string }).contractAddress;
  };
  const compat = await deploy("Compat");
  const reverts = await deploy("ConsoleReverts");
  const nested = new Interface(["function logThenRevert(uint256)", "function nested(uint256)"]);
  const send = (to: string, data: string) => r("eth_sendTransaction", [{ from: ALICE, to, data, gas: "0x100000" }]);
  await r("evm_setAutomine", [false]);
  await send(reverts, nested.encodeFunctionData("logThenRevert", [30]));
  await send(compat, edge.encodeFunctionData("logged", [5]));
  await r("eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1", gas: "0x5208" }]);
  await send(reverts, nested.encodeFunctionData("nested", [12]));
  await send(compat, edge.encodeFunctionData("logged", [7]));
  await r("evm_mine");
  await send(compat, edge.encodeFunctionData("logged", [9]));
  await send(compat, edge.encodeFunctionData("logged", [11]));
  await r("hardhat_mine", ["0x2"]);
}

const failing = new Interface([
  "function failReason()",
  "function failBare()",
  "function increment()",
  "function failCustom(uint256)",
  "function failDivide(uint256)",
  "function failAssert()",
]);

/**
 * Failed transactions at every position of mined blocks (reason string, no reason, custom error, panics), and
 * automined: each with its error line, worded from the revert data as EDR's log words it.
 */
export async function failedInBlockScenario(r: Request): Promise<void> {
  const hash = await r("eth_sendTransaction", [{ from: ALICE, data: bytecodeOf("Compat.sol", "Compat") }]);
  const { contractAddress: to } = (await r("eth_getTransactionReceipt", [hash])) as { contractAddress: string };
  const send = (fn: string, args: unknown[] = []) =>
    r("eth_sendTransaction", [{ from: ALICE, to, data: failing.encodeFunctionData(fn, args), gas: "0x100000" }]);
  await r("evm_setAutomine", [false]);
  await send("increment");
  await send("failReason");
  await r("eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1", gas: "0x5208" }]);
  for (const [fn, args] of [
    ["failBare", []],
    ["failCustom", [3]],
    ["failDivide", [0]],
    ["failAssert", []],
  ] as const)
    await send(fn, [...args]);
  await r("evm_mine");
  await r("evm_setAutomine", [true]);
  for (const [fn, args] of [
    ["failCustom", [4]],
    ["failDivide", [0]],
    ["failReason", []],
  ] as const)
    await send(fn, [...args]);
  await r("evm_setAutomine", [false]);
  await send("failCustom", [5]);
  await send("failReason");
  await r("hardhat_mine", ["0x2"]);
}
