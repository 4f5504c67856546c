import { expect } from "chai";
import { Interface } from "ethers";
import { WebSocket } from "ws";

import { ParallelProvider } from "../../../src/runtime/rpc/parallel-provider.js";
import { RpcServer } from "../../../src/runtime/server/rpc-server.js";
import { bytecodeOf, compatHre } from "../../compat/helpers/compat-pair.js";

const ALICE = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
const BOB = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const compat = new Interface(["function increment()"]);

type Json = Record<string, unknown>;

describe("runtime/server: HTTP and WebSocket JSON-RPC", () => {
  let server: RpcServer;
  let url: string;

  beforeEach(async () => {
    server = await RpcServer.start(await ParallelProvider.create({ log: () => undefined }), {
      hostname: "127.0.0.1",
      port: 0,
    });
    url = `http://127.0.0.1:${server.address.port}`;
  });
  afterEach(() => server.close());

  async function post(body: string): Promise<unknown> {
    const response = await fetch(url, { method: "POST", body, headers: { "Content-Type": "application/json" } });
    expect(response.status).to.equal(200);
    return response.json();
  }
  const rpc = async (method: string, params: unknown[] = []): Promise<Json> =>
    (await post(JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }))) as Json;

  it("answers single and batch requests", async () => {
    expect(await rpc("eth_chainId")).to.deep.equal({ jsonrpc: "2.0", id: 1, result: "0x7a69" });
    const batch = (await post(
      JSON.stringify([
        { jsonrpc: "2.0", id: "a", method: "eth_blockNumber" },
        { jsonrpc: "2.0", id: "b", method: "eth_nope" },
        { jsonrpc: "2.0", id: "c", method: "eth_getBalance", params: ["0x12"] },
        5,
      ]),
    )) as Json[];
    expect(batch.map((r) => r.id)).to.deep.equal(["a", "b", "c", null]);
    expect(batch[0]?.result).to.equal("0x0");
    expect(batch.slice(1).map((r) => (r.error as Json).code)).to.deep.equal([-32004, -32602, -32600]);
  });

  it("answers -32700 to bad JSON and to a GET, [] to an empty batch (as hardhat node), and keeps serving", async () => {
    expect(((await post("{not json")) as Json).error).to.deep.include({ code: -32700 });
    expect(await post("[]")).to.deep.equal([]);
    const get = await fetch(url);
    expect(get.status).to.equal(200);
    expect(((await get.json()) as Json).error).to.deep.include({ code: -32700 });
    expect((await rpc("eth_chainId")).result).to.equal("0x7a69");
  });

  it("notifies newHeads and logs subscriptions over WebSocket", async () => {
    await compatHre();
    const deploy = await rpc("eth_sendTransaction", [{ from: ALICE, data: bytecodeOf("Compat.sol", "Compat") }]);
    const receipt = await rpc("eth_getTransactionReceipt", [deploy.result]);
    const target = (receipt.result as Json).contractAddress;
    const socket = new WebSocket(url.replace("http", "ws"));
    const messages: Json[] = [];
    socket.on("message", (data) => messages.push(JSON.parse(String(data)) as Json));
    await new Promise((resolve) => socket.once("open", resolve));
    const request = (id: number, method: string, params: unknown[]) =>
      socket.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    request(1, "eth_subscribe", ["newHeads"]);
    request(2, "eth_subscribe", ["logs", { address: target }]);
    await waitFor(() => messages.length >= 2);
    const [heads, logs] = [messages[0]?.result, messages[1]?.result];
    await rpc("eth_sendTransaction", [{ from: ALICE, to: target, data: compat.encodeFunctionData("increment") }]);
    await rpc("eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1" }]);
    await waitFor(() => messages.length >= 5);
    const notes = messages.slice(2).map((m) => m.params as Json);
    const headNumbers = notes.filter((n) => n.subscription === heads).map((n) => (n.result as Json).number);
    expect(headNumbers).to.deep.equal(["0x2", "0x3"]);
    const logNotes = notes.filter((n) => n.subscription === logs).map((n) => n.result as Json);
    expect(logNotes.map((l) => [l.address, l.blockNumber])).to.deep.equal([[target, "0x2"]]);
    request(3, "eth_unsubscribe", [heads]);
    await waitFor(() => messages.some((m) => m.id === 3));
    expect(messages.find((m) => m.id === 3)?.result).to.equal(true);
    socket.close();
  });

  it("notifies newPendingTransactions subscriptions over WebSocket, until the socket closes", async () => {
    const socket = new WebSocket(url.replace("http", "ws"));
    const messages: Json[] = [];
    socket.on("message", (data) => messages.push(JSON.parse(String(data)) as Json));
    await new Promise((resolve) => socket.once("open", resolve));
    socket.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_subscribe", params: ["newPendingTransactions"] }));
    await waitFor(() => messages.length >= 1);
    const sent = await rpc("eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1" }]);
    await waitFor(() => messages.length >= 2);
    expect(messages[1]?.params).to.deep.equal({ subscription: messages[0]?.result, result: sent.result });
    socket.close();
    await new Promise((resolve) => socket.once("close", resolve));
    expect((await rpc("eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1" }])).result).to.be.a("string");
  });

  it("holds 8 concurrent clients × 100 transactions and calls without errors or lost transactions", async function () {
    this.timeout(300_000); // 800 transactions from 8 clients: minutes on a loaded machine, never a hang
    const accounts = ((await rpc("eth_accounts")).result as string[]).slice(0, 8);
    const sink = "0x000000000000000000000000000000000000beef";
    const client = async (from: string): Promise<string[]> => {
      const hashes: string[] = [];
      for (let i = 0; i < 100; i++) {
        const sent = await rpc("eth_sendTransaction", [{ from, to: sink, value: "0x1" }]);
        expect(sent.error, JSON.stringify(sent.error)).to.equal(undefined);
        hashes.push(String(sent.result));
        const call = await rpc("eth_getTransactionCount", [from, "latest"]);
        expect(Number(call.result)).to.be.at.least(i + 1);
      }
      return hashes;
    };
    const hashes = (await Promise.all(accounts.map(client))).flat();
    expect(new Set(hashes).size).to.equal(800);
    expect((await rpc("eth_blockNumber")).result).to.equal(`0x${(800).toString(16)}`);
    expect(BigInt(String((await rpc("eth_getBalance", [sink])).result))).to.equal(800n);
    for (const hash of hashes.slice(0, 800).filter((_h, i) => i % 50 === 0)) {
      expect(((await rpc("eth_getTransactionReceipt", [hash])).result as Json).status).to.equal("0x1");
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting for WebSocket messages");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
