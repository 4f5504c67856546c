/**
 * The @ethereumjs/evm module this runtime patches but the package does not export: the interpreter (see
 * `jump-analysis-cache.ts`). Loaded by file URL next to the package's ESM entry, which is the same module
 * instance the EVM uses. The single-file runtime build (`scripts/bundle-runtime.mjs`) replaces this file with
 * a static import of that module, so the bundle patches its own copy of the interpreter.
 */

/** The interpreter module of @ethereumjs/evm, or undefined when its layout is not the expected one. */
export async function loadInterpreterModule(): Promise<unknown> {
  const entry = import.meta.resolve("@ethereumjs/evm");
  if (!entry.endsWith("/index.js")) return undefined;
  return (await import(entry.replace(/index\.js$/, "interpreter.js"))) as unknown;
}
