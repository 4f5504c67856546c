/**
 * The details under a method in the request log (request-logger.ts), as Hardhat's network (EDR) prints them
 * (its `LogCollector`): a call's and a failed estimate's summary, an automined transaction's, mined blocks'. The
 * details are read back from the chain after the request, so only a logging connection pays. A titled line's
 * value column is set when it is printed (EDR aligns every title to the longest it has printed so far).
 */
import { getCreateAddress } from "ethers";
import type { JsonRpcRequest } from "hardhat/types/providers";

import { revertMessage } from "../../runtime/rpc/revert-message.js";
import { fromHex } from "../../runtime/util/hex.js";

import { consoleByTransaction } from "./console-attribution.js";
import type { ContractRegistry } from "./contract-registry.js";

/** A JSON-RPC answer: a result or an error. */
export type Answer = { readonly result?: unknown } | { readonly error?: unknown };
/** Answers a request (the connection's provider, unlogged). */
export type Handle = (request: JsonRpcRequest) => Promise<Answer>;
type Json = Record<string, unknown>;

/** A line of details: plain, or a title and a value aligned at print time. */
export type LogLine = string | { readonly indent: number; readonly title: string; readonly value: string };

/** A JSON-RPC error as the provider answers it (extras such as `transactionHash` ride along). */
export interface ErrorJson {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly data?: unknown;
  readonly transactionHash?: unknown;
}

const REVERT_PREFIX = /^VM Exception while processing transaction: /;
const titled = (indent: number, title: string, value: string): LogLine => ({ indent, title, value });
const str = (value: unknown): string => (typeof value === "string" ? value.toLowerCase() : "");
const num = (value: unknown): bigint => (typeof value === "string" && value !== "" ? BigInt(value) : 0n);
const pad = (indent: number, text: string): string => `${" ".repeat(indent)}${text}`;

/**
 * EDR's human-readable amount of wei: wei below 100,000, gwei below 100,000 gwei, else ETH, with the first four
 * decimals of the fraction printed as a number without its leading and trailing zeros (EDR prints 10^16 wei as
 * "0.1 ETH" and 1,000,000,001 wei as "1. gwei"; measured).
 */
export function weiText(wei: bigint): string {
  if (wei === 0n) return "0 ETH";
  if (wei < 100_000n) return `${wei} wei`;
  if (wei < 100_000_000_000_000n) return `${edrDecimal(wei, 9)} gwei`;
  return `${edrDecimal(wei, 18)} ETH`;
}

function edrDecimal(value: bigint, decimals: number): string {
  const unit = 10n ** BigInt(decimals);
  const fraction = (value % unit) / 10n ** BigInt(decimals - 4);
  return `${value / unit}.${fraction === 0n ? "" : fraction.toString().replace(/0+$/, "")}`;
}

/**
 * EDR's line for a failed execution (`LogCollector::log_transaction_failure`): "Error: …" for a revert (one
 * without data is "Transaction reverted without a reason", however the answer words it), "TransactionExecutionError:
 * …" for a halt (out of gas, invalid opcode); undefined for a refusal (the request did not run). A revert is
 * worded from its data alone, as EDR's log words it: a reason string without the "VM Exception…" prefix, a panic
 * with it, and any other data as an unrecognized custom error (the answer names the custom error; the log does not).
 */
export function failureText(error: ErrorJson): string | undefined {
  const message = String(error.message);
  if (error.code === -32000 && message === "Transaction ran out of gas") return `TransactionExecutionError: ${message}`;
  if (error.code !== 3) return undefined;
  if (message.endsWith(": invalid opcode")) return `TransactionExecutionError: ${message}`;
  if (error.data === "0x") return "Error: Transaction reverted without a reason";
  if (typeof error.data !== "string" || !/^0x(?:[0-9a-fA-F]{2})*$/.test(error.data))
    return `Error: ${message.replace(REVERT_PREFIX, "")}`;
  const worded = revertMessage(fromHex(error.data));
  return `Error: ${worded.includes(": reverted with reason string '") ? worded.replace(REVERT_PREFIX, "") : worded}`;
}

/** The hash of the mined transaction a failed send's error names. */
export function failedTransactionHash(error: ErrorJson): string {
  const data = error.data as { transactionHash?: unknown } | undefined;
  return str(error.transactionHash ?? (typeof data === "object" && data !== null ? data.transactionHash : undefined));
}

/** The precompiles of a hardfork (EDR prints a call to one as `Precompile call: <PrecompileContract N>`). */
export function precompileCount(hardfork: string | undefined): number {
  if (hardfork === "prague" || hardfork === "osaka") return 0x11;
  return hardfork === "cancun" ? 0x0a : 0x09;
}

/** The address a mined deployment created, or would have (a failed one has none in its receipt). */
function createdBy(tx: Json): string {
  return getCreateAddress({ from: str(tx.from), nonce: num(tx.nonce) }).toLowerCase();
}

/** The parts of a summary besides the transaction: console.log lines and the failure. */
export interface Tail {
  readonly console: readonly string[];
  readonly failure?: string;
}

function tailLines(indent: number, tail: Tail): LogLine[] {
  const lines: LogLine[] = [];
  if (tail.console.length > 0)
    lines.push("", pad(indent, "console.log:"), ...tail.console.map((l) => pad(indent + 2, l)));
  if (tail.failure !== undefined) lines.push("", pad(indent, tail.failure));
  return lines;
}

/** Reads a request's details back from the chain (see the module comment). */
export class LogSummaries {
  constructor(
    private readonly handle: Handle,
    private readonly registry: () => Promise<ContractRegistry>,
    private readonly precompiles: number,
  ) {}

  async #get(method: string, params: unknown[]): Promise<Json | undefined> {
    const response = await this.handle({ jsonrpc: "2.0", id: 0, method, params });
    const result = "result" in response ? response.result : undefined;
    return typeof result === "object" && result !== null ? (result as Json) : undefined;
  }

  async #getText(method: string, params: unknown[]): Promise<string> {
    const response = await this.handle({ jsonrpc: "2.0", id: 0, method, params });
    return "result" in response ? str(response.result) : "";
  }

  /**
   * EDR's contract lines (`log_contract_and_function_name`): a deployment's contract and address, a precompile,
   * a call's contract and function (input shorter than a selector is told from no contract), or for a call or an
   * estimate to an account without code a warning.
   */
  async #contractLines(indent: number, tx: { to: string; input: string; created?: string }, warn: boolean) {
    const registry = await this.registry();
    if (tx.to === "") {
      const name = registry.byCreationCode(tx.input)?.name ?? "<UnrecognizedContract>";
      return [titled(indent, "Contract deployment", name), titled(indent, "Contract address", tx.created ?? "")];
    }
    const precompile = /^0x0{38}([0-9a-f]{2})$/.exec(tx.to)?.[1];
    const n = precompile === undefined ? 0 : Number.parseInt(precompile, 16);
    if (n >= 1 && n <= this.precompiles) return [titled(indent, "Precompile call", `<PrecompileContract ${n}>`)];
    const code = await this.#getText("eth_getCode", [tx.to, "latest"]);
    if (code === "0x" || code === "")
      return warn ? [pad(indent, "WARNING: Calling an account which is not a contract")] : [];
    if (tx.input.length < 10)
      return [titled(indent, "Contract call", "<UnrecognizedContract>#<unrecognized-selector>")];
    const entry = registry.byRuntimeCode(code);
    if (entry === undefined) return [titled(indent, "Contract call", "<UnrecognizedContract>")];
    const fn = entry.abi.getFunction(tx.input.slice(0, 10))?.name;
    return [titled(indent, "Contract call", `${entry.name}#${fn ?? "<unrecognized-selector>"}`)];
  }

  /** The address a deployment run by `from` at `blockTag` creates (its nonce then, or the one it gives). */
  async #createdAddress(tx: Json, blockTag: unknown): Promise<string> {
    const from = str(tx.from);
    const nonce = tx.nonce ?? (await this.#getText("eth_getTransactionCount", [from, blockTag]));
    return getCreateAddress({ from, nonce: num(nonce) }).toLowerCase();
  }

  /** An `eth_call`'s summary (value only when sent), or a failed `eth_estimateGas`'s (value always). */
  async call(tx: Json, blockTag: unknown, estimate: boolean, tail: Tail): Promise<LogLine[]> {
    const [to, input] = [str(tx.to), str(tx.data ?? tx.input)];
    const created = to === "" ? await this.#createdAddress(tx, blockTag) : undefined;
    const lines = await this.#contractLines(2, { to, input, created }, true);
    lines.push(titled(2, "From", str(tx.from)));
    if (to !== "") lines.push(titled(2, "To", to));
    if (estimate || num(tx.value) > 0n) lines.push(titled(2, "Value", weiText(num(tx.value))));
    return [...lines, ...tailLines(2, tail)];
  }

  /** An automined transaction's summary. */
  async sent(hash: string, tail: Tail): Promise<LogLine[]> {
    const receipt = await this.#get("eth_getTransactionReceipt", [hash]);
    const tx = await this.#get("eth_getTransactionByHash", [hash]);
    if (receipt === undefined || tx === undefined) return [];
    const to = str(tx.to);
    const created = to === "" ? createdBy(tx) : undefined;
    const lines = await this.#contractLines(2, { to, input: str(tx.input), created }, false);
    lines.push(titled(2, "Transaction", hash), titled(2, "From", str(tx.from)));
    if (to !== "") lines.push(titled(2, "To", to));
    lines.push(
      titled(2, "Value", weiText(num(tx.value))),
      titled(2, "Gas used", `${num(receipt.gasUsed)} of ${num(tx.gas)}`),
      titled(2, `Block #${num(receipt.blockNumber)}`, str(receipt.blockHash)),
    );
    return [...lines, ...tailLines(2, tail)];
  }

  /**
   * The blocks a mining request made (EDR's `log_mined_blocks`): each block with transactions in full, then the
   * empty ones as one block or a range. Pending transactions go into the first blocks, so the rest are empty.
   * Console.log lines go under the transaction that logged them (console-attribution.ts), else after the blocks.
   */
  async mined(count: bigint, console: readonly string[]): Promise<LogLine[]> {
    const latest = await this.#get("eth_getBlockByNumber", ["latest", true]);
    if (latest === undefined || count < 1n) return [];
    const last = num(latest.number);
    const blocks: Array<{ block: Json; txs: Json[] }> = [];
    let number = last - count + 1n;
    for (; number <= last; number++) {
      const block =
        number === last ? latest : await this.#get("eth_getBlockByNumber", [`0x${number.toString(16)}`, true]);
      const txs = Array.isArray(block?.transactions) ? (block.transactions as Json[]) : [];
      if (block === undefined || txs.length === 0) break;
      blocks.push({ block, txs });
    }
    const byTx = await consoleByTransaction(
      this.handle,
      blocks.flatMap((b) => b.txs.map((tx) => str(tx.hash))),
      console,
    );
    const lines: LogLine[] = [];
    for (const { block, txs } of blocks) {
      if (lines.length > 0) lines.push("");
      lines.push(...(await this.#minedBlock(block, txs, (tx) => byTx?.get(str(tx.hash)) ?? [])));
    }
    if (number <= last && lines.length > 0) lines.push("");
    if (number === last) lines.push(`  Mined empty block #${number} with base fee ${num(latest.baseFeePerGas)}`);
    else if (number < last) lines.push(`  Mined empty block range #${number} to #${last}`);
    return byTx !== undefined || console.length === 0 ? lines : [...lines, ...tailLines(2, { console })];
  }

  /**
   * A block interval mining made (EDR's `log_interval_mined`): the mined block's lines one level out, then an
   * empty line; an empty block on one line.
   */
  async intervalMined(number: bigint, console: readonly string[]): Promise<LogLine[]> {
    const block = await this.#get("eth_getBlockByNumber", [`0x${number.toString(16)}`, true]);
    const txs = Array.isArray(block?.transactions) ? (block.transactions as Json[]) : [];
    if (block === undefined) return [];
    if (txs.length === 0) return [`Mined empty block #${number} with base fee ${num(block.baseFeePerGas)}`];
    const byTx = await consoleByTransaction(
      this.handle,
      txs.map((tx) => str(tx.hash)),
      console,
    );
    const lines = await this.#minedBlock(block, txs, (tx) => byTx?.get(str(tx.hash)) ?? []);
    const outdented = lines.map((l) => (typeof l === "string" ? l.slice(2) : { ...l, indent: l.indent - 2 }));
    return byTx !== undefined || console.length === 0
      ? [...outdented, ""]
      : [...outdented, ...tailLines(0, { console }), ""];
  }

  async #minedBlock(block: Json, txs: Json[], console: (tx: Json) => readonly string[]): Promise<LogLine[]> {
    const lines: LogLine[] = [
      `  Mined block #${num(block.number)}`,
      `    Block: ${str(block.hash)}`,
      `      Base fee: ${num(block.baseFeePerGas)}`,
    ];
    for (const [i, tx] of txs.entries()) {
      if (i > 0) lines.push("");
      lines.push(...(await this.#blockTransaction(tx, i, console(tx))));
    }
    return lines;
  }

  async #blockTransaction(tx: Json, index: number, console: readonly string[]): Promise<LogLine[]> {
    const hash = str(tx.hash);
    const receipt = await this.#get("eth_getTransactionReceipt", [hash]);
    const to = str(tx.to);
    const created = to === "" ? createdBy(tx) : undefined;
    const contract = await this.#contractLines(8, { to, input: str(tx.input), created }, false);
    const lines: LogLine[] = [titled(6, "Transaction", hash), ...contract, titled(8, "From", str(tx.from))];
    if (to !== "") lines.push(titled(8, "To", to));
    lines.push(
      titled(8, "Value", weiText(num(tx.value))),
      titled(8, "Gas used", `${num(receipt?.gasUsed)} of ${num(tx.gas)}`),
    );
    const failure = receipt?.status === "0x0" ? await this.#minedFailure(hash) : undefined;
    return [...lines, ...tailLines(8, { console, failure })];
  }

  /** A failed mined transaction's failure, retraced in its block (any position in it), as an automined send's. */
  async #minedFailure(hash: string): Promise<string | undefined> {
    const request = { jsonrpc: "2.0" as const, id: 0, method: "parallel_getTransactionFailure", params: [hash] };
    const answer = await this.handle(request);
    return "error" in answer ? failureText(answer.error as ErrorJson) : undefined;
  }
}
