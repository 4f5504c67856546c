/**
 * A custom error's text as Hardhat's network prints it inside "reverted with custom error '…'": the error's
 * name and its arguments decoded with the contract's ABI — numbers in decimal, addresses checksummed and
 * quoted, bytes and strings quoted as they are, arrays and structs in brackets, all joined by ", ".
 */
import { getAddress, type Interface, type ParamType } from "ethers";

function formatValue(type: ParamType, value: unknown): string {
  if (type.isArray()) {
    const items = value as readonly unknown[];
    return `[${items.map((item) => formatValue(type.arrayChildren, item)).join(", ")}]`;
  }
  if (type.isTuple()) {
    const items = value as readonly unknown[];
    return `[${type.components.map((component, i) => formatValue(component, items[i])).join(", ")}]`;
  }
  if (type.baseType === "address") return `"${getAddress(String(value))}"`;
  if (type.baseType === "string" || type.baseType.startsWith("bytes")) return `"${String(value)}"`;
  return String(value);
}

/** `Name(arg, …)` for custom error `data` if `abi` declares its selector and the arguments decode; else undefined. */
export function customErrorText(abi: Interface, data: Uint8Array): string | undefined {
  try {
    const parsed = abi.parseError(data);
    if (parsed === null) return undefined;
    const { fragment, args } = parsed;
    return `${fragment.name}(${fragment.inputs.map((input, i) => formatValue(input, args[i])).join(", ")})`;
  } catch {
    return undefined;
  }
}
