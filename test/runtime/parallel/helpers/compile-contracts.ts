/**
 * Compiles the fuzzer's contracts with solc-js (the installed 0.8.28) once, caching the output in
 * test/runtime/parallel/cache/ (gitignored) keyed by the source's hash.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const SOURCE = path.join(here, "FuzzContracts.sol");
const CACHE = path.join(here, "..", "cache");

/** Contract name → creation bytecode (0x hex) and ABI. */
export type CompiledContracts = Record<string, { bytecode: string; abi: unknown[] }>;

interface SolcOutput {
  errors?: Array<{ severity: string; formattedMessage: string }>;
  contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
}

/** The compiled fuzz contracts. */
export function compileFuzzContracts(): CompiledContracts {
  const source = readFileSync(SOURCE, "utf8");
  const hash = createHash("sha256").update(source).digest("hex").slice(0, 16);
  const cached = path.join(CACHE, `fuzz-contracts-${hash}.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, "utf8")) as CompiledContracts;
  const solc = createRequire(import.meta.url)("solc") as { compile(input: string): string };
  const input = {
    language: "Solidity",
    sources: { "FuzzContracts.sol": { content: source } },
    settings: {
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
  const out: CompiledContracts = {};
  for (const [name, c] of Object.entries(output.contracts["FuzzContracts.sol"] ?? {})) {
    out[name] = { bytecode: `0x${c.evm.bytecode.object}`, abi: c.abi };
  }
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(cached, JSON.stringify(out));
  return out;
}
