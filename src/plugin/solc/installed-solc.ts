/**
 * Finds the solc builds installed from npm that a project can compile with offline: the `solc` package and
 * npm aliases of it (`"solc-0.8.24": "npm:solc@0.8.24"`), in the `node_modules` of the project root and of
 * every folder above it (workspaces hoist packages to the top). The nearest build of a version wins.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** One installed solc-js build. */
export interface InstalledSolc {
  /** Exact Solidity version of the build, e.g. `0.8.28`. */
  readonly version: string;
  /** Absolute path of its `soljson.js`, the value Hardhat's `path` needs. */
  readonly soljsonPath: string;
  /** Folder name under node_modules (`solc`, or the alias). */
  readonly installedAs: string;
}

function readSolcPackage(dir: string): { version: string } | undefined {
  try {
    const pkg: unknown = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    if (typeof pkg !== "object" || pkg === null) return undefined;
    const { name, version } = pkg as { name?: unknown; version?: unknown };
    if (name !== "solc" || typeof version !== "string") return undefined;
    return existsSync(path.join(dir, "soljson.js")) ? { version } : undefined;
  } catch {
    return undefined;
  }
}

function ancestors(start: string): string[] {
  const dirs: string[] = [];
  let dir = path.resolve(start);
  for (;;) {
    dirs.push(dir);
    const parent = path.dirname(dir);
    if (parent === dir) return dirs;
    dir = parent;
  }
}

/** Lists the solc builds visible from `root`, keyed by version (nearest first wins). */
export function findInstalledSolcBuilds(root: string): Map<string, InstalledSolc> {
  const builds = new Map<string, InstalledSolc>();
  for (const dir of ancestors(root)) {
    const nodeModules = path.join(dir, "node_modules");
    if (!existsSync(nodeModules)) continue;
    for (const entry of readdirSync(nodeModules).sort()) {
      if (!/^solc([-_@.].*)?$/.test(entry)) continue;
      const packageDir = path.join(nodeModules, entry);
      const pkg = readSolcPackage(packageDir);
      if (pkg === undefined || builds.has(pkg.version)) continue;
      builds.set(pkg.version, {
        version: pkg.version,
        soljsonPath: path.join(packageDir, "soljson.js"),
        installedAs: entry,
      });
    }
  }
  return builds;
}

/**
 * The `solc` dependency of the project's package.json when it is a range rather than an exact version
 * (`^0.8.28`, `~0.8.28`, `>=0.8.0`, `latest`): npm may then install another compiler than the configured one,
 * `npm update` above all. Undefined when it is exact, an alias, or absent.
 */
export function declaredSolcRange(root: string): string | undefined {
  let pkg: unknown;
  try {
    pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  } catch {
    return undefined;
  }
  if (typeof pkg !== "object" || pkg === null) return undefined;
  const { dependencies, devDependencies } = pkg as { dependencies?: unknown; devDependencies?: unknown };
  for (const deps of [devDependencies, dependencies]) {
    const spec = typeof deps === "object" && deps !== null ? (deps as Record<string, unknown>).solc : undefined;
    if (typeof spec === "string" && !/^=?\d+\.\d+\.\d+$/.test(spec.trim()) && !spec.startsWith("npm:")) return spec;
  }
  return undefined;
}

/**
 * The Solidity version of a compiler at `compilerPath` when it can be told without running a compiler: the
 * version of the solc npm package that holds a `soljson.js`. Undefined for anything else.
 */
export function solcPackageVersionOf(compilerPath: string): string | undefined {
  if (!compilerPath.endsWith(".js")) return undefined;
  return readSolcPackage(path.dirname(path.resolve(compilerPath)))?.version;
}
