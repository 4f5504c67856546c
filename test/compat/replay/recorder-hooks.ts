/** The request recorder's network hooks (see `request-recorder.ts`). */
import { AsyncLocalStorage } from "node:async_hooks";
import { appendFileSync } from "node:fs";

import type { NetworkHooks } from "hardhat/types/hooks";
import type { NetworkConnection } from "hardhat/types/network";

import { RECORD_FILE_VARIABLE, type Answer, type ConnectionLine, type RequestLine } from "./recording.js";

const ids = new WeakMap<NetworkConnection<string>, string>();
/** The connection whose request is being answered: Hardhat's own request handlers send requests of their own. */
const answering = new AsyncLocalStorage<string>();
let opened = 0;
let seq = 0;

function write(line: ConnectionLine | RequestLine): void {
  const file = process.env[RECORD_FILE_VARIABLE];
  if (file === undefined || file === "") return;
  const json = JSON.stringify(line, (_key, value: unknown) =>
    typeof value === "bigint" ? `0x${value.toString(16)}` : value,
  );
  appendFileSync(file, `${json}\n`);
}

function answerOf(response: unknown): Answer {
  const r = response as { result?: unknown; error?: { code: unknown; message: string; data?: unknown } };
  return r.error !== undefined ? { error: r.error } : { result: r.result };
}

function thrownAnswer(error: unknown): Answer {
  const e = error as { code?: unknown; message?: unknown; data?: unknown };
  return { error: { code: e.code, message: String(e.message), data: e.data } };
}

export default async (): Promise<Partial<NetworkHooks>> => ({
  newConnection: async (context, next) => {
    const connection = await next(context);
    const id = `${process.pid}-${++opened}`;
    ids.set(connection, id);
    const config = connection.networkConfig as { initialDate?: unknown };
    const date = config.initialDate;
    const initialDate = date === undefined ? undefined : date instanceof Date ? date.toISOString() : String(date);
    write({ kind: "connection", connection: id, network: connection.networkName, initialDate, openedAt: Date.now() });
    return connection;
  },

  onRequest: async (context, connection, request, next) => {
    const id = ids.get(connection) ?? "unknown";
    const nested = answering.getStore() === id;
    const line = { kind: "request" as const, connection: id, seq: ++seq, method: request.method, nested };
    // Copied now: Hardhat's request handlers fill fields into the params in place further down the chain.
    const params = structuredClone(request.params ?? []) as unknown[];
    try {
      const response = await answering.run(id, () => next(context, connection, request));
      write({ ...line, params, answer: answerOf(response) });
      return response;
    } catch (error) {
      write({ ...line, params, answer: thrownAnswer(error) });
      throw error;
    }
  },
});
