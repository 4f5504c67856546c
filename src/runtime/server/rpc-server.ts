/**
 * The standalone node's server: JSON-RPC over HTTP (POST, single or batch requests) and WebSocket (the same,
 * plus `eth_subscribe` / `eth_unsubscribe` for newHeads and logs), both on one port, answered by one
 * `ParallelProvider`. Unparseable JSON answers -32700, an empty batch or a non-object request -32600.
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
  /** Told of each request and its answer (the node's request log); unset: nothing is told. */
  readonly onAnswer?: (request: RpcRequest, response: RpcResponse) => void;
}

const MAX_BODY = 64 * 1024 * 1024;
/** How often the server checks for blocks mined by interval mining, to notify subscribers. */
const PUBLISH_INTERVAL_MS = 200;

function errorResponse(id: RpcRequest["id"] | null, code: number, message: string): RpcResponse {
  return { jsonrpc: "2.0", id: id ?? null, error: { code, message } };
}

/** An HTTP + WebSocket JSON-RPC server over one provider. */
export class RpcServer {
  readonly #sockets = new Map<WebSocket, Subscriptions>();
  readonly #timer: NodeJS.Timeout;

  private constructor(
    private readonly provider: ParallelProvider,
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    private readonly prepare: ServerOptions["prepare"],
    private readonly onAnswer: ServerOptions["onAnswer"],
  ) {
    this.#timer = setInterval(() => this.#publish(), PUBLISH_INTERVAL_MS);
    this.#timer.unref();
  }

  /** Starts listening; resolves once the port is bound. */
  static async start(provider: ParallelProvider, options: ServerOptions): Promise<RpcServer> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    const server = new RpcServer(provider, http, wss, options.prepare, options.onAnswer);
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
      if (payload.length === 0) return errorResponse(null, -32600, "Invalid request: empty batch");
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
    if (typeof item !== "object" || item === null || typeof (item as RpcRequest).method !== "string") {
      const id = typeof item === "object" && item !== null ? (item as RpcRequest).id : null;
      return errorResponse(id ?? null, -32600, "Invalid request: expected an object with a string `method`");
    }
    const request = item as RpcRequest;
    const response =
      subscriptions !== undefined && (request.method === "eth_subscribe" || request.method === "eth_unsubscribe")
        ? await this.#subscription(request, subscriptions)
        : await this.#handle(request);
    this.#publish();
    const answer = asNodeWireResponse(response);
    this.onAnswer?.(request, answer);
    return answer;
  }

  async #handle(request: RpcRequest): Promise<RpcResponse> {
    const prepared = this.prepare === undefined ? request : await this.prepare(request);
    if ("jsonrpc" in prepared && ("result" in prepared || "error" in prepared)) return prepared;
    return this.provider.handle(prepared as RpcRequest);
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
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Access-Control-Allow-Headers", "*");
    if (req.method === "OPTIONS") return void res.writeHead(204).end();
    if (req.method !== "POST") return void res.writeHead(405, { Allow: "POST" }).end();
    let body = "";
    for await (const chunk of req) {
      body += String(chunk);
      if (body.length > MAX_BODY) return void res.writeHead(413).end();
    }
    const answer = await this.#answerText(body);
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(answer));
  }

  #onSocket(socket: WebSocket): void {
    const subscriptions = new Subscriptions(this.provider.chain, (message) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    });
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
    } catch {
      return errorResponse(null, -32700, "Parse error: the request is not valid JSON");
    }
    return this.answer(payload, subscriptions);
  }
}
