import { Interface, Wallet } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";
import { ALICE, BOB, CAROL, bytecodeOf } from "../compat/helpers/compat-pair.js";

type P = unknown[] | ((c: NetworkConnection) => Promise<unknown[]>);
const C = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
const abi = new Interface([
  "function increment()", "function failReason()", "function failCustom(uint256)", "function failDivide(uint256)",
  "function deposit(bytes32) payable", "function create(uint256) payable returns (address)", "function counter() view returns (uint256)",
  "function create2(uint256,bytes32) payable returns (address)",
]);
export const INC = abi.encodeFunctionData("increment");
export const FAIL = abi.encodeFunctionData("failReason");
export const CUSTOM = abi.encodeFunctionData("failCustom", [7]);
export const DIV = abi.encodeFunctionData("failDivide", [0]);
export const DEP = abi.encodeFunctionData("deposit", [`0x${"ab".repeat(32)}`]);
export const CREATE = abi.encodeFunctionData("create", [5]);
const SIGNER = new Wallet("0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba");
const req = (c: NetworkConnection, method: string, params: unknown[] = []) => c.provider.request({ method, params });
const hashes = new Map<NetworkConnection, string[]>();
async function send(c: NetworkConnection, tx: Record<string, unknown>): Promise<void> {
  try { hashes.get(c)?.push(String(await req(c, "eth_sendTransaction", [tx]))); } catch { /* reverted */ }
}
export async function setup(cs: NetworkConnection[]): Promise<void> {
  for (const c of cs) hashes.set(c, []);
  const both = async (f: (c: NetworkConnection) => Promise<unknown>) => { for (const c of cs) await f(c); };
  await both((c) => send(c, { from: ALICE, data: bytecodeOf("Compat.sol", "Compat") })); // block 1
  await both((c) => send(c, { from: ALICE, to: C, data: INC })); // 2
  await both((c) => send(c, { from: ALICE, to: BOB, value: "0x1", gasPrice: "0x77359400" })); // 3 legacy
  await both((c) => send(c, { from: ALICE, to: C, data: DEP, value: "0x5", accessList: [{ address: C, storageKeys: [`0x${"00".repeat(32)}`] }], gasPrice: "0x77359400" })); // 4 type1
  await both((c) => send(c, { from: BOB, to: C, data: CREATE, value: "0x3" })); // 5
  await both((c) => send(c, { from: ALICE, to: C, data: FAIL, gas: "0x30000" })); // 6 reverted
  await both((c) => req(c, "evm_setAutomine", [false]));
  await both((c) => send(c, { from: ALICE, to: C, data: INC }));
  await both((c) => send(c, { from: BOB, to: C, data: DEP, value: "0x9" }));
  await both((c) => send(c, { from: CAROL, to: C, data: INC, type: "0x0" }));
  await both((c) => req(c, "evm_mine", [])); // 7: three txs, logs
  await both((c) => req(c, "evm_setAutomine", [true]));
  const raw = await SIGNER.signTransaction({ chainId: 31337n, gasPrice: 10n ** 10n, nonce: 0, to: BOB, gasLimit: 21000n });
  await both((c) => req(c, "hardhat_setBalance", [SIGNER.address, "0xde0b6b3a7640000"]));
  await both(async (c) => hashes.get(c)?.push(String(await req(c, "eth_sendRawTransaction", [raw])))); // 8
}
const h = (i: number) => async (c: NetworkConnection) => hashes.get(c)?.[i];
const blockHash = async (c: NetworkConnection, n: string) => ((await req(c, "eth_getBlockByNumber", [n, false])) as { hash: string }).hash;
const UNKNOWN = `0x${"12".repeat(32)}`;
const TAGS: unknown[] = ["latest", "pending", "safe", "finalized", "earliest", "0x0", "0x3", "0x999", "0x", "0x01", "latest ", "Latest", 3, null, { blockNumber: "0x3" }, { blockNumber: "0x999" }, { blockHash: UNKNOWN }, { blockHash: UNKNOWN, requireCanonical: true }, { blockHash: UNKNOWN, requireCanonical: false }, {}, { blockNumber: "latest" }, { blockNumber: "pending" }, { blockNumber: "0x3", blockHash: UNKNOWN }, { blockHash: "0x12" }, { blockNumber: "0x3", requireCanonical: true }];
const withBlock = (prefix: unknown[], method: string): Array<[string, P]> => [
  [method, prefix],
  ...TAGS.map((t): [string, P] => [method, [...prefix, t]]),
  [method, async (c) => [...prefix, { blockHash: await blockHash(c, "0x3") }]],
  [method, async (c) => [...prefix, { blockHash: await blockHash(c, "0x3"), requireCanonical: true }]],
  [method, async (c) => [...prefix, await blockHash(c, "0x3")]],
  [method, [...prefix, "latest", "extra"]],
];
const calls = [{ from: ALICE, to: C, data: INC }];
export const BATTERY: Array<[string, P]> = [
  ...withBlock([BOB], "eth_getBalance"),
  ...withBlock([C], "eth_getCode"),
  ...withBlock([ALICE], "eth_getTransactionCount"),
  ...withBlock([C, "0x0"], "eth_getStorageAt"),
  ...withBlock([{ from: ALICE, to: C, data: INC }], "eth_call"),
  ...withBlock([{ from: ALICE, to: C, data: INC }], "eth_estimateGas"),
  ...withBlock([C, ["0x0"]], "eth_getProof"),
  ...withBlock([{ from: ALICE, to: C, data: INC }], "eth_createAccessList"),
  ...withBlock(["0x2"], "eth_feeHistory").map(([m, p]): [string, P] => [m, typeof p === "function" ? async (c) => [...(await p(c)), [25, 75]] : p.length === 1 ? [...p] : [...p.slice(0, 2), [25, 75], ...p.slice(2)]]),
  ...TAGS.map((t): [string, P] => ["eth_getBlockReceipts", [t]]),
  ["eth_getBlockReceipts", []],
  ["eth_getBlockReceipts", async (c) => [await blockHash(c, "0x7")]],
  ...TAGS.map((t): [string, P] => ["eth_getBlockByNumber", [t, false]]),
  ["eth_getBlockByNumber", ["0x7"]], ["eth_getBlockByNumber", ["0x7", "true"]], ["eth_getBlockByNumber", ["0x7", 1]], ["eth_getBlockByNumber", ["0x7", true, 1]],
  ["eth_getBlockByNumber", ["0x7", true]], ["eth_getBlockByNumber", ["0x8", true]], ["eth_getBlockByNumber", ["0x4", true]], ["eth_getBlockByNumber", ["0x3", true]],
  ["eth_getBlockByHash", [UNKNOWN, false]], ["eth_getBlockByHash", [UNKNOWN]], ["eth_getBlockByHash", ["0x12", false]], ["eth_getBlockByHash", ["latest", false]],
  ["eth_getBlockByHash", async (c) => [await blockHash(c, "0x7"), true]],
  ["eth_getBlockTransactionCountByHash", [UNKNOWN]], ["eth_getBlockTransactionCountByHash", []],
  ["eth_getBlockTransactionCountByNumber", ["pending"]], ["eth_getBlockTransactionCountByNumber", ["0x999"]], ["eth_getBlockTransactionCountByNumber", []], ["eth_getBlockTransactionCountByNumber", ["safe"]],
  ["eth_getTransactionByBlockNumberAndIndex", ["0x7", "0x2"]], ["eth_getTransactionByBlockNumberAndIndex", ["0x7", "0x9"]], ["eth_getTransactionByBlockNumberAndIndex", ["0x999", "0x0"]], ["eth_getTransactionByBlockNumberAndIndex", ["pending", "0x0"]], ["eth_getTransactionByBlockNumberAndIndex", ["0x7"]],
  ["eth_getTransactionByBlockHashAndIndex", [UNKNOWN, "0x0"]], ["eth_getTransactionByBlockHashAndIndex", async (c) => [await blockHash(c, "0x7"), "0x1"]],
  ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((i): Array<[string, P]> => [
    ["eth_getTransactionReceipt", async (c) => [await h(i)(c)]],
    ["eth_getTransactionByHash", async (c) => [await h(i)(c)]],
  ]),
  ["eth_getTransactionReceipt", [UNKNOWN]], ["eth_getTransactionReceipt", ["0x12"]], ["eth_getTransactionReceipt", []], ["eth_getTransactionReceipt", [null]],
  ["eth_getTransactionByHash", [UNKNOWN]], ["eth_getTransactionByHash", [UNKNOWN, 1]],
  ["eth_getLogs", [{}]], ["eth_getLogs", [{ fromBlock: "0x0" }]], ["eth_getLogs", [{ fromBlock: "earliest", toBlock: "pending" }]], ["eth_getLogs", [{ fromBlock: "0x5", toBlock: "0x2" }]], ["eth_getLogs", [{ fromBlock: "0x999" }]],
  ["eth_getLogs", [{ fromBlock: "0x0", toBlock: "0x999" }]], ["eth_getLogs", [{ blockHash: UNKNOWN }]], ["eth_getLogs", [{ blockHash: UNKNOWN, fromBlock: "0x0" }]], ["eth_getLogs", [{ fromBlock: "safe", toBlock: "finalized" }]],
  ["eth_getLogs", [{ fromBlock: "0x0", address: [C, BOB] }]], ["eth_getLogs", [{ fromBlock: "0x0", address: "0x12" }]], ["eth_getLogs", [{ fromBlock: "0x0", topics: ["0x12"] }]], ["eth_getLogs", [{ fromBlock: "0x0", topics: [null, null, null, null, null] }]],
  ["eth_getLogs", async (c) => [{ blockHash: await blockHash(c, "0x7") }]], ["eth_getLogs", []], ["eth_getLogs", [null]],
  ["eth_getLogs", [{ fromBlock: 1 }]], ["eth_getLogs", [{ fromBlock: "0x0" }, 1]],
  ["debug_traceTransaction", async (c) => [await h(1)(c)]],
  ...[{}, { disableStorage: true }, { disableMemory: true }, { disableStack: true }, { enableMemory: true }, { enableReturnData: true }, { disableStorage: true, disableStack: true, enableMemory: true }, { tracer: "callTracer" }, { tracer: "prestateTracer" }, { tracer: "4byteTracer" }, { tracer: "nope" }, { timeout: "1s" }, { tracerConfig: {} }, { disableStorage: "yes" }, null].flatMap((o): Array<[string, P]> => [
    ...[1, 4, 5, 6, 8].map((i): [string, P] => ["debug_traceTransaction", async (c) => [await h(i)(c), o]]),
    ["debug_traceCall", [{ from: ALICE, to: C, data: DEP, value: "0x1" }, "latest", o]],
    ["debug_traceCall", [{ from: ALICE, to: C, data: FAIL }, "latest", o]],
    ["debug_traceCall", [{ from: ALICE, to: "0x0000000000000000000000000000000000000002", data: "0x1234" }, "latest", o]],
    ["debug_traceCall", async () => [{ from: ALICE, data: bytecodeOfLazy() }, "latest", o]],
  ]),
  ["debug_traceTransaction", [UNKNOWN]], ["debug_traceTransaction", []], ["debug_traceCall", [{ from: ALICE, to: C, data: INC }]], ["debug_traceCall", [{ from: ALICE, to: C, data: INC }, "0x999"]],
  ["debug_traceCall", [{ from: ALICE, to: C, data: INC }, "pending"]],
  ["eth_call", [{ from: ALICE, to: C, data: FAIL }, "latest"]], ["eth_call", [{ from: ALICE, to: C, data: CUSTOM }]], ["eth_call", [{ from: ALICE, to: C, data: DIV }]],
  ["eth_call", [{ to: C, data: INC }]], ["eth_call", [{}]], ["eth_call", []], ["eth_call", [{ from: ALICE, to: "0x12" }]], ["eth_call", [{ from: ALICE, to: C, gas: "0x1" }]],
  ["eth_call", [{ from: ALICE, to: "0x0000000000000000000000000000000000000001", data: "0x" + "00".repeat(128) }]],
  ["eth_estimateGas", [{ from: ALICE, to: C, data: FAIL }]], ["eth_estimateGas", [{ from: ALICE, to: C, data: CUSTOM }]], ["eth_estimateGas", [{ from: ALICE, to: BOB, value: "0xffffffffffffffffffffffffffffffffff" }]],
  ["eth_createAccessList", [{ from: ALICE, to: C, data: FAIL }]], ["eth_createAccessList", [{ from: ALICE, to: C, data: DEP, value: "0x1" }]], ["eth_createAccessList", [{ from: ALICE, data: "0x" }]],
  ["eth_getProof", [C, [], "latest"]], ["eth_getProof", [BOB, ["0x0", "0x1"], "latest"]], ["eth_getProof", [C, ["0x0"]]], ["eth_getProof", [C, "0x0", "latest"]], ["eth_getProof", [C, ["0x" + "00".repeat(33)], "latest"]], ["eth_getProof", [CAROL.replace("3c", "00"), [], "latest"]],
  ["eth_getStorageAt", [C, "0x" + "ff".repeat(32), "latest"]], ["eth_getStorageAt", [C, "0x" + "ff".repeat(33), "latest"]], ["eth_getStorageAt", [C, "0x00", "latest"]], ["eth_getStorageAt", [C, 0, "latest"]],
  ["eth_getBalance", ["0x12", "latest"]], ["eth_getBalance", [BOB.toUpperCase().replace("0X", "0x"), "latest"]], ["eth_getBalance", [1, "latest"]], ["eth_getBalance", []],
  ["eth_getCode", ["0x0000000000000000000000000000000000000001", "latest"]],
  ...["eth_accounts", "eth_blockNumber", "eth_chainId", "eth_coinbase", "eth_gasPrice", "eth_maxPriorityFeePerGas", "eth_blobBaseFee", "eth_syncing", "eth_mining", "eth_hashrate", "eth_protocolVersion", "net_version", "net_listening", "net_peerCount", "web3_clientVersion", "hardhat_getAutomine", "eth_pendingTransactions", "hardhat_metadata", "eth_newBlockFilter", "eth_newPendingTransactionFilter", "eth_requestAccounts", "eth_getUncleByBlockNumberAndIndex", "eth_getUncleCountByBlockNumber", "eth_getUncleCountByBlockHash", "eth_getWork", "eth_submitWork", "eth_submitHashrate", "txpool_content", "txpool_status", "txpool_inspect", "debug_traceBlockByNumber", "debug_traceBlockByHash", "eth_signTransaction", "eth_getRawTransactionByHash", "eth_signTypedData", "eth_signTypedData_v3", "hardhat_intervalMine", "hardhat_addCompilationResult", "eth_getHeaderByNumber", "eth_simulateV1", "eth_callMany", "eth_sendRawTransactionSync", "eth_config", "debug_getRawBlock", "debug_getRawHeader", "debug_getRawReceipts", "debug_getRawTransaction", "eth_getAccount", "eth_getAccountInfo", "trace_transaction", "anvil_mine", "evm_setAccountNonce", "hardhat_setLoggingEnabled", "evm_setIntervalMining", "evm_setAutomine", "hardhat_setPrevRandao", "hardhat_setCoinbase", "hardhat_setMinGasPrice", "eth_sign", "personal_sign", "eth_signTypedData_v4", "web3_sha3", "eth_unsubscribe", "eth_subscribe", "hardhat_dropTransaction", "hardhat_setBalance", "hardhat_setCode", "hardhat_setNonce", "hardhat_setStorageAt", "hardhat_impersonateAccount", "hardhat_stopImpersonatingAccount", "evm_increaseTime", "evm_setNextBlockTimestamp", "evm_setBlockGasLimit", "hardhat_setNextBlockBaseFeePerGas", "hardhat_mine", "evm_revert", "eth_uninstallFilter", "eth_getFilterChanges", "eth_getFilterLogs", "eth_newFilter", "eth_sendTransaction", "eth_sendRawTransaction", "eth_feeHistory", "hardhat_reset", "debug_setHead", "hardhat_getStackTraceFailuresCount"].flatMap((m): Array<[string, P]> => [[m, []], [m, [null]], [m, ["0x1", "0x2", "0x3", "0x4"]], [m, [{}]], [m, [true]]]),
];
function bytecodeOfLazy(): string { const lazy = bytecodeOf("Compat.sol", "Child") + "0".repeat(63) + "5"; return lazy; }
