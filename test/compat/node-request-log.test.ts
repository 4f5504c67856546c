import { spawn } from "node:child_process";
import path from "node:path";

import { expect } from "chai";
import { WebSocket } from "ws";

import { REPO_ROOT, fixturePath } from "../helpers/fixtures.js";

import { compatHre } from "./helpers/compat-pair.js";
import { edgeScenario, maskBlockHash, scenario, type Request } from "./helpers/log-scenario.js";
import { freePort } from "../helpers/free-port.js";

const CLI = path.join(REPO_ROOT, "node_modules/hardhat/dist/src/cli.js");
/** Sent after the scenario: once its line is printed, every line before it is. */
const SENTINEL = "web3_clientVersion";

interface RunningNode {
  readonly url: string;
  readonly output: () => string;
  readonly stop: () => Promise<void>;
}

async function until(what: string, done: () => boolean, output: () => string): Promise<void> {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > 90_000) throw new Error(`${what} did not happen:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `npx hardhat <task>` in the compat fixture, once its accounts listing (ending in the second warning) is out. */
async function startNode(task: "node" | "parallel-node"): Promise<RunningNode> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, task, "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: fixturePath("compat-project"),
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  let text = "";
  child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise((resolve) => child.on("close", resolve));
  const output = () => text;
  const stop = async () => {
    child.kill("SIGINT");
    await exited;
  };
  try {
    await until(
      `${task} start`,
      () => /Account #19:[^]*WARNING[^\n]*\n\n/.test(text) || child.exitCode !== null,
      output,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  expect(child.exitCode, text).to.equal(null);
  return { url: `http://127.0.0.1:${port}`, output, stop };
}

/** One request over HTTP; a failure resolves to its message. */
function overHttp(url: string): Request {
  return async (method, params = []) => {
    const response = await fetch(url, {
      method: "POST",
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    const body = (await response.json()) as { result?: unknown; error?: { message: string } };
    return body.error === undefined ? body.result : `failed: ${body.error.message}`;
  };
}

/** A subscription over WebSocket, opened and closed (both are printed in the request log). */
async function subscribeOverWebSocket(url: string): Promise<void> {
  const socket = new WebSocket(url.replace(/^http/, "ws"));
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  const ask = (id: number, method: string, params: unknown[]) =>
    new Promise<{ result?: unknown }>((resolve) => {
      const onMessage = (data: Buffer) => {
        const answer = JSON.parse(data.toString()) as { id?: number; result?: unknown };
        if (answer.id !== id) return;
        socket.off("message", onMessage);
        resolve(answer);
      };
      socket.on("message", onMessage);
      socket.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    });
  const { result } = await ask(1, "eth_subscribe", ["newHeads"]);
  await ask(2, "eth_unsubscribe", [result]);
  socket.close();
}

/** The node's banner (port masked) and the lines the scenario printed (block hashes masked). */
async function printedBy(task: "node" | "parallel-node"): Promise<{ banner: string[]; log: string[] }> {
  const node = await startNode(task);
  try {
    const started = node.output().length;
    const request = overHttp(node.url);
    await edgeScenario(request);
    await scenario(request);
    await subscribeOverWebSocket(node.url);
    await request(SENTINEL);
    await until(`the ${SENTINEL} line`, () => node.output().slice(started).includes(SENTINEL), node.output);
    const lines = node.output().split("\n");
    const banner = node.output().slice(0, started).split("\n");
    const log = lines.slice(
      banner.length - 1,
      lines.findLastIndex((line) => line.includes(SENTINEL)),
    );
    return { banner: banner.map((line) => line.replace(/:\d+\/$/, ":<port>/")), log: log.map(maskBlockHash) };
  } finally {
    await node.stop();
  }
}

describe("compat: `parallel-node` prints what `hardhat node` prints", function () {
  this.timeout(300_000);

  it("the same banner, accounts listing and request log for a JSON-RPC scenario over HTTP", async () => {
    await compatHre(); // the fixture compiled: both nodes name its contracts
    const edr = await printedBy("node");
    const parallel = await printedBy("parallel-node");
    expect(parallel.banner).to.deep.equal(edr.banner);
    expect(parallel.log).to.deep.equal(edr.log);
    // The scenario shows each kind of line, and Hardhat's request handlers' own requests.
    for (const shown of ["eth_chainId (2)", "Contract deployment: Compat", "console.log:", "Error: reverted"]) {
      expect(
        edr.log.some((line) => line.includes(shown)),
        shown,
      ).to.equal(true);
    }
    expect(edr.log.some((line) => line.includes("eth_feeHistory"))).to.equal(true);
    expect(edr.log.some((line) => line.includes("eth_unsubscribe"))).to.equal(true);
    expect(edr.banner).to.include("Private Key: 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
  });
});
