/**
 * The plugin's catalog of user faults (a missing or mismatched compiler, a project that is not ESM, a taken
 * network name), thrown as a `HardhatPluginError` built from an entry of this table with the shared engine
 * (src/shared/error-catalog.ts), so each message names the problem and carries a hint with the fix. The
 * report's faults live in src/report/errors.ts, the analyzer's in src/analyzer/errors.ts.
 */
import { HardhatPluginError } from "hardhat/plugins";

import { type CatalogEntry, type CatalogParams, catalogText } from "../shared/error-catalog.js";

/** The plugin id registered with Hardhat; errors and the plugin object share it. */
export const PLUGIN_ID = "hardhat-parallel";

/** Message and hint for each kind of user fault. */
export const ERRORS = {
  SOLC_NOT_INSTALLED: {
    message:
      "No local solc build for Solidity {version} (used by {where}). hardhat-parallel compiles offline from the `solc` npm package; found: {found}.",
    hint: 'Install it with `{command}`, then run the command again (or set `parallel.solc: "hardhat"` to let Hardhat download its own compiler).',
  },
  SOLC_RANGE_DRIFTED: {
    message:
      'No local solc build for Solidity {version} (used by {where}); found: {found}. package.json asks for solc "{range}", a range, so npm (`npm update` above all) installed another version than the one hardhat.config.ts compiles with.',
    hint: 'Pin the exact version: `npm install --save-dev --save-exact solc@{version}` (package.json then says "solc": "{version}"). Or set `parallel.solc: "hardhat"` to let Hardhat download its own compiler.',
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
  PORT_UNAVAILABLE: {
    message: "parallel-node cannot listen on {hostname}:{port}: {problem}.",
    hint: "Stop the process using that port (another `hardhat node`?), or pick another one with `--port <number>`.",
  },
  NODE_ADDRESS_INVALID: {
    message: "parallel-node cannot listen on {hostname}:{port}: {problem}.",
    hint: "Pass a port from 0 to 65535 with `--port <number>` (0: any free port) and a local host name or IP address with `--hostname` (default 127.0.0.1; 0.0.0.0 for every interface).",
  },
  SETTINGS_NETWORK_INVALID: {
    message:
      "parallel.settingsFrom names networks.{name}, which {problem}; the parallel network takes its settings from a Hardhat simulated network.",
    hint: 'Point parallel.settingsFrom at a network with `type: "edr-simulated"` (the default is "default").',
  },
  UNSUPPORTED_NETWORK_HARDFORK: {
    message:
      'The parallel network cannot run hardfork "{hardfork}" (from networks.{networkName}.hardfork); it runs london, arrowGlacier, grayGlacier, merge, shanghai, cancun, prague and osaka.',
    hint: 'Set parallel.hardfork to one of "london", "arrowGlacier", "grayGlacier", "merge", "shanghai", "cancun", "prague", "osaka", or change networks.{networkName}.hardfork.',
  },
  OP_CHAIN_UNSUPPORTED: {
    message:
      'networks.{networkName} simulates an OP Stack chain (chainType "{chainType}"), and the parallel network runs L1 rules only: no L1 data fee, no OP deposit transactions or receipts, no OP predeploys.',
    hint: 'Use chainType "l1" (or leave it out) on networks.{networkName}, or point parallel.settingsFrom at an L1 simulated network.',
  },
  FORKING_UNSUPPORTED: {
    message: "networks.{networkName} forks a live chain, and the parallel network does not fork.",
    hint: "Use another network for parallel.settingsFrom, or turn forking off (forking.enabled: false) for it.",
  },
} as const satisfies Record<string, CatalogEntry>;

/** The kinds of user fault in the catalog. */
export type ErrorKind = keyof typeof ERRORS;

/** Builds the `HardhatPluginError` for a catalogued fault: message, a blank line, then the hint. */
export function pluginError(kind: ErrorKind, params: CatalogParams = {}, cause?: Error): HardhatPluginError {
  return new HardhatPluginError(PLUGIN_ID, catalogText(ERRORS[kind], params).text, cause);
}
