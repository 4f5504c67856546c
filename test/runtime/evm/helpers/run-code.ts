import type { VM } from "@ethereumjs/vm";
import { Account, createAddressFromString } from "@ethereumjs/util";

/** Runs hex `code` (no 0x) at a fresh account of `vm` with 10M gas and `data` as calldata. */
export async function runCodeAt(vm: VM, code: string, data?: Uint8Array): ReturnType<VM["evm"]["runCode"]> {
  const address = createAddressFromString(`0x${"c0de".padStart(40, "0")}`);
  await vm.stateManager.putAccount(address, new Account());
  return vm.evm.runCode({
    to: address,
    code: Uint8Array.from(Buffer.from(code, "hex")),
    ...(data === undefined ? {} : { data }),
    gasLimit: 10_000_000n,
  });
}
