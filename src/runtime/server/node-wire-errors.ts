/**
 * Errors on the wire as `hardhat node` puts them: a revert (code 3) carries its return data as `data`; any
 * other error carries `{ message, txHash, data, reason }` (the fields it has: the failed transaction's hash,
 * return data, and a string `reason` such as "InternalCallOutOfGas" that clients recognise once the error class
 * is lost to serialization). Clients of the standalone node (ethers, viem, web3.js over HTTP) read these.
 */
import type { RpcResponse } from "../rpc/parallel-provider.js";

type ErrorBody = { code: number; message: string; data?: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

function stringField(data: unknown, key: string): string | undefined {
  return isObject(data) && typeof data[key] === "string" ? data[key] : undefined;
}

/** `response` with its error's `data` in `hardhat node`'s shape (a result passes unchanged). */
export function asNodeWireResponse(response: RpcResponse): RpcResponse {
  if (!("error" in response)) return response;
  const error = response.error as ErrorBody;
  const returnData = typeof error.data === "string" ? error.data : stringField(error.data, "data");
  if (error.code === 3) return { ...response, error: { ...error, data: returnData } };
  const fields = {
    message: error.message,
    txHash: stringField(error.data, "transactionHash"),
    data: returnData,
    reason: stringField(error.data, "reason"),
  };
  const data = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return { ...response, error: { code: error.code, message: error.message, data } };
}
