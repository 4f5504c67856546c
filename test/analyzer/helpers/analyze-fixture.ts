/**
 * Test helpers: analyze compiled fixtures and look up a contract, function or pair in the result.
 */
import { analyze } from "../../../src/analyzer/index.js";
import type { AnalysisResult, ContractJson, FunctionJson, PairConflict } from "../../../src/analyzer/index.js";
import { type SolcVersion, compileFixtures } from "./compile.js";

/** Compiles fixture files and analyzes them as one build-info. */
export function analyzeFixtures(version: SolcVersion, files: string[], withLayout = true): AnalysisResult {
  const pair = compileFixtures(version, files, withLayout);
  return analyze({
    file: `fixtures:${files.join(",")}`,
    input: pair.input,
    output: pair.output,
    solcVersion: pair.solcVersion,
  });
}

/** The analysis of one contract by name. */
export function contractOf(result: AnalysisResult, name: string): ContractJson {
  const found = result.contracts.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no contract ${name} in ${result.contracts.map((c) => c.name).join(", ")}`);
  return found;
}

/** A function summary by name (or full signature). */
export function fnOf(contract: ContractJson, name: string): FunctionJson {
  const found = contract.functions.find((f) => f.signature === name || f.name === name);
  if (found === undefined) throw new Error(`no function ${name} in ${contract.name}`);
  return found;
}

/** The pair of two functions (by name or signature), in either order. */
export function pairOf(contract: ContractJson, a: string, b: string): PairConflict {
  const sa = fnOf(contract, a).signature;
  const sb = fnOf(contract, b).signature;
  const found = contract.matrix.pairs.find((p) => (p.a === sa && p.b === sb) || (p.a === sb && p.b === sa));
  if (found === undefined) throw new Error(`no pair ${a} × ${b} in ${contract.name}`);
  return found;
}

/** Texts of a function's reads or writes, commutative ones suffixed with `(+)`. */
export function texts(fn: FunctionJson, mode: "reads" | "writes"): string[] {
  return fn[mode].map((a) => `${a.location.text}${a.commutative ? "(+)" : ""}`).sort();
}
