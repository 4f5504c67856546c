/**
 * The one catalog of user-facing faults of hardhat-parallel. Every fault a user can cause (bad config, a
 * missing compiler, a corrupt artifact, a malformed baseline...) is thrown as a `HardhatPluginError` built
 * from an entry of this table, so each message names the problem and carries a hint with the fix.
 */
import { HardhatPluginError } from "hardhat/plugins";

/** The plugin id registered with Hardhat; errors and the plugin object share it. */
export const PLUGIN_ID = "hardhat-parallel";

interface ErrorEntry {
  /** Message template; `{name}` placeholders are filled from the params. */
  readonly message: string;
  /** What the user should do about it. */
  readonly hint: string;
}

/** Message and hint for each kind of user fault. */
export const ERRORS = {
  INVALID_CONFIG: {
    message: "Invalid hardhat-parallel config:\n{details}",
    hint: "Fix the fields listed above in the `parallel` section of hardhat.config.ts (see the README's configuration reference).",
  },
  SOLC_NOT_INSTALLED: {
    message:
      "No local solc build for Solidity {version} (used by {where}). hardhat-parallel compiles offline from the `solc` npm package; found: {found}.",
    hint: "Install it with `{command}`, then run the command again.",
  },
  SOLC_VERSION_MISMATCH: {
    message: "{where} asks for Solidity {version} but its `path` points to a solc build of version {actual} ({path}).",
    hint: "Point `path` at a build of {version} (for example `{command}`), or change `version` to {actual}.",
  },
  PROJECT_NOT_ESM: {
    message: 'The Hardhat project at {root} is not an ES module project (package.json has no `"type": "module"`).',
    hint: 'Add `"type": "module"` to {root}/package.json; Hardhat 3 projects must be ESM.',
  },
  NETWORK_NAME_TAKEN: {
    message:
      "networks.{name} is already defined in hardhat.config.ts, but hardhat-parallel registers that network itself.",
    hint: "Remove networks.{name}, or set parallel.networkName to another name.",
  },
  BASELINE_MISSING: {
    message: "No parallel baseline at {path}; `parallel-report --check` compares against it.",
    hint: "Create it with `npx hardhat parallel-report --update-baseline` and commit it.",
  },
  BASELINE_INVALID: {
    message: "The parallel baseline {path} is not valid: {problem}.",
    hint: "Regenerate it with `npx hardhat parallel-report --update-baseline` (or restore it from version control).",
  },
  UNKNOWN_WORKLOAD: {
    message: 'No workload named "{name}". Known workloads: {known}.',
    hint: "Pass one of the names above to --workload, or define it in parallel.workloads or parallel/workloads/.",
  },
  NO_WORKLOADS: {
    message: "No workloads to run: parallel.workloads is empty and {dir} has no workload files.",
    hint: "Add workloads to parallel.workloads in hardhat.config.ts (see the README) or run `npx hardhat parallel-init`.",
  },
  WORKLOAD_FILE_INVALID: {
    message: "The workload file {file} does not default-export a workload: {problem}.",
    hint: "Export `defineWorkload({ name, setup, next })` as the default export (see the README).",
  },
  WORKLOAD_FAILED: {
    message: 'Workload "{name}" failed during {phase}: {problem}',
    hint: "{hint}",
  },
  ARTIFACT_MISSING: {
    message: 'Contract "{contract}" (used by workload "{workload}") is not among the compiled artifacts.',
    hint: "Check the contract name in the workload's options, and compile the project (drop --no-compile).",
  },
  BAD_FORMAT: {
    message: "Unknown report format(s) {formats} in --format.",
    hint: "Use a comma-separated list of: terminal, json, markdown, html, sarif.",
  },
  NOT_IMPLEMENTED: {
    message: "{feature} is not available in this version of hardhat-parallel.",
    hint: "{alternative}",
  },
} as const satisfies Record<string, ErrorEntry>;

/** The kinds of user fault in the catalog. */
export type ErrorKind = keyof typeof ERRORS;

function fill(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = params[key];
    return value === undefined ? whole : String(value);
  });
}

/** Builds the `HardhatPluginError` for a catalogued fault: message, a blank line, then the hint. */
export function pluginError(
  kind: ErrorKind,
  params: Readonly<Record<string, string | number>> = {},
  cause?: Error,
): HardhatPluginError {
  const entry: ErrorEntry = ERRORS[kind];
  const text = `${fill(entry.message, params)}\n\nHint: ${fill(entry.hint, params)}`;
  return new HardhatPluginError(PLUGIN_ID, text, cause);
}
