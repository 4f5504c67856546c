/**
 * The table behind the bad-input suite: every method's parameters by kind, the valid value of each kind, and
 * the malformed values (wrong types, huge numbers, broken hex) and unknown values (well-formed, but naming
 * nothing: unknown block tags, hashes, filters) each kind is tried with.
 */
import { Wallet } from "ethers";

/** Kinds of parameters. */
export type Kind =
  | "address"
  | "block"
  | "blockNumber"
  | "quantity"
  | "count"
  | "hash"
  | "data"
  | "slot"
  | "position"
  | "word"
  | "tx"
  | "call"
  | "bool"
  | "raw"
  | "filter"
  | "filterId"
  | "typed"
  | "interval"
  | "percentiles"
  | "slots";

/** A parameter: its name (as error messages name it) and kind. */
export interface Param {
  readonly name: string;
  readonly kind: Kind;
  readonly optional?: boolean;
}

export const ALICE = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const HUGE = `0x1${"0".repeat(64)}`; // 2^256
const UNKNOWN_HASH = `0x${"ab".repeat(32)}`;

const p = (name: string, kind: Kind, optional = false): Param => ({ name, kind, optional });

/** Every method that takes parameters, with its parameters in order. */
export const METHODS: Readonly<Record<string, readonly Param[]>> = {
  eth_getBalance: [p("address", "address"), p("block", "block", true)],
  eth_getTransactionCount: [p("address", "address"), p("block", "block", true)],
  eth_getCode: [p("address", "address"), p("block", "block", true)],
  eth_getStorageAt: [p("address", "address"), p("slot", "slot"), p("block", "block", true)],
  eth_sendTransaction: [p("transaction", "tx")],
  eth_sendRawTransaction: [p("data", "raw")],
  eth_call: [p("transaction", "call"), p("block", "block", true)],
  eth_estimateGas: [p("transaction", "call"), p("block", "block", true)],
  eth_createAccessList: [p("transaction", "call"), p("block", "block", true)],
  eth_feeHistory: [p("blockCount", "count"), p("newestBlock", "block"), p("rewardPercentiles", "percentiles")],
  eth_getBlockByNumber: [p("block", "blockNumber"), p("fullTransactions", "bool")],
  eth_getBlockByHash: [p("blockHash", "hash"), p("fullTransactions", "bool")],
  eth_getBlockTransactionCountByNumber: [p("block", "blockNumber")],
  eth_getBlockTransactionCountByHash: [p("blockHash", "hash")],
  eth_getTransactionByHash: [p("transactionHash", "hash")],
  eth_getTransactionReceipt: [p("transactionHash", "hash")],
  eth_getLogs: [p("filter", "filter")],
  eth_newFilter: [p("filter", "filter")],
  eth_getFilterChanges: [p("filterId", "filterId")],
  eth_getFilterLogs: [p("filterId", "filterId")],
  eth_uninstallFilter: [p("filterId", "filterId")],
  eth_sign: [p("address", "address"), p("message", "data")],
  personal_sign: [p("message", "data"), p("address", "address")],
  eth_signTypedData_v4: [p("address", "address"), p("typedData", "typed")],
  eth_getProof: [p("address", "address"), p("storageKeys", "slots"), p("block", "block")],
  evm_revert: [p("snapshotId", "count")],
  evm_mine: [p("timestamp", "count", true)],
  evm_increaseTime: [p("seconds", "count")],
  evm_setNextBlockTimestamp: [p("timestamp", "count")],
  evm_setAutomine: [p("enabled", "bool")],
  evm_setIntervalMining: [p("interval", "interval")],
  evm_setBlockGasLimit: [p("gasLimit", "count")],
  hardhat_mine: [p("blockCount", "count", true), p("interval", "count", true)],
  hardhat_setBalance: [p("address", "address"), p("balance", "quantity")],
  hardhat_setCode: [p("address", "address"), p("code", "data")],
  hardhat_setNonce: [p("address", "address"), p("nonce", "quantity")],
  hardhat_setStorageAt: [p("address", "address"), p("position", "position"), p("value", "word")],
  hardhat_impersonateAccount: [p("address", "address")],
  hardhat_stopImpersonatingAccount: [p("address", "address")],
  hardhat_setCoinbase: [p("address", "address")],
  hardhat_setNextBlockBaseFeePerGas: [p("baseFeePerGas", "count")],
  hardhat_setPrevRandao: [p("prevRandao", "word")],
  hardhat_dropTransaction: [p("transactionHash", "hash")],
  debug_getBlockAccessList: [p("block", "block")],
  eth_getBlockAccessList: [p("block", "block")],
  eth_getBlockAccessListByBlockHash: [p("blockHash", "hash")],
  eth_getBlockAccessListByBlockNumber: [p("blockNumber", "block")],
  eth_getBlockAccessListRaw: [p("block", "block")],
  debug_getRawBlockAccessList: [p("block", "block")],
  parallel_getTransactionAccesses: [p("transactionHash", "hash")],
  parallel_getBlockAccesses: [p("block", "block")],
  debug_traceTransaction: [p("transactionHash", "hash")],
};

/** Methods without parameters (only a non-array `params` is malformed for them). */
export const NO_PARAM_METHODS = [
  "eth_chainId",
  "net_version",
  "web3_clientVersion",
  "eth_accounts",
  "eth_requestAccounts",
  "eth_blockNumber",
  "eth_gasPrice",
  "eth_maxPriorityFeePerGas",
  "eth_newBlockFilter",
  "evm_snapshot",
  "hardhat_getAutomine",
  "hardhat_metadata",
];

/** A valid value of each kind (used for the other parameters of a case). */
export const VALID: Readonly<Record<Kind, unknown>> = {
  address: ALICE,
  block: "latest",
  blockNumber: "latest",
  quantity: "0x1",
  count: "0x1",
  hash: UNKNOWN_HASH,
  data: "0x1234",
  slot: "0x0",
  position: "0x0",
  word: `0x${"00".repeat(31)}01`,
  tx: { from: ALICE, to: ALICE, value: "0x1" },
  call: { from: ALICE, to: ALICE, value: "0x1" },
  bool: true,
  raw: "0x",
  filter: { fromBlock: "0x0" },
  filterId: "0x1",
  typed: { types: { Mail: [{ name: "a", type: "uint256" }] }, primaryType: "Mail", domain: {}, message: { a: 1 } },
  interval: 0,
  percentiles: [50],
  slots: [`0x${"00".repeat(32)}`],
};

/** Raw transaction whose signature cannot be valid (s = 0). */
const ZERO_S_RAW = "0xdf80018252089470997970c51812dc3a010c7d01b50e0d17dc79c801801b0180";

/** A correctly signed transaction, then one with its signature's s replaced by a value above secp256k1n/2. */
export async function highSRaw(): Promise<string> {
  const wallet = new Wallet("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
  const raw = await wallet.signTransaction({
    type: 0,
    to: ALICE,
    gasLimit: 21_000n,
    gasPrice: 2_000_000_000n,
    nonce: 0,
  });
  // The last 33 bytes are 0xa0 ‖ s: set s to n - 1 (valid range for ecrecover, refused by EIP-2).
  return `${raw.slice(0, -64)}fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140`;
}

/** Malformed values of each kind: each must answer -32602 naming the parameter. */
/** Malformed transaction requests a call refuses too (a send's also include a bad nonce). */
const CALL_FORMS: unknown[] = [
  "notanobject",
  [],
  { from: 5 },
  { from: ALICE, value: HUGE },
  { from: ALICE, gas: "0xzz" },
  { from: ALICE, to: "0x12" },
  { from: ALICE, value: "1e3" },
  { from: ALICE, data: "0x123" },
  { from: ALICE, accessList: "x" },
  { from: ALICE, maxFeePerGas: HUGE },
];

export const MALFORMED: Readonly<Record<Kind, readonly unknown[]>> = {
  address: [1, "0x12", `0x${"zz".repeat(20)}`, {}, true, `0x${"11".repeat(21)}`],
  // Leading zeros and a bare "0x" are well-formed, as on Hardhat's network; "0X1" and decimal strings are not
  // (-32004 where a block hash would fit too, as EDR answers them).
  block: ["newest", HUGE, {}, 1.5, [], "0X1", "12"],
  // Where only a block number or tag fits, decimal digits and "0X" are numbers too (test/compat/differential).
  blockNumber: ["newest", HUGE, {}, 1.5, [], " 12", "0x1g", "-1"],
  // An upper-case "0X" prefix is well-formed, as EDR's hex readers take it (test/compat/harness-sweep).
  quantity: [HUGE, -1, "12", "abc", true, {}],
  // Where Hardhat's network reads a plain number, decimal digits and JSON numbers are well-formed (test/compat/differential).
  count: [HUGE, -1, 1.5, "1e3", " 12", "abc", true, {}],
  hash: ["0x1234", 5, {}, `0x${"zz".repeat(32)}`],
  data: ["0x123", "zz", 7, {}],
  slot: [`0x${"1".repeat(65)}`, 3, {}, "slot", ""],
  // hardhat_setStorageAt's slot: a 0x quantity (over 64 digits refused with -32000, as on EDR: test/compat/differential-params).
  position: [3, {}, "slot", "", "1", "0xzz"],
  // A hex word of another length is refused with -32000, as on EDR (test/compat/param-forms).
  word: ["0xzz", 5, "12"],
  tx: [...CALL_FORMS, { from: ALICE, nonce: -1 }],
  // A call's nonce is not read (Hardhat's network ignores it there): not malformed.
  call: CALL_FORMS,
  bool: ["yes", 1, {}],
  raw: ["0x1234", "0xzz", 7, ZERO_S_RAW, "0xc0"],
  filter: [{ fromBlock: "newest" }, { address: "0x12" }, { topics: ["0x12"] }, "x", { topics: "x" }],
  filterId: ["0xzz", HUGE, {}, true],
  typed: ["{notjson", { types: 1 }, 5],
  interval: ["x", -1, [5, 1], 1.5],
  percentiles: [["a"], [null], "x"],
  // eth_getProof takes only full 32-byte keys, as Hardhat's network does.
  slots: ["0x0", [1], [{}], ["0x0"]],
};

/** Well-formed values that name nothing: an error (not -32603) or a null/false answer is fine. */
export const UNKNOWN: Readonly<Partial<Record<Kind, readonly unknown[]>>> = {
  block: ["0xffffff", UNKNOWN_HASH, { blockHash: UNKNOWN_HASH }],
  hash: [UNKNOWN_HASH],
  filterId: ["0x999"],
  quantity: ["0xffffffffffffffff"],
  address: ["0x0000000000000000000000000000000000000001"],
};
