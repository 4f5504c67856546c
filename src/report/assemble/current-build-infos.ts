/**
 * Which build-infos describe the project as it is now. Hardhat 3 compiles incrementally and leaves older
 * build-infos in `artifacts/build-info/`; an older one can still hold the previous source of a contract that
 * was edited since. So the report reads only the build-infos the current artifacts name (their `buildInfoId`),
 * and from each only the contracts whose artifact names it. Test contracts (`*.t.sol`, sources under the
 * Solidity tests folder) are set apart: they are neither analysed nor gated as production code.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** A build-info the current artifacts name, with the production contracts that come from it. */
export interface CurrentBuildInfo {
  readonly id: string;
  readonly inputFile: string;
  readonly outputFile: string;
  /** `sourceName:contractName` (source names without Hardhat's `project/` prefix). */
  readonly contracts: readonly string[];
}

/** Where the project keeps its Solidity tests, relative to the root (`test`), for {@link isTestSource}. */
export interface TestSourceRule {
  readonly testsDir: string | undefined;
  /**
   * The Solidity sources folders, relative to the root (`contracts`): as in Hardhat, a file under one of them is
   * a contract even when it is also under the tests folder (`paths.tests.solidity` set to the sources folder,
   * or `test/` listed among the sources for its mocks); only its `*.t.sol` files are tests.
   */
  readonly sourcesDirs?: readonly string[];
}

/** The Solidity paths of a Hardhat config, absolute (`config.paths`). */
export interface SolidityPaths {
  readonly root: string;
  readonly tests: { readonly solidity: string };
  readonly sources: { readonly solidity: readonly string[] };
}

/** The rule of a project's paths: its tests folder and sources folders relative to its root. */
export function testSourceRule(paths: SolidityPaths): TestSourceRule {
  return {
    testsDir: path.relative(paths.root, paths.tests.solidity),
    sourcesDirs: paths.sources.solidity.map((dir) => path.relative(paths.root, dir)),
  };
}

function folderOf(dir: string): string {
  return dir.replace(/\\/g, "/").replace(/\/$/, "");
}

/** Whether `name` is under `dir` (relative to the root; `""`: the root itself, so everything). */
function under(name: string, dir: string): boolean {
  const folder = folderOf(dir);
  return !folder.startsWith("..") && (folder === "" || name.startsWith(`${folder}/`));
}

/** A source name without Hardhat 3's `project/` prefix. */
export function plainSourceName(sourceName: string): string {
  return sourceName.replace(/^project\//, "");
}

/** Whether a source is a Solidity test (`*.t.sol`, or under the Solidity tests folder). */
export function isTestSource(sourceName: string, rule: TestSourceRule): boolean {
  const name = plainSourceName(sourceName);
  if (name.endsWith(".t.sol")) return true;
  if ((rule.sourcesDirs ?? []).some((dir) => under(name, dir))) return false;
  return rule.testsDir !== undefined && folderOf(rule.testsDir) !== "" && under(name, rule.testsDir);
}

interface ArtifactFacts {
  readonly contractName: string;
  readonly sourceName: string;
  readonly buildInfoId: string;
}

async function artifactFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const nested = await Promise.all(
    entries
      .filter((e) => e.isDirectory() && !(dir.endsWith("artifacts") && e.name === "build-info"))
      .map((e) => artifactFiles(path.join(dir, e.name))),
  );
  const files = entries.filter((e) => e.isFile() && e.name.endsWith(".json")).map((e) => path.join(dir, e.name));
  return [...files, ...nested.flat()];
}

function factsOf(text: string): ArtifactFacts | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== "object" || data === null) return undefined;
  const { contractName, sourceName, buildInfoId } = data as Record<string, unknown>;
  if (typeof contractName !== "string" || typeof sourceName !== "string" || typeof buildInfoId !== "string")
    return undefined;
  return { contractName, sourceName, buildInfoId };
}

/** The build-infos the artifacts in `artifactsDir` name, each with its production contracts. */
export async function currentBuildInfos(artifactsDir: string, rule: TestSourceRule): Promise<CurrentBuildInfo[]> {
  const buildInfoDir = path.join(artifactsDir, "build-info");
  const byId = new Map<string, Set<string>>();
  for (const file of await artifactFiles(artifactsDir)) {
    if (path.dirname(file) === buildInfoDir) continue;
    const facts = factsOf(await readFile(file, "utf8"));
    if (facts === undefined) continue;
    const contracts = byId.get(facts.buildInfoId) ?? new Set<string>();
    byId.set(facts.buildInfoId, contracts);
    if (!isTestSource(facts.sourceName, rule))
      contracts.add(`${plainSourceName(facts.sourceName)}:${facts.contractName}`);
  }
  return [...byId]
    .filter(([, contracts]) => contracts.size > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, contracts]) => ({
      id,
      inputFile: path.join(buildInfoDir, `${id}.json`),
      outputFile: path.join(buildInfoDir, `${id}.output.json`),
      contracts: [...contracts].sort(),
    }));
}
