/**
 * Hardhat's network's words for raw transaction bytes it cannot decode: its decoder (alloy-rlp) answers
 * "input too short", "unexpected length", "leading zero" or "Invalid transaction type N." (-32602, `data: null`)
 * where @ethereumjs/tx throws its own messages. Cases not recognised keep ours (they name the parameter).
 */
import { RLP } from "@ethereumjs/rlp";

import { invalidArgument, type RpcError } from "./rpc-error.js";

/** The number of fields of a signed transaction of each type (legacy is 0; blob transactions without sidecars). */
const SIGNED_FIELDS: Readonly<Record<number, number>> = { 0: 9, 1: 11, 2: 12, 3: 14, 4: 13 };

/** How many fields the transaction's RLP list holds, or undefined where it is no list. */
function fieldCount(bytes: Uint8Array): number | undefined {
  const typed = bytes.length > 0 && (bytes[0] ?? 0) < 0x80;
  try {
    const decoded = RLP.decode(typed ? bytes.subarray(1) : bytes);
    return Array.isArray(decoded) ? decoded.length : undefined;
  } catch {
    return undefined;
  }
}

/** The field count error in Hardhat's network's words: too few fields read past the end, too many are left over. */
function wrongFieldCount(bytes: Uint8Array): RpcError {
  const typed = bytes.length > 0 && (bytes[0] ?? 0) < 0x80;
  const expected = SIGNED_FIELDS[typed ? (bytes[0] ?? 0) : 0] ?? 0;
  const count = fieldCount(bytes) ?? 0;
  return invalidArgument(count > expected ? "unexpected length" : "input too short");
}

/** Hardhat's network's refusal of `bytes` that @ethereumjs refused with `message`, where it is one of its cases. */
export function rawTransactionRefusal(message: string, bytes: Uint8Array): RpcError | undefined {
  if (bytes.length === 0 || /total length is larger than the data|[Mm]ust be array/.test(message))
    return invalidArgument("input too short");
  const type = /TypedTransaction with ID (\d+) unknown/.exec(message);
  if (type !== null) return invalidArgument(`Invalid transaction type ${type[1]}.`);
  if (/cannot have leading zeroes/.test(message)) return invalidArgument("leading zero");
  if (/Only expecting \d+ values/.test(message)) return wrongFieldCount(bytes);
  return undefined;
}
