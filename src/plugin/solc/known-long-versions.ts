/**
 * Hardhat asks a compiler for its long version (`0.8.28+commit.7893614a`) on every build, even one with nothing
 * to compile, and a solc-js build can only tell it once its `soljson.js` is loaded: about half a second of CPU
 * per run. This remembers the long version of each solc-js build by the SHA-256 of its `soljson.js` (a
 * content hash: a replaced build is a new key), in `<cache>/hardhat-parallel/solc-long-versions.json`, and
 * answers Hardhat's `getCompiler` with a compiler that loads the real one only when asked to compile.
 * Anything else (a native compiler, a compiler type other than solc, no `path`) goes to Hardhat unchanged.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

import type { Compiler, CompilerInput, CompilerOutput } from "hardhat/types/solidity";

/** The part of a compiler configuration this module reads. */
export interface CompilerConfigView {
  readonly type?: string;
  readonly version: string;
  readonly path?: string;
}

/** The cache file of long versions under Hardhat's cache folder. */
export function longVersionsFile(cacheDir: string): string {
  return path.join(cacheDir, "hardhat-parallel", "solc-long-versions.json");
}

async function readKnown(file: string): Promise<Record<string, string>> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, "utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === "string"));
  } catch {
    return {}; // Missing or unreadable: Hardhat loads the compiler and the file is written again.
  }
}

/** Writes the file whole (a temporary file renamed over it), so a reader never sees half of it. */
async function writeKnown(file: string, known: Record<string, string>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(known, null, 2)}\n`);
  await rename(temporary, file);
}

async function contentKey(compilerPath: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(compilerPath))
    .digest("hex");
}

/**
 * A solc-js compiler whose long version is already known: the real one (`load`) is created on the first
 * `compile`, and must report the same long version (else Hardhat's build ids would have been wrong).
 */
export class KnownSolcJsCompiler implements Compiler {
  readonly isSolcJs = true;
  #real: Promise<Compiler> | undefined;

  constructor(
    readonly version: string,
    readonly longVersion: string,
    readonly compilerPath: string,
    private readonly load: () => Promise<Compiler>,
    private readonly file: string,
  ) {}

  async compile(input: CompilerInput): Promise<CompilerOutput> {
    this.#real ??= this.load();
    const real = await this.#real;
    if (real.longVersion !== this.longVersion)
      throw new Error(
        `the solc at ${this.compilerPath} is ${real.longVersion}, not ${this.longVersion} as remembered: ` +
          `delete ${this.file} and build again`,
      );
    return real.compile(input);
  }
}

/**
 * The compiler for `config`: a {@link KnownSolcJsCompiler} when `config.path` is a solc-js build whose long
 * version is remembered, else Hardhat's own (`next`), whose long version is then remembered when it is solc-js.
 */
export async function compilerWithKnownLongVersion(
  cacheDir: string,
  config: CompilerConfigView,
  next: () => Promise<Compiler>,
): Promise<Compiler> {
  const compilerPath = config.path;
  if ((config.type !== undefined && config.type !== "solc") || compilerPath?.endsWith(".js") !== true) return next();
  let key: string;
  try {
    key = await contentKey(compilerPath);
  } catch {
    return next(); // Hardhat reports a missing or unreadable compiler in its own words.
  }
  const file = longVersionsFile(cacheDir);
  const known = await readKnown(file);
  const longVersion = known[key];
  if (longVersion !== undefined) return new KnownSolcJsCompiler(config.version, longVersion, compilerPath, next, file);
  const compiler = await next();
  if (compiler.isSolcJs) await writeKnown(file, { ...known, [key]: compiler.longVersion }).catch(() => {});
  return compiler;
}
