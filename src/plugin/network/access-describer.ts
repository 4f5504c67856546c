/**
 * Labels for the `parallel_get*Accesses` methods, the same as the report's: the analyzer's storage layouts
 * of the project's build infos (loaded once per process, on the first labelled request), the chain's
 * deployments matched against the artifacts' creation code, and `LocationLabeler` (the report's labelling)
 * over candidate mapping keys. The keys are what a test's transactions can name: every address the block's
 * transactions send from, call or touch, every 32-byte word of their calldata, and the integers 0–31
 * (counters); `keccak256(key . slot)` of each is matched against the accessed slots, nested mappings
 * included. A slot none of them explains keeps its raw key. Each transaction also gets its contract,
 * function and, per labelled location, the source line of the function's access (from its summary).
 */
import type { HookContext } from "hardhat/types/hooks";

import type { ContractJson, FunctionJson } from "../../analyzer/index.js";
import type { Chain, StoredBlock } from "../../runtime/chain/chain.js";
import type { ExecutedTx } from "../../runtime/exec/block-execution.js";
import type {
  AccessDescriber,
  BlockDescription,
  LocationDescription,
  TransactionDescription,
} from "../../runtime/rpc/methods/access-methods.js";
import { toHex } from "../../runtime/util/hex.js";
import { parseLocationKey, type LocationKey } from "../../runtime/vocabulary.js";
import { LocationLabeler } from "../../report/assemble/location-labels.js";
import { analyzeProject, sourceRef } from "../../report/assemble/static-view.js";
import { deploymentsOf, type ArtifactCodes } from "../../report/record/test-profile.js";
import { artifactCodes } from "../../tasks/parallel-report/artifact-loader.js";

interface Project {
  readonly contracts: ReadonlyMap<string, ContractJson>;
  readonly codes: ArtifactCodes;
}

interface ScannedChain {
  readonly upTo: bigint;
  readonly hash: string;
  readonly deployments: Record<string, string>;
}

const projects = new Map<string, Promise<Project>>();

/** The project's layouts and artifacts; a project that cannot be analyzed gives raw keys, not an error. */
async function loadProject(context: HookContext): Promise<Project> {
  const analysis = await analyzeProject(context.config.paths.artifacts).catch(() => undefined);
  const contracts = new Map((analysis?.contracts ?? []).map((c) => [c.name, c]));
  return { contracts, codes: await artifactCodes(context) };
}

const at = (p: { file: string; line: number; column: number } | undefined): string | undefined => {
  const ref = sourceRef(p);
  return ref === undefined ? undefined : `${ref.file}:${ref.line}`;
};

/** Candidate mapping keys of a block: address/word (hex) → how a label shows it. */
function candidateKeys(block: StoredBlock, deployments: Record<string, string>): Map<string, string> {
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
      const isAddress = value >= 1n << 96n && value < 1n << 160n;
      const shown = isAddress ? `0x${value.toString(16).padStart(40, "0")}` : value.toString();
      if (!keys.has(`0x${value.toString(16)}`)) keys.set(`0x${value.toString(16)}`, shown);
    }
  }
  return keys;
}

/** The source line where `fn` reads or writes `variable` (writes first). */
function siteOf(fn: FunctionJson | undefined, variable: string): string | undefined {
  for (const access of [...(fn?.writes ?? []), ...(fn?.reads ?? [])]) {
    const root = access.location.root;
    if (root.kind === "variable" && root.label === variable) return at(access.at[0]);
  }
  return undefined;
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
  const sites = new Map<LocationKey, string>();
  for (const key of [...e.access.reads.keys(), ...e.access.writes.keys(), ...e.access.deltas.keys()]) {
    const d = locations.get(key);
    const site = d?.variable === undefined || d.contract !== contract ? undefined : siteOf(fn, d.variable);
    if (site !== undefined) sites.set(key, site);
  }
  const name =
    e.tx.to === undefined ? "constructor" : (fn?.name ?? (selector && project.codes.selectors.get(selector)));
  // Hardhat 3 prefixes the project's own sources with `project/`; --gas-stats-json keys drop it.
  const sourceName = project.contracts.get(contract ?? "")?.sourceName.replace(/^project\//, "");
  return { contract, sourceName, function: name === "" ? undefined : name, sites };
}

/** Describes blocks of the chains of one Hardhat project. */
export class ProjectAccessDescriber implements AccessDescriber {
  readonly #scanned = new WeakMap<Chain, ScannedChain>();

  constructor(private readonly context: HookContext) {}

  async describe(chain: Chain, block: StoredBlock): Promise<BlockDescription> {
    const root = this.context.config.paths.artifacts;
    let project = projects.get(root);
    if (project === undefined) {
      project = loadProject(this.context);
      projects.set(root, project);
    }
    const loaded = await project;
    const deployments = this.#deployments(chain, loaded.codes);
    const labeler = new LocationLabeler(deployments, loaded.contracts, candidateKeys(block, deployments));
    const locations = new Map<LocationKey, LocationDescription>();
    for (const e of block.executed) {
      for (const key of [...e.access.reads.keys(), ...e.access.writes.keys(), ...e.access.deltas.keys()]) {
        const label = labeler.label(key);
        if (label === undefined || locations.has(key)) continue;
        const declaration = at(label.declaration);
        const base = { label: label.label, contract: label.contract, variable: label.variable };
        locations.set(key, declaration === undefined ? base : { ...base, declaration });
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
    const records: Array<{ created: string | null; input: string }> = [];
    for (let n = valid ? cached.upTo + 1n : 0n; n <= latest.number; n++) {
      for (const e of chain.blockByNumber(n)?.executed ?? []) {
        if (e.createdAddress !== undefined) records.push({ created: e.createdAddress, input: toHex(e.tx.data) });
      }
    }
    Object.assign(deployments, deploymentsOf(records, codes));
    this.#scanned.set(chain, { upTo: latest.number, hash: latest.hash, deployments });
    return deployments;
  }
}
