/**
 * What Hardhat's own request handlers add to an `eth_sendTransaction` before it reaches its network, done the
 * same way for the parallel network. The plugin answers requests in its `onRequest` hook, ahead of Hardhat's
 * handlers, so without this a transaction sent without fees or gas would get the runtime's defaults where
 * Hardhat's network gets the handlers' — other fees, another gas limit, another hash.
 *
 * Fees (Hardhat's automatic gas price handler): unless `gasPrice` or both EIP-1559 fees are given, the
 * priority fee is the 50th-percentile reward of the latest block (`eth_maxPriorityFeePerGas` when that is 0,
 * at least 1) and the max fee the next block's base fee × (9/8)², plus the priority fee when it is lower than
 * that. A fixed network `gasPrice` sets `gasPrice` instead.
 * Gas (Hardhat's automatic gas handler): unless `gas` is given, `eth_estimateGas` × the network's
 * `gasMultiplier` (capped below 95 % of the block gas limit); a fixed network `gas` sets it instead.
 */

/** Sends one request to the network and answers its result (throws the JSON-RPC error). */
export type Send = (method: string, params: unknown[]) => Promise<unknown>;

/** The network settings the handlers read. */
export interface GasSettings {
  readonly gas?: bigint | "auto";
  readonly gasPrice?: bigint | "auto";
  readonly gasMultiplier?: number;
}

const BASE_FEE_FULL_BLOCKS = 2n;
const BLOCK_GAS_LIMIT_SAFETY_FACTOR = 0.95;
const hex = (n: bigint | number): string => `0x${n.toString(16)}`;

/** The transaction of an `eth_sendTransaction` with Hardhat's defaults filled in (a copy; `tx` is not changed). */
export async function withHardhatDefaults(
  tx: Record<string, unknown>,
  settings: GasSettings,
  send: Send,
  params: readonly unknown[],
): Promise<Record<string, unknown>> {
  const filled = { ...tx };
  await fillFees(filled, settings, send);
  if (filled.gas === undefined) {
    if (typeof settings.gas === "bigint") filled.gas = hex(settings.gas);
    else filled.gas = await estimate(send, [filled, ...params.slice(1)], settings.gasMultiplier ?? 1);
  }
  return filled;
}

async function fillFees(tx: Record<string, unknown>, settings: GasSettings, send: Send): Promise<void> {
  if (typeof settings.gasPrice === "bigint") {
    if (tx.gasPrice === undefined) tx.gasPrice = hex(settings.gasPrice);
    return;
  }
  if (tx.gasPrice !== undefined || (tx.maxFeePerGas !== undefined && tx.maxPriorityFeePerGas !== undefined)) return;
  const history = (await send("eth_feeHistory", ["0x1", "latest", [50]])) as {
    baseFeePerGas: string[];
    reward: string[][];
  };
  let priority = BigInt(history.reward[0]?.[0] ?? "0x0");
  if (priority === 0n) priority = BigInt(String(await send("eth_maxPriorityFeePerGas", [])));
  if (priority === 0n) priority = 1n;
  const nextBaseFee = BigInt(history.baseFeePerGas[history.baseFeePerGas.length - 1] ?? "0x0");
  let maxFee =
    typeof tx.maxFeePerGas === "string"
      ? BigInt(tx.maxFeePerGas)
      : (nextBaseFee * 9n ** BASE_FEE_FULL_BLOCKS) / 8n ** BASE_FEE_FULL_BLOCKS;
  const maxPriority = typeof tx.maxPriorityFeePerGas === "string" ? BigInt(tx.maxPriorityFeePerGas) : priority;
  if (maxFee < maxPriority) maxFee += maxPriority;
  tx.maxFeePerGas = hex(maxFee);
  tx.maxPriorityFeePerGas = hex(maxPriority);
}

async function estimate(send: Send, params: unknown[], multiplier: number): Promise<string> {
  try {
    const estimated = String(await send("eth_estimateGas", params));
    if (multiplier === 1) return estimated;
    const limit = await cappedBlockGasLimit(send);
    const multiplied = Math.floor(Number(BigInt(estimated)) * multiplier);
    return hex(multiplied > limit ? limit - 1 : multiplied);
  } catch (error) {
    if (error instanceof Error && error.message.toLowerCase().includes("execution error")) {
      return hex(await cappedBlockGasLimit(send));
    }
    throw error;
  }
}

async function cappedBlockGasLimit(send: Send): Promise<number> {
  const block = (await send("eth_getBlockByNumber", ["latest", false])) as { gasLimit: string };
  return Math.floor(Number(BigInt(block.gasLimit)) * BLOCK_GAS_LIMIT_SAFETY_FACTOR);
}
