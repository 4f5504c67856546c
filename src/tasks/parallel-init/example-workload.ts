/**
 * Builds the example workloads `parallel-init` scaffolds from the project's own compiled contracts: one per
 * deployable contract (constructor arguments it can make up — the deployer for an address such as an owner —,
 * not a Solidity test; external libraries are linked when the workload deploys it) with state-changing
 * functions whose parameters can be generated (addresses from the account pool, small integers, booleans).
 * Overloaded functions are named by signature; payable ones send a little ETH; functions that need an approval
 * or ownership the senders don't have (`transferFrom`, `transferOwnership`...) are left out, and `transfer`
 * only stays when a `mint(address,uint256)` lets setup give every account tokens first.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { readTemplate } from "./scaffold-files.js";

interface AbiInput {
  readonly type: string;
  readonly name?: string;
}
interface AbiEntry {
  readonly type: string;
  readonly name?: string;
  readonly stateMutability?: string;
  readonly inputs?: readonly AbiInput[];
}

/** A generated workload: the contract it exercises, its file name under parallel/workloads/, its source. */
export interface ExampleWorkload {
  readonly contract: string;
  readonly file: string;
  readonly source: string;
}

/** At most this many example workloads are new in one run (contracts whose file exists do not count). */
export const MAX_EXAMPLE_WORKLOADS = 5;

/** Calls a sender without prior approval, ownership or tokens would see revert every time. */
const NEEDS_AUTHORITY = new Set(["transferFrom", "safeTransferFrom", "transferOwnership", "renounceOwnership"]);

function argExpression(type: string): string | undefined {
  if (type === "address") return "api.pickOther(from)";
  if (/^uint\d*$/.test(type)) return "BigInt(1 + api.randomInt(1000))";
  if (type === "bool") return "api.random() < 0.5";
  return undefined;
}

/**
 * A constructor argument: the deployer for an address (an owner, an admin), a large amount for a supply or a
 * cap, a small number otherwise, a name for a string, true for a flag; undefined when the type is another one.
 */
function constructorArg(input: AbiInput): string | undefined {
  if (input.type === "address") return "api.deployer";
  if (/^uint\d*$/.test(input.type)) return /supply|cap|max|amount/i.test(input.name ?? "") ? "10n ** 24n" : "1000n";
  if (input.type === "string") return JSON.stringify(input.name === undefined ? "Example" : `Example ${input.name}`);
  if (input.type === "bool") return "true";
  return undefined;
}

/** The deployment's argument list in source form (`""` when none), or undefined when one cannot be made. */
function constructorArgs(abi: readonly AbiEntry[]): string | undefined {
  const inputs = abi.find((e) => e.type === "constructor")?.inputs ?? [];
  const args = inputs.map(constructorArg);
  if (args.some((a) => a === undefined)) return undefined;
  return args.length === 0 ? "" : `, [${args.join(", ")}]`;
}

const signatureOf = (entry: AbiEntry): string =>
  `${entry.name ?? ""}(${(entry.inputs ?? []).map((i) => i.type).join(",")})`;

function mintsToAnyone(abi: readonly AbiEntry[]): boolean {
  return abi.some((e) => e.type === "function" && signatureOf(e) === "mint(address,uint256)");
}

/**
 * Administration functions (`setFee`, `pause`, role changes): usually gated to an owner the senders are not, so
 * in a workload they revert (`not owner`) and skew the figures. Left out when the contract has other calls.
 */
const ADMIN =
  /^(set[A-Z_]\w*|pause|unpause|grantRole|revokeRole|renounceRole|initialize|upgradeTo\w*|acceptOwnership)$/;

function callsAmong(functions: readonly AbiEntry[], abi: readonly AbiEntry[]): string[] {
  const calls: string[] = [];
  for (const entry of functions) {
    const name = entry.name ?? "";
    if (entry.stateMutability === "view" || entry.stateMutability === "pure" || NEEDS_AUTHORITY.has(name)) continue;
    if (name === "transfer" && !mintsToAnyone(abi)) continue;
    const args = (entry.inputs ?? []).map((i) => argExpression(i.type));
    if (args.some((a) => a === undefined)) continue;
    const overloaded = abi.filter((f) => f.type === "function" && f.name === name).length > 1;
    const value = entry.stateMutability === "payable" ? ", value: 10n ** 15n" : "";
    calls.push(
      `{ function: "${overloaded ? signatureOf(entry) : name}", args: (api, from) => [${args.join(", ")}]${value} }`,
    );
  }
  return calls;
}

/** The workload's calls: the everyday functions', or the administration ones' when there is nothing else. */
function callsOf(abi: readonly AbiEntry[]): string[] {
  const all = abi.filter((e) => e.type === "function" && e.name !== undefined);
  const everyday = callsAmong(
    all.filter((e) => !ADMIN.test(e.name ?? "")),
    abi,
  );
  return everyday.length > 0 ? everyday : callsAmong(all, abi);
}

const SETUP_MINT = `    // Every account gets tokens first, so that its transfers can succeed.
    for (const account of api.accounts) api.queue(target, "mint", [account, 10n ** 21n]);
    await api.flush();
`;

/** `MyToken` → `my-token`. */
function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1-$2")
    .toLowerCase();
}

/**
 * How a workload names a contract: its bare name, or its fully qualified name when another compiled contract has
 * the same name (`contracts/v1/Vault.sol:Vault`: a bare `Vault` would be ambiguous); and the file's stem
 * (`vault`, or `v1-vault` from the source's folders).
 */
function contractRef(fqn: string, names: readonly string[]): { ref: string; stem: string } {
  const colon = fqn.lastIndexOf(":");
  const name = fqn.slice(colon + 1);
  if (names.filter((n) => n.slice(n.lastIndexOf(":") + 1) === name).length < 2) return { ref: name, stem: kebab(name) };
  const parts = fqn
    .slice(0, colon)
    .replace(/\.sol$/, "")
    .split("/")
    .slice(1);
  if (parts.at(-1) !== name) parts.push(name);
  return { ref: fqn, stem: parts.map((p) => kebab(p).replace(/[^a-z0-9-]/g, "-")).join("-") };
}

/** A contract `parallel-init` wrote no workload for although it could be deployed, and why. */
export interface SkippedContract {
  readonly contract: string;
  readonly reason: string;
}

/** The example workloads for the project's contracts (sorted by fully qualified name), at most {@link MAX_EXAMPLE_WORKLOADS}. */
export async function exampleWorkloads(hre: HardhatRuntimeEnvironment): Promise<ExampleWorkload[]> {
  return (await exampleWorkloadPlan(hre)).workloads;
}

/** The example workload file of one contract, from the template. */
function workloadSource(
  template: string,
  c: { name: string; stem: string; deployArgs: string; abi: readonly AbiEntry[]; calls: readonly string[] },
): string {
  return template
    .replace("__NAME__", `${c.stem}-calls`)
    .replace("__DESCRIPTION__", `Calls to ${c.name} from many accounts`)
    .replaceAll("__CONTRACT__", c.name)
    .replace(" /* __DEPLOY_ARGS__ */", c.deployArgs)
    .replace(
      "    // __SETUP__\n",
      mintsToAnyone(c.abi) && c.calls.some((call) => call.includes('"transfer"')) ? SETUP_MINT : "",
    )
    .replace("__CALLS__", `[\n  ${c.calls.join(",\n  ")},\n]`);
}

/**
 * The example workloads, and the contracts left without one that a user would expect one for: a constructor
 * argument of a type it cannot make up (`address[]`, `bytes32`, a struct), or beyond the first
 * {@link MAX_EXAMPLE_WORKLOADS} new ones. A workload whose file `exists` (under parallel/workloads/) is planned
 * but not new, so a contract added later gets its workload from the next run however many there are.
 * Abstract contracts, interfaces, libraries and Solidity tests are not named.
 */
export async function exampleWorkloadPlan(
  hre: HardhatRuntimeEnvironment,
  exists: (file: string) => boolean = () => false,
): Promise<{ workloads: ExampleWorkload[]; skipped: SkippedContract[] }> {
  const names = [...(await hre.artifacts.getAllFullyQualifiedNames())].sort();
  const template = await readTemplate("workloads/example.workload.ts");
  const workloads: ExampleWorkload[] = [];
  const skipped: SkippedContract[] = [];
  for (const fqn of names) {
    if (/\.t\.sol:/.test(fqn)) continue;
    const artifact = await hre.artifacts.readArtifact(fqn);
    const abi = artifact.abi as readonly AbiEntry[];
    const deployArgs = constructorArgs(abi);
    // Library placeholders are fine (the workload's deploy links them); any other `__` is not deployable code.
    const linked = Object.keys(artifact.linkReferences).length > 0;
    if (artifact.bytecode === "0x" || (artifact.bytecode.includes("__") && !linked)) continue;
    const calls = callsOf(abi);
    if (calls.length === 0) continue;
    const { ref: name, stem } = contractRef(fqn, names);
    if (deployArgs === undefined) {
      const inputs = abi.find((e) => e.type === "constructor")?.inputs ?? [];
      const reason = `its constructor takes (${inputs.map((i) => i.type).join(", ")}), arguments parallel-init cannot make up`;
      skipped.push({ contract: name, reason });
      continue;
    }
    if (workloads.some((w) => w.contract === name)) continue;
    if (!exists(`${stem}.ts`) && workloads.filter((w) => !exists(w.file)).length >= MAX_EXAMPLE_WORKLOADS) {
      const reason = `at most ${MAX_EXAMPLE_WORKLOADS} new example workloads are written per run: run \`npx hardhat parallel-init\` again for the next ones`;
      skipped.push({ contract: name, reason });
      continue;
    }
    const source = workloadSource(template, { name, stem, deployArgs, abi, calls });
    workloads.push({ contract: name, file: `${stem}.ts`, source });
  }
  return { workloads, skipped };
}
