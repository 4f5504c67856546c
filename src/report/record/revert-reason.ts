/**
 * The reason a workload transaction reverted, as the report shows it: a custom error by its name
 * (`KnockedOut()`), a `require`/`revert` string as the string (`reverted with reason string 'no funds'`),
 * a panic with its code and meaning. Solidity's built-in `Error(string)` and `Panic(uint256)` are decoded
 * as such even when an ABI's error parser also recognises them (ethers names them `Error` and `Panic`).
 */
import { revertMessage } from "../../runtime/rpc/revert-message.js";
import { toHex } from "../../runtime/util/hex.js";

/** Selectors of Solidity's built-in errors: `Error(string)` and `Panic(uint256)`. */
const BUILTIN_SELECTORS: ReadonlySet<string> = new Set(["0x08c379a0", "0x4e487b71"]);

/**
 * The reason of a revert with return data `data`; `customName` names a custom error from the contract's ABI
 * (undefined when the ABI does not know it).
 */
export function revertReasonOf(data: Uint8Array, customName: (data: Uint8Array) => string | undefined): string {
  const builtin = data.length >= 4 && BUILTIN_SELECTORS.has(toHex(data.subarray(0, 4)));
  const custom = builtin || data.length < 4 ? undefined : customName(data);
  if (custom !== undefined) return `${custom}()`;
  return revertMessage(data).replace("VM Exception while processing transaction: ", "");
}
