/**
 * EIP-712 typed data of eth_signTypedData_v4: read from its param (an object or its JSON text), checked, and
 * hashed as eth-sig-util and Hardhat's network hash it — refusals in Hardhat's network's words.
 */
import { TypedDataEncoder, concat, keccak256, type TypedDataField } from "ethers";

import { invalidParams, refused } from "../rpc-error.js";

/** Typed data as the request gives it. */
export interface TypedData {
  types: Record<string, TypedDataField[]>;
  domain: Record<string, unknown>;
  message: Record<string, unknown>;
  primaryType?: string;
}

/** Reads params[1] as typed data (-32602 when it is not typed data at all). */
export function typedDataParam(params: unknown[]): TypedData {
  let value = params[1];
  if (typeof value === "string") {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      throw invalidParams("invalid value for parameter 1 (typedData): not valid JSON");
    }
  }
  const v = value as Partial<TypedData> | null;
  if (typeof v !== "object" || v === null || typeof v.types !== "object" || typeof v.message !== "object") {
    throw invalidParams(
      "invalid value for parameter 1 (typedData): expected EIP-712 typed data with types, domain and message",
    );
  }
  return { types: v.types, domain: v.domain ?? {}, message: v.message, primaryType: v.primaryType };
}

/** The struct types `primary` uses, itself included (other types in the request are left out, as EDR ignores them). */
function typesUsedBy(types: Record<string, TypedDataField[]>, primary: string): Record<string, TypedDataField[]> {
  const used: Record<string, TypedDataField[]> = {};
  const queue = [primary];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    const fields = types[name];
    if (fields === undefined || name in used) continue;
    used[name] = fields;
    for (const field of fields) queue.push(field.type.replace(/(\[\d*\])+$/, ""));
  }
  return used;
}

/**
 * The EIP-712 digest of a request: its `primaryType` signed (types it does not use ignored); with primaryType
 * `EIP712Domain`, the domain alone (`0x1901 ‖ domainSeparator`), as eth-sig-util and Hardhat's network sign it.
 */
export function typedDataDigest(data: TypedData): string {
  const types = Object.fromEntries(Object.entries(data.types).filter(([name]) => name !== "EIP712Domain"));
  if (data.primaryType === "EIP712Domain") {
    return keccak256(concat(["0x1901", TypedDataEncoder.hashDomain(data.domain)]));
  }
  if (data.primaryType !== undefined && types[data.primaryType] === undefined)
    throw refused(`missing type in type resolution: ${data.primaryType}`);
  const used = data.primaryType === undefined ? types : typesUsedBy(types, data.primaryType);
  if (data.primaryType !== undefined) checkFields(used, data.primaryType, data.message);
  return TypedDataEncoder.hash(data.domain, used, data.message);
}

const ARRAY_SUFFIX = /(\[\d*\])+$/;

/** The ABI type of a field: a struct as the tuple of its fields' types (its arrays kept). */
function abiType(types: Record<string, TypedDataField[]>, type: string): string {
  const base = type.replace(ARRAY_SUFFIX, "");
  const fields = types[base];
  if (fields === undefined) return type;
  return `(${fields.map((f) => abiType(types, f.type)).join(",")})${type.slice(base.length)}`;
}

/**
 * A struct value lacking one of its type's fields, refused as Hardhat's network refuses it: "type mismatch",
 * the struct's tuple type and the value's JSON (nested structs and arrays of them checked alike).
 */
function checkFields(types: Record<string, TypedDataField[]>, type: string, value: unknown): void {
  const base = type.replace(ARRAY_SUFFIX, "");
  const fields = types[base];
  if (fields === undefined) return;
  if (base !== type) {
    if (Array.isArray(value)) for (const item of value) checkFields(types, type.replace(/\[\d*\]$/, ""), item);
    return;
  }
  const o = value as Record<string, unknown> | null;
  if (typeof o !== "object" || o === null || fields.some((f) => o[f.name] === undefined)) {
    // The value's JSON text, quoted and escaped (Rust's debug form of a string).
    const got = JSON.stringify(JSON.stringify(value) ?? "null");
    throw refused(`type mismatch: expected type "${abiType(types, type)}", got value with type ${got}`);
  }
  for (const f of fields) checkFields(types, f.type, o[f.name]);
}
