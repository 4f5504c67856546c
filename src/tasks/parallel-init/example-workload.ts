/**
 * Builds the example workload `parallel-init` scaffolds from the project's own compiled contracts: the first
 * deployable contract (no constructor arguments, no library links) with state-changing functions whose
 * parameters can be generated (addresses from the account pool, small integers, booleans).
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { readTemplate } from "./scaffold-files.js";

interface AbiInput {
  readonly type: string;
}
interface AbiEntry {
  readonly type: string;
  readonly name?: string;
  readonly stateMutability?: string;
  readonly inputs?: readonly AbiInput[];
}

function argExpression(type: string): string | undefined {
  if (type === "address") return "api.pickOther(from)";
  if (/^uint\d*$/.test(type)) return "BigInt(1 + api.randomInt(1000))";
  if (type === "bool") return "api.random() < 0.5";
  return undefined;
}

function callsOf(abi: readonly AbiEntry[]): string[] {
  const calls: string[] = [];
  for (const entry of abi) {
    if (entry.type !== "function" || entry.name === undefined) continue;
    if (entry.stateMutability === "view" || entry.stateMutability === "pure" || entry.stateMutability === "payable")
      continue;
    const args = (entry.inputs ?? []).map((i) => argExpression(i.type));
    if (args.some((a) => a === undefined)) continue;
    calls.push(`{ function: "${entry.name}", args: (api, from) => [${args.join(", ")}] }`);
  }
  return calls;
}

/** The example workload's source, or undefined when no contract of the project fits. */
export async function exampleWorkload(hre: HardhatRuntimeEnvironment): Promise<string | undefined> {
  const names = [...(await hre.artifacts.getAllFullyQualifiedNames())].sort();
  for (const fqn of names) {
    const artifact = await hre.artifacts.readArtifact(fqn);
    const abi = artifact.abi as readonly AbiEntry[];
    const constructor = abi.find((e) => e.type === "constructor");
    if (artifact.bytecode === "0x" || artifact.bytecode.includes("__") || (constructor?.inputs?.length ?? 0) > 0)
      continue;
    const calls = callsOf(abi);
    if (calls.length === 0) continue;
    const template = await readTemplate("workloads/example.workload.ts");
    return template
      .replace("__NAME__", `${artifact.contractName.toLowerCase()}-calls`)
      .replace("__DESCRIPTION__", `Calls to ${artifact.contractName} from many accounts`)
      .replace("__CONTRACT__", artifact.contractName)
      .replace("__CALLS__", `[\n  ${calls.join(",\n  ")},\n]`);
  }
  return undefined;
}
