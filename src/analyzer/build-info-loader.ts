/**
 * Loads build-infos from disk or memory and checks them before analysis. It accepts Hardhat 3 (input file +
 * `.output.json` sibling), Hardhat 2 and Foundry (`{input, output}` in one file) and any standard-JSON pair,
 * and turns every malformed input into a catalogued `AnalyzerError` naming the file and the fix, so nothing
 * downstream meets a half-valid object.
 */
import { existsSync, readFileSync } from "node:fs";
import { AnalyzerError } from "./errors.js";
import type { BuildInfo, SolcInputLike, SolcOutputLike } from "./build-info.js";

/** A build-info as given to `analyze`: a file path, or parsed JSON objects with an optional label. */
export type BuildInfoSource =
  | string
  | { file?: string; solcVersion?: string; input: unknown; output: unknown }
  | { inputFile: string; outputFile: string };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readJson(file: string): Json {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new AnalyzerError("UNREADABLE_FILE", { file, reason: (e as Error).message }, e);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new AnalyzerError("INVALID_JSON", { file, reason: (e as Error).message }, e);
  }
  if (!isObject(parsed)) throw new AnalyzerError("NOT_BUILD_INFO", { file, reason: "the top level is not an object" });
  return parsed;
}

function versionOf(json: Json): string | undefined {
  for (const key of ["solcVersion", "solc_version", "version"]) {
    const value = json[key];
    if (typeof value === "string" && /^\d+\.\d+\.\d+/.test(value)) return value.replace(/^(\d+\.\d+\.\d+).*$/, "$1");
  }
  return undefined;
}

function loadFromFile(file: string): BuildInfo {
  const json = readJson(file);
  if (file.endsWith(".output.json")) {
    const inputFile = file.replace(/\.output\.json$/, ".json");
    return fromObjects(file, readJson(inputFile), json.output, versionOf(readJson(inputFile)));
  }
  if (json.output !== undefined) return fromObjects(file, json.input, json.output, versionOf(json));
  if (json.input === undefined) {
    throw new AnalyzerError("NOT_BUILD_INFO", { file, reason: "it has neither `input` nor `output`" });
  }
  const outputFile = file.replace(/\.json$/, ".output.json");
  if (!existsSync(outputFile)) throw new AnalyzerError("MISSING_OUTPUT", { file, expected: outputFile });
  return fromObjects(file, json.input, readJson(outputFile).output, versionOf(json));
}

function checkVersion(file: string, version: string | undefined): void {
  if (version === undefined) return;
  const [major = 0, minor = 0, patch = 0] = version.split(".").map(Number);
  const tooOld = major === 0 && (minor < 5 || (minor === 5 && patch < 13));
  if (tooOld) throw new AnalyzerError("UNSUPPORTED_SOLC", { file, version });
}

function checkOutput(file: string, input: unknown, output: unknown): { input: SolcInputLike; output: SolcOutputLike } {
  if (!isObject(input) || !isObject(input.sources)) {
    throw new AnalyzerError("NOT_BUILD_INFO", { file, reason: "`input.sources` is missing" });
  }
  if (!isObject(output)) throw new AnalyzerError("NOT_BUILD_INFO", { file, reason: "`output` is not an object" });
  const errors = Array.isArray(output.errors) ? (output.errors as { severity?: string; message?: string }[]) : [];
  const fatal = errors.find((e) => e.severity === "error");
  if (fatal !== undefined) throw new AnalyzerError("SOLC_ERRORS", { file, reason: String(fatal.message) });
  if (!isObject(output.sources)) {
    throw new AnalyzerError("NOT_BUILD_INFO", { file, reason: "`output.sources` is missing" });
  }
  for (const [source, entry] of Object.entries(output.sources)) {
    if (!isObject(entry) || !isObject(entry.ast)) throw new AnalyzerError("MISSING_AST", { file, source });
    if (entry.ast.nodeType !== "SourceUnit") {
      throw new AnalyzerError("UNSUPPORTED_SOLC", { file, version: "older than 0.5.13 (legacy AST format)" });
    }
  }
  return { input: input as unknown as SolcInputLike, output: output as unknown as SolcOutputLike };
}

function fromObjects(file: string, input: unknown, output: unknown, solcVersion: string | undefined): BuildInfo {
  checkVersion(file, solcVersion);
  const checked = checkOutput(file, input, output);
  return { file, solcVersion, ...checked };
}

/**
 * Loads and checks one build-info.
 *
 * @param source a path (Hardhat 2/3, Foundry build-info, or a Hardhat 3 `.output.json`), a pair of standard-JSON
 *   files, or already-parsed `{input, output}` objects.
 * @throws AnalyzerError naming the file and the fix when the input is unreadable, truncated or not solc output.
 */
export function loadBuildInfo(source: BuildInfoSource): BuildInfo {
  if (typeof source === "string") return loadFromFile(source);
  if ("inputFile" in source) {
    const input = readJson(source.inputFile);
    const output = readJson(source.outputFile);
    return fromObjects(source.outputFile, input.input ?? input, output.output ?? output, versionOf(input));
  }
  const file = source.file ?? "<in-memory build-info>";
  return fromObjects(file, source.input, source.output, source.solcVersion);
}
