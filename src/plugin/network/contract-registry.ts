/**
 * The project's contracts as Hardhat compiled them, for telling which contract a piece of code is: deployed
 * code is matched against each artifact's `deployedBytecode` with its immutables, linked libraries and a
 * library's own address masked (as Hardhat's network does), creation code by prefix with the link references
 * masked. Loaded once per artifacts folder, on the first need (`--gas-stats`, `parallel_get*Accesses`, revert
 * messages), and shared by every connection of the process; `parallel-node` reads it again after a compilation.
 */
import { stat } from "node:fs/promises";
import path from "node:path";

import { Interface, type InterfaceAbi } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { Artifact } from "hardhat/types/artifacts";

import type { ArtifactCodes } from "../../report/record/test-profile.js";
import type { ContractFacts, ContractLookup } from "../../runtime/rpc/revert-inference.js";

import { customErrorText } from "./custom-error-text.js";

/** A byte range (start, length) of an artifact's code that deployment fills in. */
type Mask = readonly [start: number, length: number];

/** One compiled contract. */
export interface ContractEntry {
  /** Fully qualified name with Hardhat's input source name (`project/contracts/Counter.sol:Counter`). */
  readonly fqn: string;
  readonly name: string;
  readonly abi: Interface;
  /** Selector (`0x` + 8 hex) → canonical signature (`incBy(uint256)`). */
  readonly functions: ReadonlyMap<string, string>;
  /** Its entry points, for the runtime's revert messages. */
  readonly facts: ContractFacts;
  /** The build info it was compiled in and its input source name (for its source maps), when known. */
  readonly build?: { readonly id: string; readonly sourceName: string };
}

interface CodeTemplate {
  readonly entry: ContractEntry;
  /** Lowercase hex without 0x; link placeholders stay as they are (they are masked). */
  readonly hex: string;
  /** Sorted by start. */
  readonly masks: readonly Mask[];
}

const sorted = (masks: Mask[]): Mask[] => masks.sort((x, y) => x[0] - y[0]);

const LIBRARY_PREFIX = `73${"00".repeat(20)}`;

function linkMasks(references: Artifact["linkReferences"]): Mask[] {
  return Object.values(references).flatMap((libraries) =>
    Object.values(libraries).flatMap((ranges) => ranges.map((r): Mask => [r.start, r.length])),
  );
}

function runtimeMasks(a: Artifact, hex: string): Mask[] {
  const immutables = Object.values(a.immutableReferences ?? {}).flatMap((ranges) =>
    ranges.map((r): Mask => [r.start, r.length]),
  );
  // A library's deployed code starts with PUSH20 <its own address>, zero in the artifact.
  const ownAddress: Mask[] = hex.startsWith(LIBRARY_PREFIX) ? [[1, 20]] : [];
  return [...linkMasks(a.deployedLinkReferences), ...immutables, ...ownAddress];
}

/** Whether `code` (hex) equals `template` outside its masks, over the template's length. */
function matches(code: string, template: CodeTemplate): boolean {
  const { hex, masks } = template;
  if (masks.length === 0) return code.startsWith(hex);
  let at = 0;
  for (const [start, length] of masks) {
    if (code.slice(at, start * 2) !== hex.slice(at, start * 2)) return false;
    at = Math.max(at, (start + length) * 2);
  }
  return code.slice(at, hex.length) === hex.slice(at);
}

function entryOf(a: Artifact): ContractEntry {
  const abi = new Interface(a.abi as InterfaceAbi);
  const functions = new Map<string, string>();
  const payable = new Map<string, boolean>();
  abi.forEachFunction((f) => {
    functions.set(f.selector, f.format("sighash"));
    payable.set(f.selector, f.payable);
  });
  // From the JSON ABI itself: ethers' Interface folds `receive` and a payable `fallback` together.
  const entries = a.abi as ReadonlyArray<{ type?: string; stateMutability?: string }>;
  const fallbackEntry = entries.find((e) => e.type === "fallback");
  const fallback = fallbackEntry === undefined ? undefined : { payable: fallbackEntry.stateMutability === "payable" };
  const build =
    a.buildInfoId === undefined ? {} : { build: { id: a.buildInfoId, sourceName: a.inputSourceName ?? a.sourceName } };
  return {
    ...build,
    fqn: `${a.inputSourceName ?? a.sourceName}:${a.contractName}`,
    name: a.contractName,
    abi,
    functions,
    facts: {
      functions: payable,
      fallback,
      receive: entries.some((e) => e.type === "receive"),
      customError: (data) => customErrorText(abi, data),
    },
  };
}

const strip = (code: string): string => code.replace(/^0x/, "").toLowerCase();

/** The project's compiled contracts, by code. */
export class ContractRegistry {
  readonly #runtime = new Map<number, CodeTemplate[]>();
  readonly #creation: CodeTemplate[] = [];
  readonly #byCode = new Map<string, ContractEntry | undefined>();
  /** Creation codes, selectors and names by deployed code, as the report names recorded transactions. */
  readonly codes: ArtifactCodes;

  constructor(artifacts: readonly Artifact[]) {
    const creation: Array<{ name: string; bytecode: string }> = [];
    const selectors = new Map<string, string>();
    for (const a of artifacts) {
      const entry = entryOf(a);
      entry.abi.forEachFunction((f) => selectors.set(f.selector, f.name));
      const runtime = strip(a.deployedBytecode);
      if (runtime.length > 0) {
        const sameLength = this.#runtime.get(runtime.length) ?? [];
        sameLength.push({ entry, hex: runtime, masks: sorted(runtimeMasks(a, runtime)) });
        this.#runtime.set(runtime.length, sameLength);
      }
      const initCode = strip(a.bytecode);
      if (initCode.length > 0) {
        this.#creation.push({ entry, hex: initCode, masks: sorted(linkMasks(a.linkReferences)) });
        creation.push({ name: a.contractName, bytecode: a.bytecode.toLowerCase() });
      }
    }
    this.#creation.sort((x, y) => y.hex.length - x.hex.length);
    creation.sort((x, y) => y.bytecode.length - x.bytecode.length);
    this.codes = { creation, selectors, runtimeName: (code) => this.byRuntimeCode(code)?.name };
  }

  /** The contract whose deployed code is `code` (hex, with or without 0x), if the project compiled it. */
  byRuntimeCode(code: string): ContractEntry | undefined {
    const hex = strip(code);
    if (this.#byCode.has(hex)) return this.#byCode.get(hex);
    const found = (this.#runtime.get(hex.length) ?? []).find((t) => matches(hex, t))?.entry;
    this.#byCode.set(hex, found);
    return found;
  }

  /** The contract a creation transaction's input (creation code + constructor arguments) deploys. */
  byCreationCode(input: string): ContractEntry | undefined {
    const hex = strip(input);
    return this.#creation.find((t) => hex.length >= t.hex.length && matches(hex, t))?.entry;
  }
}

/** Every artifact of the project. */
export async function readArtifacts(hre: Pick<HardhatRuntimeEnvironment, "artifacts">): Promise<Artifact[]> {
  const names = [...(await hre.artifacts.getAllFullyQualifiedNames())].sort();
  return Promise.all(names.map((fqn) => hre.artifacts.readArtifact(fqn)));
}

const registries = new Map<string, Promise<ContractRegistry>>();

/** The registry of a project's artifacts folder, loaded on the first call of the process. */
export function projectRegistry(
  hre: Pick<HardhatRuntimeEnvironment, "artifacts"> & { config: { paths: { artifacts: string } } },
): Promise<ContractRegistry> {
  const root = hre.config.paths.artifacts;
  let registry = registries.get(root);
  if (registry === undefined) {
    registry = readArtifacts(hre).then((artifacts) => new ContractRegistry(artifacts));
    registries.set(root, registry);
  }
  return registry;
}

/** The modification time of the artifacts' build-info folder (a compilation adds and removes build infos). */
async function buildInfoStamp(root: string): Promise<number | undefined> {
  try {
    return (await stat(path.join(root, "build-info"))).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * The registry of a project's artifacts folder for a long-running node (`parallel-node`): read on the first need,
 * and read again, Hardhat's artifact cache cleared, when a compilation has changed the build infos since — as
 * `hardhat node` takes compilations made while it runs. One `stat` per lookup.
 */
export function liveProjectRegistry(hre: Parameters<typeof projectRegistry>[0]): () => Promise<ContractRegistry> {
  let current: { stamp: number | undefined; registry: Promise<ContractRegistry> } | undefined;
  return async () => {
    const stamp = await buildInfoStamp(hre.config.paths.artifacts);
    if (current === undefined || current.stamp !== stamp) {
      if (current !== undefined) await hre.artifacts.clearCache();
      current = { stamp, registry: readArtifacts(hre).then((artifacts) => new ContractRegistry(artifacts)) };
    }
    return current.registry;
  };
}

/** The lookup of {@link projectContractFacts} over `registry` (a node's live one). */
export function contractFactsOf(registry: () => Promise<ContractRegistry>): ContractLookup {
  return async (code, creation) => {
    const loaded = await registry();
    return (creation === true ? loaded.byCreationCode(code) : loaded.byRuntimeCode(code))?.facts;
  };
}

/**
 * The runtime's lookup of the project's contracts by code (deployed, or creation code for a deployment): reverts
 * without data they explain are worded as Hardhat's network words them. Loads the registry on the first failure.
 */
export function projectContractFacts(hre: Parameters<typeof projectRegistry>[0]): ContractLookup {
  return contractFactsOf(() => projectRegistry(hre));
}
