import { request } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { expect } from "chai";
import type { EthereumProvider } from "hardhat/types/providers";
import { WebSocket } from "ws";

import { ParallelProvider } from "../../../src/runtime/rpc/parallel-provider.js";
import { RpcServer } from "../../../src/runtime/server/rpc-server.js";
import { ALICE, BOB, CompatPair } from "../../compat/helpers/compat-pair.js";
import { REPO_ROOT } from "../../helpers/fixtures.js";

/** `hardhat node`'s own server (internal to Hardhat, loaded by path): the reference for the wire. */
const HARDHAT_SERVER = path.join(
  REPO_ROOT,
  "node_modules/hardhat/dist/src/internal/builtin-plugins/node/json-rpc/server.js",
);

interface HardhatServer {
  listen(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type HardhatServerClass = new (config: { hostname: string; port: number; provider: EthereumProvider }) => HardhatServer;

interface Answer {
  readonly status: number | undefined;
  readonly headers: Record<string, string | undefined>;
  readonly body: string;
}

const COMPARED_HEADERS = [
  "content-type",
  "access-control-allow-origin",
  "access-control-request-method",
  "access-control-allow-methods",
  "access-control-allow-headers",
];

/** One raw HTTP exchange (node:http, so GET and OPTIONS carry exactly what is given). */
function exchange(port: number, method: string, body: string | undefined, contentType?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = contentType === undefined ? {} : { "Content-Type": contentType };
    const req = request({ host: "127.0.0.1", port, method, path: "/", headers }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => {
        const picked = Object.fromEntries(COMPARED_HEADERS.map((h) => [h, res.headers[h] as string | undefined]));
        resolve({ status: res.statusCode, headers: picked, body: text });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** One WebSocket message and its answer. */
async function message(port: number, text: string): Promise<string> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  const answer = new Promise<string>((resolve) => socket.once("message", (data: Buffer) => resolve(data.toString())));
  socket.send(text);
  try {
    return await answer;
  } finally {
    socket.close();
  }
}

type Json = Record<string, unknown>;
const CHAIN_ID = '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}';
/**
 * [what, body, "http" when compared over HTTP only]: over WebSocket `hardhat node` answers a `null` request, alone
 * or in a batch, with a -32603 "Internal error" for the whole message (its handler reads `null.method`), where it
 * answers -32600 "Invalid request" over HTTP; ours answers -32600 on both (docs/COMPATIBILITY.md).
 */
const PAYLOADS: ReadonlyArray<readonly [string, string, "http"?]> = [
  ["a request", CHAIN_ID],
  ["a batch", `[${CHAIN_ID},{"jsonrpc":"2.0","id":"b","method":"net_version","params":[]}]`],
  ["an empty batch", "[]"],
  ["bad JSON", "{bad json"],
  ["an empty body", ""],
  ["a notification (no id)", '{"jsonrpc":"2.0","method":"eth_chainId","params":[]}'],
  ["a null id", '{"jsonrpc":"2.0","id":null,"method":"eth_chainId","params":[]}'],
  ["no params", '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}'],
  ["object params", '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":{}}'],
  ["no jsonrpc", '{"id":1,"method":"eth_chainId","params":[]}'],
  ['jsonrpc "1.0"', '{"jsonrpc":"1.0","id":1,"method":"eth_chainId","params":[]}'],
  ["a string", '"str"'],
  ["a batch of numbers", "[1,2]"],
  ["an unknown method", '{"jsonrpc":"2.0","id":1,"method":"nope","params":[]}'],
  ["a byte-order mark", `\uFEFF${CHAIN_ID}`],
  // An outside harness's ids and batches (the wire part of test/compat/harness-sweep).
  ...['"0"', "0", "-1", "1.5", "1e20", "18446744073709551616", "true", "{}", "[]", '""', '"\\u00e9"'].map(
    (id): readonly [string, string, "http"?] => [
      `id ${id}`,
      `{"jsonrpc":"2.0","id":${id},"method":"eth_chainId","params":[]}`,
    ],
  ),
  [
    "a batch with a notification, a refusal, an unknown method and duplicate ids",
    `[${CHAIN_ID},{"jsonrpc":"2.0","method":"eth_chainId","params":[]},{"jsonrpc":"2.0","id":1,"method":"eth_getBalance","params":["${ALICE}","0x5"]},{"jsonrpc":"2.0","id":2,"method":"nope"},${CHAIN_ID}]`,
  ],
  ["a batch of one notification", '[{"jsonrpc":"2.0","method":"eth_chainId","params":[]}]'],
  ["a nested batch", `[[${CHAIN_ID}]]`],
  ["a batch with a null", `[null,${CHAIN_ID}]`, "http"],
  ["a method that is not a string", '{"jsonrpc":"2.0","id":1,"method":5,"params":[]}'],
  ["no method", '{"jsonrpc":"2.0","id":1,"params":[]}'],
  ["params null", '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":null}'],
  ["extra members", '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[],"extra":true}'],
  ["a number", "5"],
  ["null", "null", "http"],
];

describe("runtime/server: the wire against `hardhat node`'s server", function () {
  this.timeout(60_000);
  let ours: RpcServer;
  let theirs: HardhatServer;
  let ourPort: number;
  let theirPort: number;

  before(async () => {
    const { JsonRpcServerImplementation } = (await import(pathToFileURL(HARDHAT_SERVER).href)) as {
      JsonRpcServerImplementation: HardhatServerClass;
    };
    const pair = await CompatPair.open();
    theirs = new JsonRpcServerImplementation({ hostname: "127.0.0.1", port: 0, provider: pair.edr.provider });
    theirPort = (await theirs.listen()).port;
    ours = await RpcServer.start(await ParallelProvider.create({ log: () => undefined }), {
      hostname: "127.0.0.1",
      port: 0,
    });
    ourPort = ours.address.port;
  });
  after(async () => {
    await theirs.close();
    await ours.close();
  });

  for (const [what, body] of PAYLOADS)
    it(`answers ${what} over HTTP POST as hardhat node does`, async () => {
      const [a, b] = [
        await exchange(theirPort, "POST", body, "application/json"),
        await exchange(ourPort, "POST", body, "application/json"),
      ];
      expect(b).to.deep.equal(a);
    });

  for (const [method, body] of [
    ["GET", undefined],
    ["OPTIONS", undefined],
    ["PUT", CHAIN_ID],
    ["POST", CHAIN_ID],
  ] as const)
    it(`answers ${method} ${body === undefined ? "without a body" : "with a request"} (no content type) as hardhat node does`, async () => {
      const [a, b] = [await exchange(theirPort, method, body), await exchange(ourPort, method, body)];
      expect(b).to.deep.equal(a);
    });

  it("numbers subscriptions and notifies pending transactions and heads as hardhat node does", async () => {
    // EDR sends notifications from its own threads: the order across kinds is not compared, only what arrives.
    const session = async (port: number): Promise<string[]> => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}`);
      await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
      const seen: string[] = [];
      let done: () => void = () => undefined;
      const complete = new Promise<void>((resolve) => (done = resolve));
      socket.on("message", (data: Buffer) => {
        const m = JSON.parse(data.toString()) as Json;
        const note = m.params as { subscription: string; result: unknown } | undefined;
        if (note === undefined) seen.push(`answer ${String(m.id)} ${m.id === 4 ? "hash" : String(m.result)}`);
        else seen.push(`notify ${note.subscription} ${typeof note.result === "string" ? "hash" : "head"}`);
        if (seen.length === 6) done();
      });
      const send = (id: number, method: string, params: unknown[]) =>
        socket.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
      send(1, "eth_subscribe", ["newHeads"]);
      send(2, "eth_subscribe", ["logs", {}]);
      send(3, "eth_subscribe", ["newPendingTransactions"]);
      await new Promise<void>((resolve) => socket.on("message", () => seen.length === 3 && resolve()));
      send(4, "eth_sendTransaction", [{ from: ALICE, to: BOB, value: "0x1" }]);
      await complete;
      socket.close();
      return seen.sort();
    };
    const theirsSeen = await session(theirPort);
    expect(await session(ourPort)).to.deep.equal(theirsSeen);
    expect(theirsSeen).to.deep.equal([
      "answer 1 0x1",
      "answer 2 0x2",
      "answer 3 0x3",
      "answer 4 hash",
      "notify 0x1 head",
      "notify 0x3 hash",
    ]);
  });

  for (const [what, body] of PAYLOADS.filter(([, text, only]) => text !== "" && only === undefined))
    it(`answers ${what} over WebSocket as hardhat node does`, async () => {
      expect(await message(ourPort, body)).to.equal(await message(theirPort, body));
    });
});
