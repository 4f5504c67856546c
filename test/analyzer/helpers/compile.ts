/**
 * Compiles analyzer fixtures offline with solc-js through standard JSON, the way Hardhat does, and caches the
 * standard-JSON input and output under `test/fixtures/analyzer/.cache/` (gitignored) keyed by a hash of the
 * input and compiler, so repeated test runs skip solc.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURES_DIR = path.resolve(here, "../../fixtures/analyzer");
export const CONTRACTS_DIR = path.join(FIXTURES_DIR, "contracts");
const CACHE_DIR = path.join(FIXTURES_DIR, ".cache");
const NODE_MODULES = path.resolve(here, "../../../node_modules");

/** npm package names of the installed solc builds, by version. */
export const SOLC_PACKAGES = {
  "0.8.28": "solc",
  "0.8.30": "solc-0.8.30",
  "0.7.6": "solc-0.7.6",
  "0.6.6": "solc-0.6.6",
  "0.5.16": "solc-0.5.16",
} as const;
export type SolcVersion = keyof typeof SOLC_PACKAGES;

interface SolcJs {
  compile(input: string, callbacks?: { import: (p: string) => { contents: string } | { error: string } }): string;
}

/** A standard-JSON input/output pair, as found in a build-info. */
export interface CompiledPair {
  solcVersion: string;
  input: StandardInput;
  output: Record<string, unknown>;
}

interface StandardInput {
  language: "Solidity";
  sources: Record<string, { content: string }>;
  settings: Record<string, unknown>;
}

function importer(found: Record<string, { content: string }>) {
  return (importPath: string): { contents: string } | { error: string } => {
    for (const base of [CONTRACTS_DIR, NODE_MODULES]) {
      const file = path.join(base, importPath);
      if (existsSync(file)) {
        const contents = readFileSync(file, "utf8");
        found[importPath] = { content: contents };
        return { contents };
      }
    }
    return { error: `not found: ${importPath}` };
  };
}

/** Settings as Hardhat 3 + hardhat-parallel request them (AST, storageLayout, bytecode, method ids). */
export function standardSettings(withLayout = true): Record<string, unknown> {
  const outputs = ["abi", "evm.bytecode.object", "evm.deployedBytecode.object", "evm.methodIdentifiers"];
  if (withLayout) outputs.push("storageLayout");
  return {
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { "*": { "*": outputs, "": ["ast"] } },
  };
}

/** Compiles the given sources (name → content) with one installed solc version; throws on compile errors. */
export function compileSources(
  version: SolcVersion,
  sources: Record<string, string>,
  settings: Record<string, unknown> = standardSettings(),
): CompiledPair {
  const input: StandardInput = {
    language: "Solidity",
    sources: Object.fromEntries(Object.entries(sources).map(([k, v]) => [k, { content: v }])),
    settings,
  };
  const text = JSON.stringify(input);
  const key = createHash("sha256").update(version).update(text).digest("hex").slice(0, 24);
  const cacheFile = path.join(CACHE_DIR, `${key}.json`);
  if (existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, "utf8")) as CompiledPair;
  const solc = require(SOLC_PACKAGES[version]) as SolcJs;
  const imported: Record<string, { content: string }> = {};
  const output = JSON.parse(solc.compile(text, { import: importer(imported) })) as Record<string, unknown>;
  const errors = (output.errors ?? []) as { severity: string; formattedMessage: string }[];
  const fatal = errors.filter((e) => e.severity === "error");
  if (fatal.length > 0) throw new Error(fatal.map((e) => e.formattedMessage).join("\n"));
  // Like a Hardhat build-info, the stored input lists every source, imports included.
  const pair: CompiledPair = {
    solcVersion: version,
    input: { ...input, sources: { ...input.sources, ...imported } },
    output,
  };
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(cacheFile, JSON.stringify(pair));
  return pair;
}

/** Compiles fixture files from test/fixtures/analyzer/contracts (their imports resolve there and in node_modules). */
export function compileFixtures(version: SolcVersion, files: string[], withLayout = true): CompiledPair {
  const sources = Object.fromEntries(files.map((f) => [f, readFileSync(path.join(CONTRACTS_DIR, f), "utf8")]));
  return compileSources(version, sources, standardSettings(withLayout));
}
