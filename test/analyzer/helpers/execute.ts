/**
 * Test helper: deploys a fixture contract on a bare EVM, runs calls and records what the runtime would — storage
 * accesses per address and (optionally) keccak preimages — as `ExecutedTransaction`s for `checkSoundness`.
 */
import { createEVM } from "@ethereumjs/evm";
import { Address, bytesToHex, hexToBytes } from "@ethereumjs/util";
import { Interface } from "ethers";
import type { ExecutedTransaction } from "../../../src/analyzer/index.js";
import { compileFixtures } from "./compile.js";

export const hex32 = (v: bigint) => `0x${v.toString(16).padStart(64, "0")}`;

/**
 * Runs calls on a bare EVM and records storage accesses and keccak preimages through the step event. A call
 * marked `reverts` must revert (its accesses are kept: a reverted transaction did read and write, then undo).
 */
export async function execute(
  file: string,
  name: string,
  calls: { from: string; fn: string; args: unknown[]; reverts?: true }[],
) {
  const pair = compileFixtures("0.8.28", [file]);
  const out = (
    pair.output.contracts as Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>
  )[file]?.[name];
  if (out === undefined) throw new Error(`no ${name}`);
  const iface = new Interface(out.abi as string[]);
  const evm = await createEVM();
  const deployer = new Address(hexToBytes(`0x${"aa".repeat(20)}`));
  const created = await evm.runCall({
    caller: deployer,
    data: hexToBytes(`0x${out.evm.bytecode.object}`),
    gasLimit: 30_000_000n,
  });
  const to = created.createdAddress;
  if (to === undefined) throw new Error("deploy failed");
  let current: ExecutedTransaction | undefined;
  let pendingHash: Uint8Array | undefined;
  evm.events?.on(
    "step",
    (step: { opcode: { name: string }; stack: bigint[]; memory: Uint8Array; address: Address }) => {
      if (current === undefined) return;
      const top = step.stack[step.stack.length - 1] ?? 0n;
      const address = step.address.toString();
      if (step.opcode.name === "SLOAD") current.accesses.push({ address, slot: hex32(top), kind: "read" });
      if (step.opcode.name === "SSTORE") current.accesses.push({ address, slot: hex32(top), kind: "write" });
      if (step.opcode.name === "KECCAK256") {
        const off = Number(top);
        const len = Number(step.stack[step.stack.length - 2] ?? 0n);
        pendingHash = step.memory.slice(off, off + len);
      } else if (pendingHash !== undefined) {
        current.preimages = { ...current.preimages, [hex32(top)]: bytesToHex(pendingHash) };
        pendingHash = undefined;
      }
    },
  );
  const txs: ExecutedTransaction[] = [];
  for (const [i, call] of calls.entries()) {
    const input = iface.encodeFunctionData(call.fn, call.args);
    current = {
      hash: `0x${i.toString(16).padStart(64, "0")}`,
      from: call.from,
      to: to.toString(),
      input,
      accesses: [],
      preimages: {},
    };
    const res = await evm.runCall({
      caller: new Address(hexToBytes(call.from as `0x${string}`)),
      to,
      data: hexToBytes(input as `0x${string}`),
      gasLimit: 5_000_000n,
    });
    const reverted = res.execResult.exceptionError !== undefined;
    if (reverted !== (call.reverts === true)) throw new Error(`${call.fn} ${reverted ? "reverted" : "did not revert"}`);
    if (reverted) current.reverted = true;
    txs.push(current);
  }
  current = undefined;
  return { address: to.toString(), txs };
}
