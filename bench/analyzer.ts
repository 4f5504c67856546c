/**
 * Benchmark of the storage-slot conflict analyzer: compiles all of OpenZeppelin Contracts 5.x from
 * node_modules once (cached under bench/.cache/, gitignored), then times `analyze` on that build-info over
 * several rounds (compile excluded) and prints `{name, rounds, medianMs, ...}`; also writes
 * bench/results/analyzer.json. Run: `node --import tsx/esm bench/analyzer.ts`.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { analyze } from "../src/analyzer/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const ozRoot = path.resolve(here, "../node_modules/@openzeppelin/contracts");
const cacheFile = path.join(here, ".cache", "openzeppelin-build-info.json");
const ROUNDS = Number(process.env.ROUNDS ?? 5);

function solFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === "mocks" ? [] : solFiles(full);
    return entry.endsWith(".sol") ? [full] : [];
  });
}

function compileOpenZeppelin(): { input: unknown; output: unknown; solcVersion: string } {
  if (existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, "utf8")) as never;
  const require = createRequire(import.meta.url);
  const solc = require(process.env.SOLC ?? "solc-0.8.30") as {
    compile(input: string, cb: object): string;
    version(): string;
  };
  const sources = Object.fromEntries(
    solFiles(ozRoot).map((f) => [
      `@openzeppelin/contracts/${path.relative(ozRoot, f)}`,
      { content: readFileSync(f, "utf8") },
    ]),
  );
  // No bytecode: solc-js hits "stack too deep" (legacy codegen) in several OpenZeppelin files and wasm
  // compiles of all of OpenZeppelin with codegen take minutes; the AST analysis needs AST + storageLayout.
  const withBytecode = ["abi", "evm.methodIdentifiers", "storageLayout"];
  const selection: Record<string, Record<string, string[]>> = { "*": { "*": withBytecode, "": ["ast"] } };
  const input = {
    language: "Solidity",
    sources,
    // solc-js (wasm) runs out of memory optimizing all of OpenZeppelin at once; the analysis needs no optimizer.
    settings: { optimizer: { enabled: false }, evmVersion: "cancun", outputSelection: selection },
  };
  const started = performance.now();
  let output: { errors?: { severity: string; formattedMessage: string; sourceLocation?: { file: string } }[] } = {};
  for (let attempt = 0; attempt < 40; attempt++) {
    output = JSON.parse(
      solc.compile(JSON.stringify(input), { import: () => ({ error: "not found" }) }),
    ) as typeof output;
    const errors = (output.errors ?? []).filter((e) => e.severity === "error");
    if (errors.length === 0) break;
    // Files whose code generation hits "stack too deep" without via-IR keep AST and layout, without bytecode.
    const deep = errors.filter((e) => /Stack too deep/.test(e.formattedMessage) && e.sourceLocation);
    if (deep.length < errors.length) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
    console.error(`without bytecode: ${deep.map((e) => e.sourceLocation?.file).join(", ")}`);
    for (const e of deep)
      selection[e.sourceLocation?.file ?? ""] = { "*": ["abi", "evm.methodIdentifiers", "storageLayout"], "": ["ast"] };
  }
  console.error(
    `compiled ${Object.keys(sources).length} OpenZeppelin sources in ${Math.round(performance.now() - started)} ms`,
  );
  const pair = { solcVersion: solc.version().split("+")[0] ?? "0.8.28", input, output };
  mkdirSync(path.dirname(cacheFile), { recursive: true });
  writeFileSync(cacheFile, JSON.stringify(pair));
  return pair;
}

const pair = compileOpenZeppelin();
const times: number[] = [];
const cpuTimes: number[] = [];
let last: ReturnType<typeof analyze> | undefined;
for (let i = 0; i < ROUNDS; i++) {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  last = analyze({
    file: "openzeppelin-contracts",
    input: pair.input,
    output: pair.output,
    solcVersion: pair.solcVersion,
  });
  times.push(performance.now() - started);
  const cpu = process.cpuUsage(cpuBefore);
  cpuTimes.push((cpu.user + cpu.system) / 1000);
}
// CPU time (all threads of the process, GC included) is what a shared machine distorts least.
const cpuMedian = [...cpuTimes].sort((a, b) => a - b)[Math.floor(cpuTimes.length / 2)] ?? NaN;
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
const contracts = last?.contracts ?? [];
const result = {
  name: "analyzer: analyze(OpenZeppelin Contracts 5.x build-info)",
  rounds: ROUNDS,
  medianMs: Math.round(median * 10) / 10,
  minMs: Math.round((sorted[0] ?? NaN) * 10) / 10,
  maxMs: Math.round((sorted[sorted.length - 1] ?? NaN) * 10) / 10,
  cpuMedianMs: Math.round(cpuMedian * 10) / 10,
  goalMs: 1500,
  withinGoal: median <= 1500,
  sources: Object.keys((pair.input as { sources: object }).sources).length,
  contracts: contracts.length,
  functions: contracts.reduce((n, c) => n + c.functions.length, 0),
  pairs: contracts.reduce((n, c) => n + c.matrix.pairs.length, 0),
  node: process.version,
};
mkdirSync(path.join(here, "results"), { recursive: true });
writeFileSync(path.join(here, "results", "analyzer.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result));
