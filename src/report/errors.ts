/**
 * The report's catalog of user faults: a missing or malformed baseline, an unknown workload, a workload file
 * that does not export a workload, a workload that fails, a contract missing from the artifacts, an unknown
 * output format. Each is thrown as a {@link ReportError}; the `parallel-report` task turns it into a Hardhat
 * plugin error with the same text.
 */
import { type CatalogEntry, type CatalogParams, CataloguedError } from "../shared/error-catalog.js";

/** Message and hint for each kind of report fault. */
export const REPORT_ERRORS = {
  BASELINE_MISSING: {
    message: "No parallel baseline at {path}; `parallel-report --check` compares against it.",
    hint: "Create it with `npx hardhat parallel-report --update-baseline` and commit it.",
  },
  BASELINE_INVALID: {
    message: "The parallel baseline {path} is not valid: {problem}.",
    hint: "Regenerate it with `npx hardhat parallel-report --update-baseline` (or restore it from version control).",
  },
  BASELINE_UNWRITABLE: {
    message: "Cannot write the parallel baseline {path}: {problem}.",
    hint: "Set parallel.baseline in hardhat.config.ts to a file in an existing, writable folder (default: parallel-baseline.json).",
  },
  UNKNOWN_WORKLOAD: {
    message: 'No workload named "{name}". Known workloads: {known}.',
    hint: "Pass one of the names above to --workload, or define it in parallel.workloads or parallel/workloads/.",
  },
  CHECK_AND_UPDATE: {
    message:
      "--check and --update-baseline cannot be used together: the check would compare the run with the baseline it is about to replace.",
    hint: "Run `npx hardhat parallel-report --check` to gate, or `npx hardhat parallel-report --update-baseline` to accept the current state.",
  },
  WORKLOAD_PARAMS_INVALID: {
    message: "The workload file {file} has invalid params: {problem}.",
    hint: "Fix `params` in that file: accounts, transactions and blockSize are positive integers, hotRatio a number in [0, 1], zipf in [0, 10], seed an integer >= 0.",
  },
  WORKLOAD_FILE_INVALID: {
    message: "The workload file {file} does not default-export a workload: {problem}.",
    hint: "Export `defineWorkload({ name, setup, next })` as the default export (see the README).",
  },
  WORKLOAD_FILE_THREW: {
    message: "The workload file {file} threw while loading{at}: {problem}",
    hint: "Fix the error in that file (it runs when parallel-report imports it); a workload file only defines its workload with `export default defineWorkload({...})`.",
  },
  WORKLOAD_FAILED: {
    message: 'Workload "{name}" failed during {phase}: {problem}',
    hint: "{hint}",
  },
  ARTIFACT_MISSING: {
    message:
      'Contract "{contract}" (used by workload "{workload}") is not among the compiled artifacts; the compiled contracts are: {known}.',
    hint: "Use one of those names in the workload (its `deploy`/`at` calls in parallel/workloads/, or its options in parallel.workloads), and compile the project (drop --no-compile).",
  },
  ARTIFACT_AMBIGUOUS: {
    message:
      'Contract "{contract}" (used by workload "{workload}") is ambiguous: the project has several contracts of that name: {candidates}.',
    hint: 'Name the one you mean by its fully qualified name in the workload, e.g. `api.deploy("{first}")` in parallel/workloads/ (or in its options in parallel.workloads).',
  },
  NO_BUILD: {
    message: "--no-compile found no build of {files}: the project was never compiled, or was cleaned since.",
    hint: "Drop --no-compile (the report then compiles first), or run `npx hardhat build` before using --no-compile.",
  },
  STALE_BUILD: {
    message:
      "The compiled artifacts do not match the sources: {files} since the last build, so the report would describe code that no longer exists.",
    hint: "Drop --no-compile (the report then compiles first), or run `npx hardhat build` before using --no-compile.",
  },
  BUILD_INFO_OUTPUT_MISSING: {
    message:
      "The build-info {file} has no solc output next to it ({expected} is missing), so its contracts cannot be analysed.",
    hint: "Recompile with `npx hardhat build --force` (or `npx hardhat clean` first) to regenerate the build-info pair.",
  },
  STORAGE_LAYOUT_MISSING: {
    message:
      "The build-infos in {dir} have no storageLayout for {contracts}, so their storage could only be guessed from bytecode.",
    hint: 'Recompile with the plugin loaded (`npx hardhat build --force`): it adds storageLayout to solc\'s output selection. If another tool wrote these artifacts, add "storageLayout" to its outputSelection.',
  },
  OUTPUT_UNWRITABLE: {
    message: "Cannot write the report to {path}: {problem}.",
    hint: "Pass --out a directory you can write to (it is created when missing), e.g. `--out parallel-report`.",
  },
  PROFILE_UNSUPPORTED: {
    message:
      "The test-run profile {file} starts with {format}, a format this version of hardhat-parallel does not read.",
    hint: "Delete the profile folder and run the tests on the parallel network again to record a new profile.",
  },
  BAD_FORMAT: {
    message: "Unknown report format(s) {formats} in --format.",
    hint: "Use a comma-separated list of: {known} (or `all`; `md` for markdown).",
  },
  NO_FORMAT: {
    message: "--format names no format, so the report would be neither printed nor written.",
    hint: "Use a comma-separated list of: {known} (or leave --format out for parallel.report.formats).",
  },
} as const satisfies Record<string, CatalogEntry>;

/** The kinds of report fault. */
export type ReportErrorKind = keyof typeof REPORT_ERRORS;

/** A catalogued report fault. */
export class ReportError extends CataloguedError<ReportErrorKind> {
  /** The catalog entry's parameters (a workload thread sends them to the main thread, which throws it again). */
  readonly params: CatalogParams;

  constructor(kind: ReportErrorKind, params: CatalogParams = {}, cause?: unknown) {
    super("ReportError", kind, REPORT_ERRORS[kind], params, cause);
    this.params = params;
  }
}

/** An error crossing threads: a catalogued report fault by kind and parameters, else its message. */
export interface RelayedError {
  readonly kind?: ReportErrorKind;
  readonly params?: CatalogParams;
  readonly message: string;
}

/** `error` as it crosses threads. */
export function relayError(error: unknown): RelayedError {
  if (error instanceof ReportError) return { kind: error.kind, params: error.params, message: error.message };
  return { message: error instanceof Error ? error.message : String(error) };
}

/** A relayed error as an error of this thread (a catalogued fault again when it was one). */
export function unrelayError(error: RelayedError): Error {
  return error.kind === undefined ? new Error(error.message) : new ReportError(error.kind, error.params);
}
