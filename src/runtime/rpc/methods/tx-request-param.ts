/**
 * Reading a transaction request object (eth_sendTransaction, eth_call, eth_estimateGas...) field by field,
 * each malformed field named in the -32602 error.
 */
import type { AccessListItem, AuthorizationItem } from "../../chain/transaction-factory.js";
import { addressParam, dataParam, hashParam, objectParam, quantityParam } from "../params.js";
import { invalidParams, refused } from "../rpc-error.js";
import type { PartialTxRequest } from "../tx-request.js";

const BLOB_CALL_REQUEST =
  "An EIP-4844 (shard blob) call request was received, but Hardhat only supports them via `eth_sendRawTransaction`. See https://github.com/NomicFoundation/hardhat/issues/5182";

function field<T>(
  o: Record<string, unknown>,
  name: string,
  label: string,
  read: (p: unknown[], i: number, n: string) => T,
): T | undefined {
  const v = o[name];
  return v === undefined || v === null ? undefined : read([v], 0, `${label}.${name}`);
}

/** Hex data, "" read as no data (as Hardhat's network reads it). */
function data(p: unknown[], i: number, n: string): Uint8Array {
  return p[i] === "" ? new Uint8Array() : dataParam(p, i, n);
}

/** A quantity field read as Hardhat's network reads it: hex, decimal digits, or a JSON number. */
function quantity(p: unknown[], i: number, n: string): bigint {
  return quantityParam(p, i, n, true);
}

/** A quantity field Hardhat's network reads as 64 bits (nonce, gas): 2^64 and over refused. */
function quantity64(p: unknown[], i: number, n: string): bigint {
  const v = quantity(p, i, n);
  if (v >= 1n << 64n)
    throw invalidParams(`invalid value for ${n}: expected a quantity below 2^64, got ${String(p[i])}`);
  return v;
}

function accessList(o: Record<string, unknown>, label: string): AccessListItem[] | undefined {
  const v = o.accessList;
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalidParams(`invalid value for ${label}.accessList: expected an array`);
  return v.map((item: unknown, i) => {
    const entry = objectParam([item], 0, `${label}.accessList[${i}]`);
    // Both members required, as Hardhat's network reads an entry.
    const keys = entry.storageKeys;
    if (!Array.isArray(keys))
      throw invalidParams(`invalid value for ${label}.accessList[${i}].storageKeys: expected an array`);
    return {
      address: addressParam([entry.address], 0, `${label}.accessList[${i}].address`),
      // Whole 32-byte words only: Hardhat's network refuses a shorter key ("invalid string length").
      storageKeys: keys.map((k: unknown, j) => hashParam([k], 0, `${label}.accessList[${i}].storageKeys[${j}]`)),
    };
  });
}

function authorizationList(o: Record<string, unknown>, label: string): AuthorizationItem[] | undefined {
  const v = o.authorizationList;
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalidParams(`invalid value for ${label}.authorizationList: expected an array`);
  return v.map((item: unknown, i) => {
    const at = `${label}.authorizationList[${i}]`;
    const entry = objectParam([item], 0, at);
    const parity = entry.yParity ?? entry.v;
    // Signature words come zero-padded (32 bytes); numbers as quantities, both accepted as hex.
    const number = (name: string, value: unknown): bigint => {
      if (value === undefined || value === null) throw invalidParams(`invalid value for ${at}: missing \`${name}\``);
      if (typeof value === "string" && /^0x[0-9a-fA-F]{1,64}$/.test(value)) return BigInt(value);
      return quantityParam([value], 0, `${at}.${name}`);
    };
    return {
      chainId: number("chainId", entry.chainId),
      address: addressParam([entry.address], 0, `${at}.address`),
      nonce: number("nonce", entry.nonce),
      yParity: number("yParity", parity),
      r: number("r", entry.r),
      s: number("s", entry.s),
    };
  });
}

/** A legacy gas price beside EIP-1559 fees: refused with Hardhat's network's words (-32000). */
function refuseMixedFees(o: Record<string, unknown>): void {
  const given = (key: string): boolean => o[key] !== undefined && o[key] !== null;
  if (!given("gasPrice")) return;
  if (given("maxFeePerGas")) throw refused("Cannot send both gasPrice and maxFeePerGas params");
  if (given("maxPriorityFeePerGas")) throw refused("Cannot send both gasPrice and maxPriorityFeePerGas");
}

/** Reads params[index] as a transaction request. */
export function txRequestParam(params: unknown[], index: number, name = "transaction"): PartialTxRequest {
  const o = objectParam(params, index, name);
  const label = `parameter ${index} (${name})`;
  // Fields it does not know are ignored, as Hardhat's network ignores them (`gasLimit`, `customData`, a
  // transaction's own `hash` or `v`…); blobs are refused with its words: it takes blob transactions raw only.
  if (o.blobs !== undefined && o.blobs !== null) throw refused(BLOB_CALL_REQUEST);
  // EDR reads `input` as an alias of `data`: both given is a duplicate field, even when equal.
  if (o.data !== undefined && o.input !== undefined) {
    throw invalidParams(`invalid value for ${label}: duplicate field \`data\` (\`input\` is the same field)`);
  }
  refuseMixedFees(o);
  // A one-byte type, otherwise ignored as EDR ignores it: the fee fields choose the transaction's type.
  const type = field(o, "type", label, quantity);
  if (type !== undefined && type > 0xffn)
    throw invalidParams(`invalid value for ${label}.type: expected a 1 byte hex string, got "${String(o.type)}"`);
  return {
    from: field(o, "from", label, addressParam),
    to: field(o, "to", label, addressParam),
    gas: field(o, "gas", label, quantity64),
    gasPrice: field(o, "gasPrice", label, quantity),
    maxFeePerGas: field(o, "maxFeePerGas", label, quantity),
    maxPriorityFeePerGas: field(o, "maxPriorityFeePerGas", label, quantity),
    value: field(o, "value", label, quantity),
    data: field(o, o.input !== undefined ? "input" : "data", label, data),
    chainId: field(o, "chainId", label, quantity),
    nonce: field(o, "nonce", label, quantity64),
    accessList: accessList(o, label),
    authorizationList: authorizationList(o, label),
    type: type === undefined ? undefined : Number(type),
    // `gas: null` is not `gas` left out: Hardhat's request handlers estimate only a missing gas.
    ...(o.gas === null ? { gasDefault: true } : {}),
  };
}

/**
 * Reads params[index] as the request of a call (eth_call, eth_estimateGas, eth_createAccessList,
 * debug_traceCall): as a transaction request, but without `nonce`, which Hardhat's network does not read there
 * (any value, even malformed, is ignored; the sender's nonce is used).
 */
export function callRequestParam(params: unknown[], index: number): PartialTxRequest {
  const o = objectParam(params, index, "transaction");
  const { nonce: _ignored, ...call } = o;
  return txRequestParam(params.with(index, call), index);
}
