/**
 * Where a report thread's entry module is, and how the thread must be started to load it: the built `.js`
 * next to the caller (in the bundle, `dist/bundle/<name>.js`), else the `.ts` source under tsx (tests).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The entry of the thread module `js` (a `.js` URL next to the caller) with the Node options to start it with. */
export function threadEntry(js: URL): { filename: URL; execArgv: string[] } {
  if (existsSync(fileURLToPath(js))) return { filename: js, execArgv: [...process.execArgv] };
  const hasTsx = process.execArgv.some((a) => a.includes("tsx"));
  const ts = new URL(js.href.replace(/\.js$/, ".ts"));
  return { filename: ts, execArgv: hasTsx ? [...process.execArgv] : [...process.execArgv, "--import", "tsx/esm"] };
}
