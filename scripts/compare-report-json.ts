/**
 * Compares two `parallel-report` JSON files, ignoring what depends on the machine's speed: the top-level
 * `timing` block and the wall-clock fields of each workload's `measured` block (`parallelMs`, `sequentialMs`,
 * `speedup`). Everything else — simulated speedups, hotspots, contracts, soundness — must be identical.
 *
 * `node --import tsx/esm scripts/compare-report-json.ts before.json after.json` prints each difference by
 * its JSON path and exits 1 if there is any, 0 otherwise.
 */
import { readFileSync } from "node:fs";

/** Paths (with array indices replaced by `[]`) whose values are timings. */
const TIMING_PATHS = new Set([
  "timing",
  "workloads[].measured.parallelMs",
  "workloads[].measured.sequentialMs",
  "workloads[].measured.speedup",
  "testProfile.measured.parallelMs",
  "testProfile.measured.sequentialMs",
  "testProfile.measured.speedup",
  "workloads[].sharding.measured",
]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function show(value: Json | undefined): string {
  const text = value === undefined ? "(missing)" : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Every difference between `a` and `b` below `path`, as "path: a -> b" lines. */
function reportDifferences(a: Json | undefined, b: Json | undefined, path = "", shape = ""): string[] {
  if (TIMING_PATHS.has(shape)) return [];
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: string[] = a.length === b.length ? [] : [`${path}: length ${a.length} -> ${b.length}`];
    for (let i = 0; i < Math.min(a.length, b.length); i++)
      out.push(...reportDifferences(a[i], b[i], `${path}[${i}]`, `${shape}[]`));
    return out;
  }
  if (a !== undefined && b !== undefined && isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) =>
      reportDifferences(a[k], b[k], path === "" ? k : `${path}.${k}`, shape === "" ? k : `${shape}.${k}`),
    );
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [`${path}: ${show(a)} -> ${show(b)}`];
}

function main(argv: readonly string[]): number {
  const [before, after] = argv;
  if (before === undefined || after === undefined) {
    console.error("usage: compare-report-json.ts <before.json> <after.json>");
    return 2;
  }
  const read = (file: string): Json => JSON.parse(readFileSync(file, "utf8")) as Json;
  const differences = reportDifferences(read(before), read(after));
  for (const line of differences) console.log(line);
  console.log(
    differences.length === 0 ? "identical (timings aside)" : `${differences.length} difference(s) besides timings`,
  );
  return differences.length === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
