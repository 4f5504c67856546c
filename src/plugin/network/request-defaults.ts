/**
 * The request defaults Hardhat's client-side request handlers give its own networks, applied to the parallel
 * network's requests too (the plugin answers them before those handlers run): for `eth_sendTransaction` the
 * fees (1 block of fee history at the 50th percentile, max fee = next base fee × 81/64, as Hardhat's
 * automatic gas price) and the gas (`eth_estimateGas` of the request, times `gasMultiplier`); for
 * `eth_sendTransaction`, `eth_call` and `eth_estimateGas` the sender (the network's `from`, else the first
 * account). The same request then makes the same transaction — and hash — on both networks.
 */
import type { NetworkConfig } from "hardhat/types/config";
import type { JsonRpcRequest, JsonRpcResponse } from "hardhat/types/providers";

/** Asks the network itself (sub-requests for fee history, estimates, accounts). */
export type Ask = (method: string, params: unknown[]) => Promise<unknown>;

/** A sub-request failed: its JSON-RPC error is the answer to the original request. */
export class DefaultsFailure extends Error {
  constructor(readonly error: { code: number; message: string; data?: unknown }) {
    super(error.message);
  }
}

const SENDER_METHODS = new Set(["eth_sendTransaction", "eth_call", "eth_estimateGas"]);

/**
 * The gas to send with when the estimate found that no limit keeps every inner call from running out of gas
 * (Hardhat's InternalCallOutOfGas, whose automatic gas then falls back to the network's default gas): the
 * runtime's error carries that default as a non-enumerable `defaultGas`.
 */
function internalOutOfGasFallback(error: unknown): bigint | undefined {
  if (!(error instanceof DefaultsFailure)) return undefined;
  const data = error.error.data as { reason?: unknown } | null | undefined;
  const fallback: unknown = Reflect.get(error.error, "defaultGas");
  return data?.reason === "InternalCallOutOfGas" && typeof fallback === "bigint" ? fallback : undefined;
}
const hex = (n: bigint): string => `0x${n.toString(16)}`;

function txObject(request: JsonRpcRequest): Record<string, unknown> | undefined {
  const params = Array.isArray(request.params) ? request.params : undefined;
  const tx: unknown = params?.[0];
  return typeof tx === "object" && tx !== null && !Array.isArray(tx) ? (tx as Record<string, unknown>) : undefined;
}

async function suggestedFees(ask: Ask): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
  const history = (await ask("eth_feeHistory", ["0x1", "latest", [50]])) as {
    baseFeePerGas: string[];
    reward: string[][];
  };
  let tip = BigInt(history.reward[0]?.[0] ?? "0x0");
  if (tip === 0n) tip = BigInt(String(await ask("eth_maxPriorityFeePerGas", [])));
  if (tip === 0n) tip = 1n;
  const nextBaseFee = BigInt(history.baseFeePerGas[history.baseFeePerGas.length - 1] ?? "0x0");
  return { maxFeePerGas: (nextBaseFee * 81n) / 64n, maxPriorityFeePerGas: tip };
}

/** Per connection: whether Hardhat's fee handler has read the latest block yet (it asks once, for EIP-1559 support). */
interface PreparerState {
  readonly seen?: { eip1559Checked: boolean };
}

async function fillFees(
  tx: Record<string, unknown>,
  config: NetworkConfig,
  ask: Ask,
  state: PreparerState,
): Promise<void> {
  if (tx.gasPrice !== undefined || (tx.maxFeePerGas !== undefined && tx.maxPriorityFeePerGas !== undefined)) return;
  if (typeof config.gasPrice === "bigint") {
    tx.gasPrice = hex(config.gasPrice);
    return;
  }
  // Hardhat's automatic fee handler reads the latest block once per connection (for EIP-1559 support) first; a
  // logging network prints that request (request-logger.ts).
  if (state.seen !== undefined && !state.seen.eip1559Checked) {
    state.seen.eip1559Checked = true;
    await ask("eth_getBlockByNumber", ["latest", false]);
  }
  const suggested = await suggestedFees(ask);
  let maxFee = typeof tx.maxFeePerGas === "string" ? BigInt(tx.maxFeePerGas) : suggested.maxFeePerGas;
  const tip =
    typeof tx.maxPriorityFeePerGas === "string" ? BigInt(tx.maxPriorityFeePerGas) : suggested.maxPriorityFeePerGas;
  if (maxFee < tip) maxFee += tip;
  tx.maxFeePerGas = hex(maxFee);
  tx.maxPriorityFeePerGas = hex(tip);
}

async function fillGas(
  request: JsonRpcRequest,
  tx: Record<string, unknown>,
  config: NetworkConfig,
  ask: Ask,
): Promise<void> {
  if (tx.gas !== undefined) return;
  if (typeof config.gas === "bigint") {
    tx.gas = hex(config.gas);
    return;
  }
  let estimate: bigint;
  try {
    estimate = BigInt(String(await ask("eth_estimateGas", request.params as unknown[])));
  } catch (error) {
    const fallback = internalOutOfGasFallback(error);
    if (fallback === undefined) throw error;
    // As Hardhat's automatic gas: the network's default gas, within the pending block's gas limit.
    const pending = (await ask("eth_getBlockByNumber", ["pending", false])) as { gasLimit: string };
    const limit = BigInt(pending.gasLimit);
    tx.gas = hex(fallback < limit ? fallback : limit);
    return;
  }
  if (config.gasMultiplier === 1) {
    tx.gas = hex(estimate);
    return;
  }
  const block = (await ask("eth_getBlockByNumber", ["latest", false])) as { gasLimit: string };
  const limit = BigInt(Math.floor(Number(BigInt(block.gasLimit)) * 0.95));
  const multiplied = BigInt(Math.floor(Number(estimate) * config.gasMultiplier));
  tx.gas = hex(multiplied > limit ? limit - 1n : multiplied);
}

/** `request` with Hardhat's defaults filled in (a copy; the caller's object is left alone). */
export async function withRequestDefaults(
  request: JsonRpcRequest,
  config: NetworkConfig,
  ask: Ask,
  state: PreparerState = {},
): Promise<JsonRpcRequest> {
  const original = txObject(request);
  if (original === undefined || !SENDER_METHODS.has(request.method)) return request;
  const tx = { ...original };
  const params = [tx, ...(request.params as unknown[]).slice(1)];
  const copy: JsonRpcRequest = { ...request, params };
  if (request.method === "eth_sendTransaction") {
    await fillFees(tx, config, ask, state);
    await fillGas(copy, tx, config, ask);
  }
  if (tx.from === undefined) {
    const from = config.from ?? ((await ask("eth_accounts", [])) as string[])[0];
    if (from !== undefined) tx.from = from;
  }
  return copy;
}

/** Answers one JSON-RPC request object (the network's provider). */
export type Handle = (request: {
  jsonrpc: "2.0";
  id: number;
  method: string;
  params: unknown[];
}) => Promise<{ result: unknown } | { error: { code: number; message: string; data?: unknown } }>;

/**
 * A request preparer over `handle`: the request with Hardhat's defaults, or — when a sub-request (fee history,
 * estimate) fails — that failure as the request's answer. The plugin's connections and `parallel-node` share it.
 */
export function defaultsPreparer(
  config: NetworkConfig,
  handle: Handle,
): (request: JsonRpcRequest) => Promise<JsonRpcRequest | JsonRpcResponse> {
  const ask: Ask = async (method, params) => {
    const answer = await handle({ jsonrpc: "2.0", id: 0, method, params });
    if ("error" in answer) throw new DefaultsFailure(answer.error);
    return answer.result;
  };
  const state = { seen: { eip1559Checked: false } };
  return async (request) => {
    try {
      return await withRequestDefaults(request, config, ask, state);
    } catch (error) {
      if (!(error instanceof DefaultsFailure)) throw error;
      return { jsonrpc: "2.0", id: request.id, error: error.error } as JsonRpcResponse;
    }
  };
}
