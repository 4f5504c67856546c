/**
 * `mineBlock`: several transactions in one block. Automine is switched off, the callback sends its
 * transactions (in order, without waiting for receipts), one block is mined with `evm_mine`, and automine is
 * put back as it was — also when the callback throws, in which case the transactions it sent are dropped
 * from the pool, so the chain is left as before. On a network hardhat-parallel serves, the block's execution
 * facts come from `parallel_getBlockAccesses`; on any other network (Hardhat's own) the block is mined the
 * same way and `facts` is undefined with the reason in `unavailable`.
 */
import {
  conflictsOf,
  type BlockAccess,
  type BlockReceipt,
  type MinedBlock,
  type TransactionFacts,
} from "./block-facts.js";
import { MineBlockError } from "./errors.js";
import { startRecording, stopRecording } from "./sent-transactions.js";

/** An EIP-1193 provider. */
export interface RequestProvider {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

/** The connection `mineBlock` works on. */
export interface MineBlockTarget {
  readonly provider: RequestProvider;
  readonly networkName: string;
}

const mined = new Map<string, MinedBlock>();

/** The block `mineBlock` mined `hash` in, if it did. */
export function minedBlockOf(hash: string): MinedBlock | undefined {
  return mined.get(hash.toLowerCase());
}

type Json = Record<string, unknown>;

async function receiptsOf(provider: RequestProvider, hashes: readonly string[]): Promise<BlockReceipt[]> {
  const receipts: BlockReceipt[] = [];
  for (const hash of hashes) {
    const raw = (await provider.request({ method: "eth_getTransactionReceipt", params: [hash] })) as Json;
    receipts.push({
      hash,
      index: Number(raw.transactionIndex),
      from: String(raw.from).toLowerCase(),
      to: typeof raw.to === "string" ? raw.to.toLowerCase() : null,
      status: raw.status === "0x1" ? "success" : "reverted",
      gasUsed: BigInt(String(raw.gasUsed)),
      contractAddress: typeof raw.contractAddress === "string" ? raw.contractAddress.toLowerCase() : null,
      raw,
    });
  }
  return receipts;
}

function transactionFacts(t: Json): TransactionFacts {
  const list = (v: unknown): BlockAccess[] => (Array.isArray(v) ? (v as BlockAccess[]) : []);
  return {
    hash: String(t.hash),
    index: Number(t.transactionIndex),
    from: String(t.from),
    to: typeof t.to === "string" ? t.to : null,
    status: t.status === "0x1" ? "success" : "reverted",
    contract: typeof t.contract === "string" ? t.contract : null,
    sourceName: typeof t.sourceName === "string" ? t.sourceName : null,
    function: typeof t.function === "string" ? t.function : null,
    reads: list(t.reads),
    writes: list(t.writes),
    deltas: list(t.deltas),
  };
}

async function factsOf(provider: RequestProvider, number: string): Promise<MinedBlock["facts"]> {
  const answer = (await provider.request({ method: "parallel_getBlockAccesses", params: [number] })) as Json;
  const execution = (answer.execution ?? {}) as Json;
  const transactions = (answer.transactions as Json[]).map(transactionFacts);
  return {
    strategy: String(execution.strategy),
    reason: String(execution.reason),
    executions: Number(execution.executions ?? 0),
    reExecutions: Number(execution.reExecutions ?? 0),
    transactions,
    conflicts: conflictsOf(transactions),
    variables: (answer.variables as string[] | undefined) ?? [],
  };
}

async function dropAll(provider: RequestProvider, hashes: readonly string[]): Promise<number> {
  let dropped = 0;
  for (const hash of hashes) {
    const removed = await provider.request({ method: "hardhat_dropTransaction", params: [hash] }).catch(() => false);
    if (removed === true) dropped++;
  }
  return dropped;
}

async function runCallback(target: MineBlockTarget, fn: () => unknown): Promise<string[]> {
  try {
    await fn();
  } catch (error) {
    const sent = stopRecording(target);
    const dropped = await dropAll(target.provider, sent);
    const message = error instanceof Error ? error.message : String(error);
    throw new MineBlockError(
      `mineBlock: the callback threw before the block was mined: ${message}\n` +
        `Nothing was mined: the ${dropped} transaction(s) it had sent were dropped and automine is restored. ` +
        "If a send failed because it reverts, gas estimation rejected it (automine is off, nothing runs until " +
        "the block is mined): give it an explicit gas limit, e.g. { gasLimit: 500_000 }, to put a reverting " +
        "transaction in the block.",
      { cause: error },
    );
  }
  return stopRecording(target);
}

async function mineSent(
  target: MineBlockTarget,
  sent: readonly string[],
): Promise<{ number: string; hash: string; hashes: string[] }> {
  await target.provider.request({ method: "evm_mine", params: [] });
  const block = (await target.provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as Json;
  const hashes = (block.transactions as string[]).map((h) => h.toLowerCase());
  const left = sent.filter((h) => !hashes.includes(h));
  if (left.length > 0) {
    await dropAll(target.provider, left);
    throw new MineBlockError(
      `mineBlock: ${left.length} of the ${sent.length} transactions did not fit in one block (block gas limit) ` +
        "and were dropped. Send fewer transactions per mineBlock, or give them smaller gas limits.",
    );
  }
  return { number: String(block.number), hash: String(block.hash), hashes };
}

/**
 * Sends the callback's transactions into one block and mines it. Throws a `MineBlockError` (automine restored,
 * the callback's transactions dropped) when called inside another `mineBlock` on the same connection, when the
 * callback throws, or when the transactions do not fit in one block.
 */
export async function mineBlock(target: MineBlockTarget, served: boolean, fn: () => unknown): Promise<MinedBlock> {
  if (!startRecording(target)) {
    throw new MineBlockError(
      "mineBlock was called inside another mineBlock on the same connection. Send every transaction of the " +
        "block from one callback, or await the first mineBlock before starting the next.",
    );
  }
  const provider = target.provider;
  let automine: unknown = true;
  try {
    automine = await provider.request({ method: "hardhat_getAutomine", params: [] });
    await provider.request({ method: "evm_setAutomine", params: [false] });
    const sent = await runCallback(target, fn);
    const { number, hash, hashes } = await mineSent(target, sent);
    await provider.request({ method: "evm_setAutomine", params: [automine !== false] });
    const block: MinedBlock = {
      network: target.networkName,
      number: BigInt(number),
      hash,
      receipts: await receiptsOf(provider, hashes),
      facts: served ? await factsOf(provider, number) : undefined,
      ...(served
        ? {}
        : {
            unavailable:
              `network "${target.networkName}" is not served by hardhat-parallel: the block was mined, but ` +
              "execution facts (access sets, conflicts) need the parallel network (--network parallel).",
          }),
    };
    for (const h of hashes) mined.set(h, block);
    // Keep the lookup bounded in long runs: old blocks are rarely asserted on.
    for (const old of mined.keys()) if (mined.size > 20_000) mined.delete(old);
    return block;
  } finally {
    stopRecording(target);
    await provider.request({ method: "evm_setAutomine", params: [automine !== false] });
  }
}
