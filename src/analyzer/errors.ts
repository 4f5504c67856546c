/**
 * The analyzer's catalog of user faults. Bad input (a file that is not a build-info, a truncated JSON, a solc
 * too old for the AST the analyzer reads, output without what the analysis needs) is thrown as an
 * `AnalyzerError` built from this table, so every message names the file and every error carries the fix.
 * Internal invariants stay plain `Error`s. Messages are filled by the shared engine (src/shared/error-catalog.ts).
 */
import { type CatalogEntry, type CatalogParams, CataloguedError } from "../shared/error-catalog.js";

/** Message and hint for each kind of analyzer input fault. */
export const ANALYZER_ERRORS = {
  UNREADABLE_FILE: {
    message: "Cannot read build-info {file}: {reason}",
    hint: "Check the path; build-infos live in artifacts/build-info/ (Hardhat) or out/build-info/ (Foundry).",
  },
  INVALID_JSON: {
    message: "{file} is not valid JSON ({reason}); the file is probably truncated.",
    hint: "Delete it and recompile (`npx hardhat compile --force` or `forge build --force`).",
  },
  NOT_BUILD_INFO: {
    message: "{file} is not a solc build-info or standard-JSON file: {reason}",
    hint: "Pass a Hardhat 2/3 or Foundry build-info, or a solc standard-JSON input with its output.",
  },
  MISSING_OUTPUT: {
    message: "{file} holds a solc input but no output; Hardhat 3 keeps the output in {expected}.",
    hint: "Keep the `.output.json` next to the build-info, or recompile to regenerate it.",
  },
  MISSING_AST: {
    message: "{file} has no AST for source {source}.",
    hint: 'Add `"": ["ast"]` to solc\'s outputSelection (Hardhat and Foundry request it by default) and recompile.',
  },
  UNSUPPORTED_SOLC: {
    message: "{file} was compiled with solc {version}; the analyzer reads the AST of solc 0.5.13 and later.",
    hint: "Compile with solc 0.5.13 or later; for older code, analyze the deployed bytecode (analyzeBytecode).",
  },
  SOLC_ERRORS: {
    message: "{file} records a failed compilation: {reason}",
    hint: "Fix the compilation errors and recompile before analyzing.",
  },
  UNKNOWN_ENTRY: {
    message: "No function {function} in contract {contract} of this analysis (contracts: {contracts}).",
    hint: "Name an analyzed contract (`Token` or `contracts/Token.sol:Token`) and one of its functions by name or signature.",
  },
  NO_INPUT: {
    message: "analyze() was called without any build-info.",
    hint: "Pass at least one build-info (a path or a parsed object).",
  },
} as const satisfies Record<string, CatalogEntry>;

/** The kinds of analyzer input fault. */
export type AnalyzerErrorKind = keyof typeof ANALYZER_ERRORS;

/** A catalogued analyzer input fault: `kind`, the filled message and a hint with the fix. */
export class AnalyzerError extends CataloguedError<AnalyzerErrorKind> {
  constructor(kind: AnalyzerErrorKind, params: CatalogParams = {}, cause?: unknown) {
    super("AnalyzerError", kind, ANALYZER_ERRORS[kind], params, cause);
  }
}
