/**
 * Imports a project's workload file. Kept in a module of its own, which the single-file report build leaves
 * outside the bundle (scripts/bundle-runtime.mjs): under Hardhat, tsx rewrites every module that contains a
 * dynamic `import()`, which costs about a second for the multi-megabyte bundle and nothing for this file.
 */

/** The module at `url` (a workload file: `.ts` files load through the TypeScript loader Hardhat registers). */
export function importWorkloadFile(url: string): Promise<{ default?: unknown }> {
  return import(url) as Promise<{ default?: unknown }>;
}
