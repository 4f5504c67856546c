import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { expect } from "chai";

import { REPO_ROOT } from "../helpers/fixtures.js";

/** Resolve hook that reports every module URL to the main thread; "flush" is answered after all of them. */
const HOOKS = `
let port;
export async function initialize(data) {
  port = data.port;
  port.on("message", () => port.postMessage("flushed"));
}
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  port.postMessage(result.url);
  return result;
}`;

/** The URLs of every module loaded by importing `entries` one after another, in a fresh Node process. */
function modulesLoadedBy(...entries: string[]): string[] {
  const script = `
import { register } from "node:module";
import { MessageChannel } from "node:worker_threads";
const { port1, port2 } = new MessageChannel();
const urls = [];
const flushed = new Promise((done) => port1.on("message", (m) => (m === "flushed" ? done() : urls.push(m))));
register("data:text/javascript,${encodeURIComponent(HOOKS)}", { data: { port: port2 }, transferList: [port2] });
for (const entry of ${JSON.stringify(entries)}) await import(entry);
port1.postMessage("flush");
await flushed;
port1.close();
console.log(JSON.stringify(urls));`;
  const r = spawnSync(process.execPath, ["--import", "tsx/esm", "--input-type=module", "-e", script], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`the import failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() ?? "[]") as string[];
}

const source = (file: string): string => pathToFileURL(path.join(REPO_ROOT, "src", file)).href;
const isAnalyzer = (url: string): boolean => url.includes("/src/analyzer/");
const isKeccakWasm = (url: string): boolean => url.includes("/hash-wasm/") || url.includes("/runtime/crypto/keccak");

describe("plugin: a lazy manifest", function () {
  this.timeout(60_000);

  it("importing the plugin loads neither the analyzer nor the keccak wasm", () => {
    const loaded = modulesLoadedBy(source("index.ts"));
    expect(loaded.some((u) => u.includes("/src/index.ts"))).to.equal(true);
    expect(loaded.filter(isAnalyzer)).to.deep.equal([]);
    expect(loaded.filter(isKeccakWasm)).to.deep.equal([]);
    expect(loaded.filter((u) => u.includes("/src/runtime/"))).to.deep.equal([]);
  });

  it("sees the analyzer and the runtime's keccak when they are imported (the check above can fail)", () => {
    const loaded = modulesLoadedBy(source("index.ts"), source("analyzer/index.ts"), source("runtime/crypto/keccak.ts"));
    expect(loaded.filter(isAnalyzer)).to.not.deep.equal([]);
    expect(loaded.filter(isKeccakWasm)).to.not.deep.equal([]);
  });

  it("still exports analyze and checkSoundness, loading the analyzer on the first call", async () => {
    const plugin = await import("../../src/index.js");
    expect(() => plugin.analyze([])).to.throw("analyze() was called without any build-info");
    const report = plugin.checkSoundness({
      result: { schemaVersion: 1, compiler: [], contracts: [] } as never,
      deployments: {},
      transactions: [],
    });
    expect(report).to.deep.equal({ transactions: 0, checked: 0, unverified: 0, misses: [] });
  });
});

describe("plugin: the analyzer subpath export", () => {
  it("maps hardhat-parallel/analyzer to the analyzer's entry point", async () => {
    const pkg = JSON.parse(await readFile(path.join(REPO_ROOT, "package.json"), "utf8")) as {
      exports: Record<string, { types: string; default: string }>;
    };
    expect(pkg.exports["./analyzer"]).to.deep.equal({
      types: "./dist/src/analyzer/index.d.ts",
      default: "./dist/src/analyzer/index.js",
    });
  });
});
