/**
 * Offline, zero-config compilation: every solc compiler entry of every build profile (compilers and
 * overrides) is pointed at an installed npm solc build of exactly its version, and asks solc for the
 * `storageLayout` output the analyzer needs. A version without a local build, or a user-given `path` whose
 * build has another version, is an error: nothing ever compiles silently with another version. A `solc`
 * dependency declared with a range (`^0.8.28`) that npm moved to another version is explained as such.
 * `parallel.solc: "hardhat"` opts out: Hardhat keeps its own compilers, only `storageLayout` is added.
 */
import { spawnSync } from "node:child_process";

import type { HardhatConfig } from "hardhat/types/config";

import { pluginError } from "../errors.js";

import type { SolcSource } from "../config/types.js";

import {
  declaredSolcRange,
  findInstalledSolcBuilds,
  solcPackageVersionOf,
  type InstalledSolc,
} from "./installed-solc.js";

/** The mutable part of a resolved compiler entry this module touches. */
interface CompilerEntry {
  type?: string;
  version: string;
  path?: string;
  settings: { outputSelection?: Record<string, Record<string, string[]>> } & Record<string, unknown>;
}

function installCommand(version: string, builds: Map<string, InstalledSolc>): string {
  const hasPlainSolc = [...builds.values()].some((b) => b.installedAs === "solc");
  return hasPlainSolc
    ? `npm install --save-dev solc-${version}@npm:solc@${version}`
    : `npm install --save-dev --save-exact solc@${version}`;
}

function nativeVersionOf(compilerPath: string): string | undefined {
  const r = spawnSync(compilerPath, ["--version"], { encoding: "utf8", timeout: 10_000 });
  const match = /Version:\s*(\d+\.\d+\.\d+)/.exec(r.stdout ?? "");
  return match?.[1];
}

function checkUserPath(entry: CompilerEntry, where: string, builds: Map<string, InstalledSolc>): void {
  const compilerPath = entry.path ?? "";
  const actual = solcPackageVersionOf(compilerPath) ?? nativeVersionOf(compilerPath);
  if (actual !== undefined && actual !== entry.version) {
    throw pluginError("SOLC_VERSION_MISMATCH", {
      where,
      version: entry.version,
      actual,
      path: compilerPath,
      command: installCommand(entry.version, builds),
    });
  }
}

function addStorageLayout(entry: CompilerEntry): void {
  const selection = { ...(entry.settings.outputSelection ?? {}) };
  const all = { ...(selection["*"] ?? {}) };
  const outputs = [...(all["*"] ?? [])];
  if (!outputs.includes("storageLayout")) outputs.push("storageLayout");
  all["*"] = outputs;
  selection["*"] = all;
  entry.settings = { ...entry.settings, outputSelection: selection };
}

function wireEntry(entry: CompilerEntry, where: string, builds: Map<string, InstalledSolc>, root: string): void {
  if (entry.type !== undefined && entry.type !== "solc") return;
  if (entry.path !== undefined) {
    checkUserPath(entry, where, builds);
  } else {
    const build = builds.get(entry.version);
    if (build === undefined) {
      const found = [...builds.keys()].sort().join(", ");
      const range = declaredSolcRange(root);
      const params = {
        version: entry.version,
        where,
        found: found === "" ? "no solc package" : `solc ${found}`,
        command: installCommand(entry.version, builds),
      };
      if (range !== undefined) throw pluginError("SOLC_RANGE_DRIFTED", { ...params, range });
      throw pluginError("SOLC_NOT_INSTALLED", params);
    }
    entry.path = build.soljsonPath;
  }
  addStorageLayout(entry);
}

/**
 * Wires every compiler entry of the resolved config (mutates `config.solidity`): with `source` `"npm"` to a
 * local npm build of exactly its version; with `"hardhat"` only `storageLayout` is added and Hardhat keeps
 * choosing (and downloading) its compilers.
 */
export function wireOfflineCompilers(config: HardhatConfig, source: SolcSource = "npm"): void {
  const root = config.paths.root;
  const builds = findInstalledSolcBuilds(root);
  const wire = (entry: CompilerEntry, where: string): void => {
    if (source === "npm") wireEntry(entry, where, builds, root);
    else if (entry.type === undefined || entry.type === "solc") addStorageLayout(entry);
  };
  for (const [profileName, profile] of Object.entries(config.solidity.profiles)) {
    const base = `solidity.profiles.${profileName}`;
    profile.compilers.forEach((compiler, i) => wire(compiler as CompilerEntry, `${base}.compilers[${i}]`));
    for (const [file, override] of Object.entries(profile.overrides)) {
      wire(override as CompilerEntry, `${base}.overrides["${file}"]`);
    }
  }
}
