/**
 * The standalone node's server: JSON-RPC over HTTP (POST, single or batch requests) and WebSocket (the same,
 * plus `eth_subscribe` / `eth_unsubscribe` for newHeads and logs), both on one port, answered by one
 * `ParallelProvider`. The wire is `hardhat node`'s: any HTTP method but OPTIONS carries a JSON body (a GET
 * without one is a -32700 parse error, as there), OPTIONS is an empty 200, the same CORS headers; unparseable JSON
 * answers -32700 with the parser's words, a payload that is not a JSON-RPC 2.0 request (no string or number `id`,
 * `jsonrpc` not "2.0", `params` not an array when present) -32600 "Invalid request", an empty batch `[]`.
 * Unlike `hardhat node`, a body over 64 MiB is refused with HTTP 413 (it would be read into memory whole).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { WebSocketServer, type WebSocket } from "ws";

import type { ParallelProvider, RpcRequest, RpcResponse } from "../rpc/parallel-provider.js";
import { RpcError } from "../rpc/rpc-error.js";

import { asNodeWireResponse } from "./node-wire-errors.js";
import { Subscriptions } from "./subscriptions.js";

/** Where to listen, and what the host does to a request before the provider answers it. */
export interface ServerOptions {
  readonly hostname: string;
  /** 0 picks a free port. */
  readonly port: number;
  /**
   * Fills a request's defaults (as Hardhat's request handlers do for `hardhat node`), or answers it (a failed
   * sub-request); unset: requests go to the provider as they come.
   */
  readonly prepare?: (request: RpcRequest) => Promise<RpcRequest | RpcResponse>;
  /**
   * Answers a prepared request (the node's path through its request log); unset: the provider answers it.
   * Subscriptions are answered by the server itself.
   */
  readonly handle?: (request: RpcRequest) => Promise<RpcResponse>;
  /** Told of each subscription request and its answer (the node's request log); unset: nothing is told. */
  readonly onSubscription?: (request: RpcRequest, response: RpcResponse) => Promise<void>;
}

const MAX_BODY = 64 * 1024 * 1024;
/** How often the server checks for blocks mined by interval mining, to notify subscribers. */
const PUBLISH_INTERVAL_MS = 200;

/** A server-level error as `hardhat node` answers it: no id, the message repeated in `data`. */
function errorResponse(code: number, message: string): RpcResponse {
  return { jsonrpc: "2.0", id: null, error: { code, message, data: { message } } };
}

/** `payload` as a JSON-RPC 2.0 request (`params` defaulting to `[]`), or undefined when it is not one. */
function asRequest(payload: unknown): RpcRequest | undefined {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return undefined;
  const request = { ...payload, params: (payload as { params?: unknown }).params ?? [] } as RpcRequest;
  const id: unknown = request.id;
  const valid =
    request.jsonrpc === "2.0" &&
    (typeof id === "number" || typeof id === "string") &&
    typeof request.method === "string" &&
    Array.isArray(request.params);
  return valid ? request : undefined;
}

/** The CORS headers `hardhat node` sends on every answer. */
const CORS_HEADERS: Readonly<Record<string, string>> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Request-Method": "*",
  "Access-Control-Allow-Methods": "OPTIONS, GET",
  "Access-Control-Allow-Headers": "*",
};

/** An HTTP + WebSocket JSON-RPC server over one provider. */
export class RpcServer {
  readonly #sockets = new Map<WebSocket, Subscriptions>();
  readonly #timer: NodeJS.Timeout;

  private constructor(
    private readonly provider: ParallelProvider,
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    private readonly prepare: ServerOptions["prepare"],
    private readonly handle: (request: RpcRequest) => Promise<RpcResponse>,
    private readonly onSubscription: ServerOptions["onSubscription"],
  ) {
    this.#timer = setInterval(() => this.#publish(), PUBLISH_INTERVAL_MS);
    this.#timer.unref();
  }

  /** Starts listening; resolves once the port is bound. */
  static async start(provider: ParallelProvider, options: ServerOptions): Promise<RpcServer> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    const handle = options.handle ?? ((request: RpcRequest) => provider.handle(request));
    const server = new RpcServer(provider, http, wss, options.prepare, handle, options.onSubscription);
    http.on("request", (req, res) => void server.#onHttp(req, res));
    wss.on("connection", (socket) => server.#onSocket(socket));
    // The WebSocket server re-emits the HTTP server's errors: without a listener on both, a busy port would be
    // an uncaught exception instead of a rejection.
    await new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => {
        wss.close();
        reject(error);
      };
      http.once("error", fail);
      wss.once("error", fail);
      http.listen(options.port, options.hostname, () => {
        http.off("error", fail);
        wss.off("error", fail);
        resolve();
      });
    });
    return server;
  }

  /** The bound address. */
  get address(): AddressInfo {
    return this.http.address() as AddressInfo;
  }

  /** Answers a parsed JSON-RPC payload (one request or a batch); undefined for an all-notification batch. */
  async answer(payload: unknown, subscriptions?: Subscriptions): Promise<RpcResponse | RpcResponse[]> {
    if (Array.isArray(payload)) {
      const answers: RpcResponse[] = [];
      for (const item of payload) answers.push(await this.#answerOne(item, subscriptions));
      return answers;
    }
    return this.#answerOne(payload, subscriptions);
  }

  /** Stops accepting connections, closes every socket and the provider. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    for (const socket of this.#sockets.keys()) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
    await this.provider.close();
  }

  async #answerOne(item: unknown, subscriptions?: Subscriptions): Promise<RpcResponse> {
    const request = asRequest(item);
    if (request === undefined) return errorResponse(-32600, "Invalid request");
    const subscribing =
      subscriptions !== undefined && (request.method === "eth_subscribe" || request.method === "eth_unsubscribe");
    const response = subscribing ? await this.#subscription(request, subscriptions) : await this.#handle(request);
    if (subscribing) await this.onSubscription?.(request, response);
    this.#publish();
    return asNodeWireResponse(response);
  }

  async #handle(request: RpcRequest): Promise<RpcResponse> {
    const prepared = this.prepare === undefined ? request : await this.prepare(request);
    if ("jsonrpc" in prepared && ("result" in prepared || "error" in prepared)) return prepared;
    return this.handle(prepared as RpcRequest);
  }

  async #subscription(request: RpcRequest, subscriptions: Subscriptions): Promise<RpcResponse> {
    const id = request.id ?? null;
    const params = Array.isArray(request.params) ? (request.params as unknown[]) : [];
    try {
      // Queued behind earlier requests, so the subscription starts after everything sent before it.
      await this.provider.request({ method: "eth_blockNumber" });
      const result =
        request.method === "eth_subscribe"
          ? subscriptions.subscribe(this.provider.chain, params)
          : subscriptions.unsubscribe(params);
      return { jsonrpc: "2.0", id, result };
    } catch (error) {
      const rpc = error instanceof RpcError ? error : new RpcError(-32603, String(error));
      return { jsonrpc: "2.0", id, error: rpc.toJson() };
    }
  }

  #publish(): void {
    for (const subscriptions of this.#sockets.values()) subscriptions.publish(this.provider.chain);
  }

  async #onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
    if (req.method === "OPTIONS") return void res.writeHead(200).end();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size > MAX_BODY) return void res.writeHead(413).end();
    }
    // Decoded whole (a character split across two chunks stays one), a leading BOM dropped: as `hardhat node`.
    const answer = await this.#answerText(new TextDecoder("utf-8").decode(Buffer.concat(chunks)));
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(answer));
  }

  #onSocket(socket: WebSocket): void {
    const subscriptions = new Subscriptions(
      this.provider.chain,
      (message) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      },
      () => this.provider.nextFilterId(),
    );
    this.#sockets.set(socket, subscriptions);
    const stopWatching = this.provider.watchPooledTransactions((hash) => subscriptions.pooled(hash));
    socket.on("close", () => {
      stopWatching();
      this.#sockets.delete(socket);
    });
    socket.on("message", (data) => {
      void this.#answerText(String(data), subscriptions).then((answer) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(answer));
      });
    });
  }

  async #answerText(text: string, subscriptions?: Subscriptions): Promise<RpcResponse | RpcResponse[]> {
    let payload: unknown;
    try {
      payload = JSON.parse(text) as unknown;
    } catch (error) {
      return errorResponse(-32700, `Parse error: ${(error as Error).message}`);
    }
    return this.answer(payload, subscriptions);
  }
}
