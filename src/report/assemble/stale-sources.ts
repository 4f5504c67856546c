/**
 * Whether the compiled artifacts still describe the sources. With `--no-compile` the report reads whatever
 * the last build left: a contract edited since would be analysed, simulated and gated as it was, and
 * `--check` would pass or fail on code that no longer exists. So a run that skips compiling first compares
 * every project source the current build-infos hold with the file on disk, and looks for contract sources
 * no build has seen; any difference stops the run with the files named and the fix.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import { ReportError } from "../errors.js";

import { isTestSource, plainSourceName, type CurrentBuildInfo, type TestSourceRule } from "./current-build-infos.js";

/** Where to look for sources no build has seen. */
export interface FreshnessCheck {
  /** Project root: source names are relative to it. */
  readonly root: string;
  /** The Solidity sources folders (absolute). */
  readonly sourcesDirs: readonly string[];
}

async function compiledSources(buildInfos: readonly CurrentBuildInfo[]): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  for (const info of buildInfos) {
    let input: { input?: { sources?: Record<string, { content?: unknown }> } };
    try {
      input = JSON.parse(await readFile(info.inputFile, "utf8")) as typeof input;
    } catch {
      continue; // an unreadable build-info is the analyzer's to name (BUILD_INFO_INVALID)
    }
    for (const [name, source] of Object.entries(input.input?.sources ?? {}))
      if (name.startsWith("project/") && typeof source.content === "string")
        sources.set(plainSourceName(name), source.content);
  }
  return sources;
}

async function solidityFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.filter((e) => e.isDirectory()).map((e) => solidityFiles(path.join(dir, e.name))),
  );
  return [
    ...entries.filter((e) => e.isFile() && e.name.endsWith(".sol")).map((e) => path.join(dir, e.name)),
    ...nested.flat(),
  ];
}

const DECLARES_CONTRACT = /^\s*(abstract\s+contract|contract|library|interface)\s+\w+/m;

/** Source names that changed, vanished or were never compiled since the last build. */
export async function staleSources(
  buildInfos: readonly CurrentBuildInfo[],
  check: FreshnessCheck,
  rule: TestSourceRule,
): Promise<string[]> {
  const compiled = await compiledSources(buildInfos);
  const stale: string[] = [];
  for (const [name, content] of compiled) {
    const now = await readFile(path.join(check.root, name), "utf8").catch(() => undefined);
    if (now === undefined) stale.push(`${name} (deleted)`);
    else if (now !== content) stale.push(`${name} (changed)`);
  }
  for (const dir of check.sourcesDirs)
    for (const file of await solidityFiles(dir)) {
      const name = path.relative(check.root, file).split(path.sep).join("/");
      if (compiled.has(name) || isTestSource(name, rule)) continue;
      if (DECLARES_CONTRACT.test(await readFile(file, "utf8"))) stale.push(`${name} (not compiled)`);
    }
  return stale.sort();
}

/** Stops the run when the artifacts do not describe the sources (see the module's header). */
export async function assertFreshBuild(
  buildInfos: readonly CurrentBuildInfo[],
  check: FreshnessCheck,
  rule: TestSourceRule,
): Promise<void> {
  const stale = await staleSources(buildInfos, check, rule);
  if (stale.length === 0) return;
  const shown = stale.slice(0, 5).join(", ");
  const more = stale.length > 5 ? ` and ${stale.length - 5} more` : "";
  if (buildInfos.length === 0)
    throw new ReportError("NO_BUILD", { files: `${shown.replaceAll(" (not compiled)", "")}${more}` });
  throw new ReportError("STALE_BUILD", { files: `${shown}${more}` });
}
