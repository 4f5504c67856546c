/**
 * Labels for the `parallel_get*Accesses` methods, the same as the report's: the analyzer's storage layouts
 * of the project's build infos (loaded once per process, on the first labelled request, under the report's
 * rule for test sources), the chain's deployments matched against the artifacts' creation code (contracts a
 * factory deployed: their code on chain against the artifacts' deployed code), and `LocationLabeler` (the report's labelling)
 * over candidate mapping keys: the keys of the keccak preimages the block's transactions computed (recorded
 * by replaying them, `block-preimages.ts`), every address they send from, call or touch, every 32-byte word of
 * their calldata, and the integers 0–31; `keccak256(key . slot)` of each is matched against the accessed
 * slots, nested mappings included; struct fields get their member's name (`struct-members.ts`). A slot none
 * of them explains keeps its raw key. Each transaction also gets its contract, function and, per labelled
 * location, the source line of the function's access (from its summary).
 */
import type { HookContext } from "hardhat/types/hooks";

import type { ContractJson, FunctionJson, KeySource } from "../../analyzer/index.js";
import type { Chain, StoredBlock } from "../../runtime/chain/chain.js";
import type { ExecutedTx } from "../../runtime/exec/block-execution.js";
import { deployedCodes } from "../../runtime/rpc/profile-recorder.js";
import type {
  AccessDescriber,
  BlockDescription,
  LocationDescription,
  TransactionDescription,
} from "../../runtime/rpc/methods/access-methods.js";
import { toHex } from "../../runtime/util/hex.js";
import { parseLocationKey, type LocationKey } from "../../runtime/vocabulary.js";
import { currentBuildInfos, testSourceRule } from "../../report/assemble/current-build-infos.js";
import { LocationLabeler } from "../../report/assemble/location-labels.js";
import { analyzeProject, sourceRef } from "../../report/assemble/static-view.js";
import { deploymentsOf, type ArtifactCodes, type DeploymentRecord } from "../../report/record/test-profile.js";

import { projectRegistry } from "./contract-registry.js";
import { loadStructMembers, withStructMember, type StructMembers } from "./struct-members.js";

interface Project {
  readonly contracts: ReadonlyMap<string, ContractJson>;
  readonly codes: ArtifactCodes;
  readonly structs: StructMembers;
}

interface ScannedChain {
  readonly upTo: bigint;
  readonly hash: string;
  readonly deployments: Record<string, string>;
}

const projects = new Map<string, Promise<Project>>();

/** The project's layouts and artifacts; a project that cannot be analyzed gives raw keys, not an error. */
async function loadProject(context: HookContext): Promise<Project> {
  const { paths } = context.config;
  // The report's rule: a file under a sources folder is a contract even when it is under the tests folder too.
  const buildInfos = await currentBuildInfos(paths.artifacts, testSourceRule(paths)).catch(() => []);
  const analysis = await analyzeProject(buildInfos).catch(() => undefined);
  const contracts = new Map((analysis?.contracts ?? []).map((c) => [c.name, c]));
  const structs = await loadStructMembers(buildInfos.map((b) => b.outputFile)).catch(() => new Map());
  return { contracts, codes: (await projectRegistry(context)).codes, structs };
}

const at = (p: { file: string; line: number; column: number } | undefined): string | undefined => {
  const ref = sourceRef(p);
  return ref === undefined ? undefined : `${ref.file}:${ref.line}`;
};

/** How a label shows a 32-byte key: an address, or a number. */
function shown(value: bigint): string {
  const isAddress = value >= 1n << 96n && value < 1n << 160n;
  return isAddress ? `0x${value.toString(16).padStart(40, "0")}` : value.toString();
}

/** Candidate mapping keys of a block: address/word (hex) → how a label shows it. */
function candidateKeys(
  block: StoredBlock,
  deployments: Record<string, string>,
  preimages: ReadonlyMap<string, string>,
): Map<string, string> {
  const keys = new Map<string, string>();
  const address = (a: string): void => void keys.set(a.toLowerCase(), a.toLowerCase());
  for (let i = 0; i < 32; i++) keys.set(`0x${i.toString(16)}`, String(i));
  for (const a of Object.keys(deployments)) address(a);
  for (const e of block.executed) {
    address(e.sender);
    if (e.tx.to !== undefined) address(toHex(e.tx.to.bytes));
    for (const key of [...e.access.reads.keys(), ...e.access.writes.keys()]) address(parseLocationKey(key).address);
    const data = toHex(e.tx.data).slice(10);
    for (let i = 0; i + 64 <= data.length; i += 64) {
      const value = BigInt(`0x${data.slice(i, i + 64)}`);
      if (!keys.has(`0x${value.toString(16)}`)) keys.set(`0x${value.toString(16)}`, shown(value));
    }
  }
  // Recorded preimages keccak256(key . slot): their keys, whatever computed them (counters, hashes, storage).
  for (const input of preimages.values()) {
    if (input.length !== 130) continue;
    const value = BigInt(input.slice(0, 66));
    if (!keys.has(`0x${value.toString(16)}`)) keys.set(`0x${value.toString(16)}`, shown(value));
  }
  return keys;
}

type KeyTest = (key: KeySource | undefined) => boolean;

/** Whether an access's mapping key (the sender, or a parameter read from the calldata) is `key`. */
function keyTest(e: ExecutedTx, key: string | undefined): KeyTest {
  if (key === undefined || !/^(0x[0-9a-f]+|\d+)$/i.test(key)) return () => false;
  const value = BigInt(key);
  const args = toHex(e.tx.data).slice(10);
  return (k) => {
    if (k?.kind === "sender") return BigInt(e.sender) === value;
    if (k?.kind !== "param") return false;
    const word = args.slice(k.index * 64, k.index * 64 + 64);
    return word.length === 64 && BigInt(`0x${word}`) === value;
  };
}

/**
 * The source line where `fn` reads (or writes) `variable`: an access whose mapping key is the location's key
 * when the summary tells (`_balances[to]` for the recipient's slot), else the variable's first access on that
 * side.
 */
function siteOf(
  fn: FunctionJson | undefined,
  variable: string,
  side: "read" | "write",
  test: KeyTest,
): string | undefined {
  const [first, second] = side === "read" ? [fn?.reads, fn?.writes] : [fn?.writes, fn?.reads];
  const candidates = [...(first ?? []), ...(second ?? [])].filter(
    (a) => a.location.root.kind === "variable" && a.location.root.label === variable,
  );
  const keyed = candidates.find((a) => test(a.location.levels.find((l) => l.via === "map")?.key));
  return at((keyed ?? candidates[0])?.at[0]);
}

function describeTransaction(
  e: ExecutedTx,
  project: Project,
  deployments: Record<string, string>,
  locations: ReadonlyMap<LocationKey, LocationDescription>,
): TransactionDescription {
  const to = e.tx.to === undefined ? undefined : toHex(e.tx.to.bytes);
  const contract = to === undefined ? undefined : deployments[to];
  const input = toHex(e.tx.data);
  const selector = input.length >= 10 ? input.slice(0, 10) : undefined;
  const fn = project.contracts
    .get(contract ?? "")
    ?.functions.find((f) => f.selector !== null && `0x${f.selector}` === selector);
  const sites = new Map<LocationKey, { read?: string; write?: string }>();
  for (const key of [...e.access.reads.keys(), ...e.access.writes.keys(), ...e.access.deltas.keys()]) {
    const d = locations.get(key);
    if (d?.variable === undefined || d.contract !== contract) continue;
    const test = keyTest(e, d.key);
    sites.set(key, { read: siteOf(fn, d.variable, "read", test), write: siteOf(fn, d.variable, "write", test) });
  }
  const name =
    e.tx.to === undefined ? "constructor" : (fn?.name ?? (selector && project.codes.selectors.get(selector)));
  // Hardhat 3 prefixes the project's own sources with `project/`; --gas-stats-json keys drop it.
  const sourceName = project.contracts.get(contract ?? "")?.sourceName.replace(/^project\//, "");
  return { contract, sourceName, function: name === "" ? undefined : name, sites };
}

/** The labeler's name of `key` as a location description. */
function describeLocation(labeler: LocationLabeler, key: LocationKey): LocationDescription | undefined {
  const label = labeler.label(key);
  if (label === undefined) return undefined;
  const declaration = at(label.declaration);
  const base = { label: label.label, contract: label.contract, variable: label.variable, key: label.keyRole };
  return declaration === undefined ? base : { ...base, declaration };
}

/** Describes blocks of the chains of one Hardhat project. */
export class ProjectAccessDescriber implements AccessDescriber {
  readonly #scanned = new WeakMap<Chain, ScannedChain>();

  constructor(private readonly context: HookContext) {}

  async describe(chain: Chain, block: StoredBlock, preimages: ReadonlyMap<string, string>): Promise<BlockDescription> {
    const root = this.context.config.paths.artifacts;
    let project = projects.get(root);
    if (project === undefined) {
      project = loadProject(this.context);
      projects.set(root, project);
    }
    const loaded = await project;
    const deployments = this.#deployments(chain, loaded.codes);
    const labeler = new LocationLabeler(deployments, loaded.contracts, candidateKeys(block, deployments, preimages));
    const locations = new Map<LocationKey, LocationDescription>();
    for (const e of block.executed) {
      for (const key of [...e.access.reads.keys(), ...e.access.writes.keys(), ...e.access.deltas.keys()]) {
        if (locations.has(key)) continue;
        const d = withStructMember(loaded.structs, key, (k) => describeLocation(labeler, k));
        if (d !== undefined) locations.set(key, d);
      }
    }
    const names = new Set(Object.values(deployments));
    const variables = [...names].flatMap((n) => [
      n,
      ...(loaded.contracts.get(n)?.storage ?? []).map((v) => `${n}.${v.label}`),
    ]);
    return {
      locations,
      transactions: block.executed.map((e) => describeTransaction(e, loaded, deployments, locations)),
      variables: [...new Set(variables)].sort(),
    };
  }

  /** Deployments of every block up to the latest, rescanned when the chain was reverted under the cache. */
  #deployments(chain: Chain, codes: ArtifactCodes): Record<string, string> {
    const latest = chain.latest;
    const cached = this.#scanned.get(chain);
    const valid = cached !== undefined && chain.blockByNumber(cached.upTo)?.hash === cached.hash;
    const deployments: Record<string, string> = valid ? { ...cached.deployments } : {};
    const records: DeploymentRecord[] = [];
    for (let n = valid ? cached.upTo + 1n : 0n; n <= latest.number; n++) {
      for (const e of chain.blockByNumber(n)?.executed ?? []) {
        const deployed = deployedCodes(e);
        if (e.createdAddress === undefined && deployed.size === 0) continue;
        const hashes = [...new Set(deployed.values())];
        const codes = hashes.map((h) => [h, toHex(e.access.codes.get(h) ?? chain.state.code(h))]);
        const input = toHex(e.tx.data);
        const created = e.createdAddress ?? null;
        records.push({ created, input, deployed: Object.fromEntries(deployed), codes: Object.fromEntries(codes) });
      }
    }
    Object.assign(deployments, deploymentsOf(records, codes));
    this.#scanned.set(chain, { upTo: latest.number, hash: latest.hash, deployments });
    return deployments;
  }
}
