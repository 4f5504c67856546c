/**
 * Source texts of the analysed contracts' build-infos, by solc source name: the atomicity-break list reads the
 * lines around a cross-shard call (its text, and the checks after it) from the same build the static analysis
 * located the call in.
 */
import { readFile } from "node:fs/promises";

/** The build-info input files to read (the report's current build-infos). */
export interface SourceBuildInfo {
  readonly inputFile: string;
}

/** Source name → content over `buildInfos`, the first build-info naming a source winning. */
export async function readSourceTexts(buildInfos: readonly SourceBuildInfo[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const info of buildInfos) {
    let parsed: { input?: { sources?: Record<string, { content?: string }> } };
    try {
      parsed = JSON.parse(await readFile(info.inputFile, "utf8")) as typeof parsed;
    } catch {
      continue; // the static analysis reports unreadable build-infos; the sharding section just shows no lines
    }
    for (const [name, source] of Object.entries(parsed.input?.sources ?? {}))
      if (source.content !== undefined && !out.has(name)) out.set(name, source.content);
  }
  return out;
}
