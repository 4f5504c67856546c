/**
 * How many positional params each method reads, as Hardhat's network (EDR) reads them: it parses a request's
 * params as a fixed tuple, so a param past the last one it reads — even `null` — is refused (-32602, "trailing
 * characters" or "expected params sequence with length N"), never ignored. Methods not listed here check their
 * own count (evm_mine reads every param given) or are ours only.
 */
import { maxParams } from "./params.js";

/** The number of params EDR reads, per method (its tuple's length). */
const PARAM_COUNTS: Readonly<Record<string, number>> = {
  eth_accounts: 0,
  eth_blobBaseFee: 0,
  eth_blockNumber: 0,
  eth_chainId: 0,
  eth_coinbase: 0,
  eth_gasPrice: 0,
  eth_maxPriorityFeePerGas: 0,
  eth_newBlockFilter: 0,
  eth_newPendingTransactionFilter: 0,
  eth_pendingTransactions: 0,
  eth_syncing: 0,
  evm_snapshot: 0,
  hardhat_getAutomine: 0,
  hardhat_metadata: 0,
  net_version: 0,
  web3_clientVersion: 0,
  eth_getBlockTransactionCountByHash: 1,
  eth_getBlockTransactionCountByNumber: 1,
  eth_getFilterChanges: 1,
  eth_getFilterLogs: 1,
  eth_getLogs: 1,
  eth_getTransactionByHash: 1,
  eth_getTransactionReceipt: 1,
  eth_newFilter: 1,
  eth_uninstallFilter: 1,
  eth_unsubscribe: 1,
  evm_increaseTime: 1,
  evm_revert: 1,
  evm_setAutomine: 1,
  evm_setBlockGasLimit: 1,
  evm_setIntervalMining: 1,
  evm_setNextBlockTimestamp: 1,
  hardhat_dropTransaction: 1,
  hardhat_impersonateAccount: 1,
  hardhat_setCoinbase: 1,
  hardhat_setMinGasPrice: 1,
  hardhat_setNextBlockBaseFeePerGas: 1,
  hardhat_setPrevRandao: 1,
  hardhat_stopImpersonatingAccount: 1,
  eth_getTransactionByBlockHashAndIndex: 2,
  eth_getTransactionByBlockNumberAndIndex: 2,
  eth_sign: 2,
  eth_signTypedData_v4: 2,
  eth_subscribe: 2,
  debug_traceTransaction: 2,
  hardhat_setBalance: 2,
  hardhat_setCode: 2,
  hardhat_setNonce: 2,
  debug_traceCall: 3,
  eth_feeHistory: 3,
  eth_getProof: 3,
  hardhat_setStorageAt: 3,
};

/** Fails (-32602) when `method` is given more params than Hardhat's network reads for it. */
export function refuseExtraParams(method: string, params: unknown[]): void {
  const count = Object.hasOwn(PARAM_COUNTS, method) ? PARAM_COUNTS[method] : undefined;
  if (count !== undefined) maxParams(params, count);
}
