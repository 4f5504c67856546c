/**
 * The differential harness: one Hardhat runtime over the compat fixture project, and per scenario a pair of
 * fresh connections — Hardhat's default network (EDR) and the parallel network — on which the same requests
 * are made and whose answers are compared.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";

import hardhatParallel from "../../../src/index.js";
import { createFixtureHre, fixturePath } from "../../helpers/fixtures.js";

/** What one network answered: a result or a JSON-RPC error. */
export type Outcome = { ok: true; result: unknown } | { ok: false; code: unknown; message: string; data: unknown };

/** The two answers of one request. */
export interface Answers {
  readonly edr: Outcome;
  readonly parallel: Outcome;
}

/** The default mnemonic's first three accounts (the same on both networks). */
export const ALICE = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
export const BOB = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
export const CAROL = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";

let hrePromise: Promise<HardhatRuntimeEnvironment> | undefined;

/** The shared runtime environment of the compat fixture, built once. */
export function compatHre(): Promise<HardhatRuntimeEnvironment> {
  hrePromise ??= (async () => {
    const hre = await createFixtureHre("compat-project", {
      plugins: [hardhatEthers, hardhatParallel],
      solidity: "0.8.28",
    });
    await hre.tasks.getTask("build").run({ quiet: true });
    return hre;
  })();
  return hrePromise;
}

/** Bytecode (0x…) of a compiled contract of the compat fixture. */
export function bytecodeOf(source: string, name: string): string {
  const file = path.join(fixturePath("compat-project"), "artifacts", "contracts", source, `${name}.json`);
  const artifact = JSON.parse(readFileSync(file, "utf8")) as { bytecode: string };
  return artifact.bytecode;
}

/** Runs one request and captures the answer or the error. */
export async function outcomeOf(connection: NetworkConnection, method: string, params: unknown[]): Promise<Outcome> {
  try {
    return { ok: true, result: await connection.provider.request({ method, params }) };
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown; data?: unknown };
    return { ok: false, code: e.code, message: String(e.message), data: e.data };
  }
}

/** A pair of connections: EDR and the parallel network. */
export class CompatPair {
  private constructor(
    readonly edr: NetworkConnection,
    readonly parallel: NetworkConnection,
  ) {}

  /** Opens a fresh pair (fresh chains on both sides), with the connection `override` on both when given. */
  static async open(override?: Record<string, unknown>): Promise<CompatPair> {
    const hre = await compatHre();
    if (override === undefined)
      return new CompatPair(await hre.network.create("default"), await hre.network.create("parallel"));
    const create = (network: string) => hre.network.create({ network, override } as never);
    return new CompatPair(await create("default"), await create("parallel"));
  }

  /** Sends the same request to both networks. */
  async both(method: string, params: unknown[] = []): Promise<Answers> {
    // Each side gets its own copy: Hardhat's request handlers fill fields (fees, gas) into the params in place.
    const edr = await outcomeOf(this.edr, method, structuredClone(params));
    return { edr, parallel: await outcomeOf(this.parallel, method, structuredClone(params)) };
  }

  /** Sends the same request to both and returns both results; fails if either errors. */
  async results(method: string, params: unknown[] = []): Promise<[unknown, unknown]> {
    const { edr, parallel } = await this.both(method, params);
    if (!edr.ok) throw new Error(`EDR failed ${method}: ${edr.message}`);
    if (!parallel.ok) throw new Error(`parallel failed ${method}: ${parallel.message}`);
    return [edr.result, parallel.result];
  }

  /** Sends a transaction on both and returns both receipts. */
  async transact(tx: Record<string, unknown>): Promise<[Receipt, Receipt]> {
    const [a, b] = await this.results("eth_sendTransaction", [tx]);
    return [await receipt(this.edr, a), await receipt(this.parallel, b)];
  }

  /** Deploys `name` from `source` on both; returns the address (the same on both, or it throws). */
  async deploy(source: string, name: string, from = ALICE, value = "0x0"): Promise<string> {
    const [a, b] = await this.transact({ from, data: bytecodeOf(source, name), value });
    if (a.contractAddress !== b.contractAddress) {
      throw new Error(`deployments differ: ${String(a.contractAddress)} vs ${String(b.contractAddress)}`);
    }
    return String(a.contractAddress);
  }

  /** Closes both connections. */
  async close(): Promise<void> {
    await this.edr.close();
    await this.parallel.close();
  }
}

/** The receipt fields a transaction is compared on. */
export type Receipt = Record<string, unknown> & { contractAddress?: unknown; logs: Array<Record<string, unknown>> };

async function receipt(connection: NetworkConnection, hash: unknown): Promise<Receipt> {
  return (await connection.provider.request({ method: "eth_getTransactionReceipt", params: [hash] })) as Receipt;
}

/** Keeps the named fields of an object (for comparing only what must match). */
export function pick(value: unknown, fields: readonly string[]): Record<string, unknown> {
  const o = (value ?? {}) as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f, o[f]]));
}

/** Receipt fields that must match between the networks. */
export const RECEIPT_FIELDS = [
  "status",
  "gasUsed",
  "cumulativeGasUsed",
  "from",
  "to",
  "contractAddress",
  "type",
  "effectiveGasPrice",
  "transactionIndex",
  "blockNumber",
  "logsBloom",
] as const;

/** Log fields that must match between the networks. */
export const LOG_FIELDS = ["address", "topics", "data", "logIndex", "transactionIndex", "blockNumber", "removed"];

/** A receipt reduced to what must match, logs included. */
export function comparableReceipt(r: Receipt): Record<string, unknown> {
  return { ...pick(r, RECEIPT_FIELDS), logs: r.logs.map((l) => pick(l, LOG_FIELDS)) };
}

/** An error reduced to code and data (and the message when `withMessage`). */
export function comparableError(o: Outcome, withMessage = true): Record<string, unknown> {
  if (o.ok) return { ok: true, result: o.result };
  return withMessage ? { code: o.code, data: o.data, message: o.message } : { code: o.code, data: o.data };
}
