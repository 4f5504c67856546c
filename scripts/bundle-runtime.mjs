/**
 * Builds the single-file runtime that test connections load (`dist/bundle/`): the network factory and the
 * lane worker, each with @ethereumjs, ethers and our runtime modules in one ESM file; and the single-file
 * `parallel-report` task (the report pipeline with the runtime and the analyzer; Hardhat itself stays outside). Loading the runtime from
 * its ~600 separate modules costs Node's module loader 0.5–2 s per process (resolution and linking, measured
 * on this project's machine), paid by every `hardhat test --network parallel` run and every worker thread; one
 * file costs a fraction of it. Run after `tsc` (it bundles `dist/src`), by `npm run build`.
 *
 * Left outside the bundle: packages that find files next to themselves at run time (tiny-secp256k1's
 * WebAssembly, secp256k1's prebuilt native binaries, piscina's worker script) and `ws`, which test connections
 * never use.
 */
import { build } from "esbuild";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const outdir = path.join(dist, "bundle");
const entries = {
  "parallel-network": path.join(dist, "src/runtime/network/parallel-network.js"),
  "worker-entry": path.join(dist, "src/runtime/parallel/lanes/worker-entry.js"),
  "parallel-report": path.join(dist, "src/tasks/parallel-report/report-task.js"),
  // The report's second recording thread (src/report/record/record-concurrently.ts), found next to the report.
  "workload-thread": path.join(dist, "src/report/record/workload-thread.js"),
  // The report's analysis thread (src/report/assemble/analysis-client.ts), found next to the report.
  "analysis-thread": path.join(dist, "src/report/assemble/analysis-thread.js"),
};
for (const file of Object.values(entries))
  if (!existsSync(file)) throw new Error(`bundle-runtime: ${path.relative(root, file)} is missing: run tsc first`);

// The interpreter module @ethereumjs/evm does not export, statically imported so the bundle patches its own copy.
const evmEntry = createRequire(path.join(root, "package.json")).resolve("@ethereumjs/evm");
const interpreter = path.join(path.dirname(evmEntry), "..", "esm", "interpreter.js");
if (!existsSync(interpreter))
  throw new Error(`bundle-runtime: ${interpreter} not found (@ethereumjs/evm layout changed)`);

const evmInternals = {
  name: "evm-internals",
  setup(b) {
    b.onResolve({ filter: /evm-internals\.js$/ }, () => ({ path: "evm-internals", namespace: "evm-internals" }));
    b.onLoad({ filter: /.*/, namespace: "evm-internals" }, () => ({
      contents:
        `import * as interpreter from ${JSON.stringify(interpreter)};\n` +
        "export async function loadInterpreterModule() { return interpreter; }\n",
      resolveDir: root,
    }));
  },
};

// The report's one dynamic import (a project's workload files) stays in its own module beside the bundle: under
// Hardhat, tsx rewrites every module containing a dynamic import(), which costs ~1 s for a multi-megabyte bundle.
const workloadImport = "src/report/workloads/import-workload-file.js";
const outsideBundle = {
  name: "outside-bundle",
  setup(b) {
    b.onResolve({ filter: /import-workload-file\.js$/ }, () => ({
      path: path.relative(outdir, path.join(dist, workloadImport)).split(path.sep).join("/"),
      external: true,
    }));
  },
};

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: entries,
  outdir,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["tiny-secp256k1", "secp256k1", "piscina", "ws", "hardhat", "hardhat/*"],
  plugins: [evmInternals, outsideBundle],
  // CommonJS dependencies inside an ESM bundle need `require`.
  banner: {
    js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
  },
  legalComments: "linked",
  logLevel: "warning",
});
