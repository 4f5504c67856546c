#!/usr/bin/env node
// Bootstrap: make sure a Node.js that Hardhat 3 accepts (>= 22.13) runs everything, install the project with
// it, then run one npm script. Runs on any Node >= 18 with no dependencies.
//
// Hardhat 3 refuses Node < 22.13, and npm running on Node 20 silently skips EDR's native package. When the
// system Node is too old, this script installs the `node` package from the npm registry into `.toolchain/`
// (once), puts it first on PATH for the install and the script, and links it as `node_modules/.bin/node` so
// that `npx hardhat ...` and `npm run ...` inside the project use it too. On Node >= 22.13 nothing is fetched.
//
// Usage: node scripts/bootstrap.mjs <npm-script> [-- args]
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const TOOLCHAIN_NODE_VERSION = "22.23.3";
const MIN = [22, 13, 0];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const toolchainDir = path.join(root, ".toolchain");
const toolchainBin = path.join(toolchainDir, "node_modules", ".bin");

function isSupported(version) {
  const parts = version.replace(/^v/, "").split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    if (parts[i] !== MIN[i]) return parts[i] > MIN[i];
  }
  return true;
}

function run(cmd, args, env, cwd = root) {
  const result = spawnSync(cmd, args, { cwd, env, stdio: "inherit" });
  if (result.error) {
    console.error(`[bootstrap] could not start ${cmd}: ${result.error.message}`);
    process.exit(1);
  }
  return result.status ?? 1;
}

function versionOf(nodePath) {
  const r = spawnSync(nodePath, ["--version"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function ensureToolchainNode() {
  const nodePath = path.join(toolchainBin, "node");
  const existing = existsSync(nodePath) ? versionOf(nodePath) : undefined;
  if (existing !== undefined && isSupported(existing)) return nodePath;
  console.log(
    `[bootstrap] system Node ${process.version} is older than ${MIN.join(".")}, which Hardhat 3 needs; ` +
      `installing Node ${TOOLCHAIN_NODE_VERSION} from the npm registry into .toolchain/ (once)`,
  );
  mkdirSync(toolchainDir, { recursive: true });
  const status = run(
    "npm",
    [
      "install",
      "--prefix",
      toolchainDir,
      "--no-save",
      "--no-package-lock",
      "--no-audit",
      "--no-fund",
      `node@${TOOLCHAIN_NODE_VERSION}`,
    ],
    process.env,
  );
  const installed = existsSync(nodePath) ? versionOf(nodePath) : undefined;
  if (status !== 0 || installed === undefined) {
    console.error("[bootstrap] failed to install Node from the npm registry; install Node >= 22.13 yourself and retry");
    process.exit(1);
  }
  return nodePath;
}

function linkNodeIntoProject(nodePath) {
  const binDir = path.join(root, "node_modules", ".bin");
  mkdirSync(binDir, { recursive: true });
  const link = path.join(binDir, "node");
  if (existsSync(link) || isSymlink(link)) rmSync(link);
  symlinkSync(nodePath, link);
}

function isSymlink(p) {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

// The test suite checks the HTML report in a real headless browser (Debian's chromium). On a machine of this
// kind it is installable from Debian's packages; install it when missing and we may (root with apt-get).
function ensureChromium() {
  if (process.env.HARDHAT_PARALLEL_SKIP_BROWSER === "1" || existsSync("/usr/bin/chromium")) return;
  if (typeof process.getuid !== "function" || process.getuid() !== 0 || !existsSync("/usr/bin/apt-get")) {
    console.log(
      "[bootstrap] chromium is missing: the HTML report test will fail; install it with `apt-get install chromium`",
    );
    return;
  }
  console.log("[bootstrap] installing Debian's chromium for the HTML report test (once)");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  run("apt-get", ["update", "-qq"], env);
  run("apt-get", ["install", "-y", "-qq", "chromium"], env);
}

const [script, ...rest] = process.argv.slice(2);
if (script === undefined) {
  console.error("usage: node scripts/bootstrap.mjs <npm-script> [-- args]");
  process.exit(2);
}

const systemOk = isSupported(process.version);
const nodePath = systemOk ? process.execPath : ensureToolchainNode();
const env = { ...process.env, PATH: `${path.dirname(nodePath)}${path.delimiter}${process.env.PATH ?? ""}` };
// `npm install` rather than `npm ci`: it follows package-lock.json all the same, and npm 11 leaves other
// platforms' optional packages (EDR's native builds) out of the lock, which `npm ci` then refuses.
console.log(`[bootstrap] Node ${versionOf(nodePath)}; npm install`);
const installStatus = run("npm", ["install", "--no-audit", "--no-fund"], env);
if (installStatus !== 0) process.exit(installStatus);
if (!systemOk) linkNodeIntoProject(nodePath);
if (script === "test:all") ensureChromium();
process.exit(run("npm", ["run", script, ...rest], env));
