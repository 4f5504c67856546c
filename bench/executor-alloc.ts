/**
 * Where a sequential 1,000-ERC20-transfer block allocates (`node --import tsx/esm bench/executor-alloc.ts
 * [blocks]`): V8's sampling heap profiler, counting objects the garbage collector already took, over warm
 * blocks (state root included); JSON to stdout with the on-heap bytes per transaction, in total and by
 * allocating function (self), the largest first. Off-heap backing stores (an ArrayBuffer over 64 bytes, such as
 * each call frame's 8 KiB EVM memory) are not sampled. Issue 14's allocation tax, not a goal check.
 */
import { Session } from "node:inspector/promises";
import { loadavg } from "node:os";

import type { Interface } from "ethers";

import { fromHex } from "../src/runtime/util/hex.js";
import { COINBASES, createWorld, runBlock, tx, type FuzzWorld } from "../test/runtime/parallel/helpers/fuzz-world.js";

import { round } from "./stats.js";

const N = 1000;
const BLOCKS = Number(process.argv[2] ?? 3) || 3;
const WARM_UP = 5;

interface ProfileNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly id: number;
  readonly children: readonly ProfileNode[];
}
interface SamplingProfile {
  readonly head: ProfileNode;
  readonly samples: ReadonlyArray<{ readonly size: number; readonly nodeId: number }>;
}

function transfers(w: FuzzWorld) {
  const token = w.interfaces.Token as Interface;
  return w.accounts.slice(0, N).map((from, i) => {
    const to = `0x${(0xbeef0000 + i).toString(16).padStart(40, "0")}`;
    return tx(w, from, w.contracts.Token, fromHex(token.encodeFunctionData("transfer", [to, 1n])), 0n, 80_000n);
  });
}

/** Bytes per transaction by allocating function ("name file:line"), from the profile's samples. */
function bySite(profile: SamplingProfile, blocks: number): Array<[string, number]> {
  const names = new Map<number, string>();
  const walk = (node: ProfileNode): void => {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/.*node_modules\//, "").replace(/.*\/(src|bench|test)\//, "$1/");
    names.set(node.id, `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`);
    node.children.forEach(walk);
  };
  walk(profile.head);
  const bytes = new Map<string, number>();
  for (const s of profile.samples) {
    const name = names.get(s.nodeId) ?? "?";
    bytes.set(name, (bytes.get(name) ?? 0) + s.size);
  }
  return [...bytes].map(([k, v]): [string, number] => [k, round(v / blocks / N, 0)]).sort((a, b) => b[1] - a[1]);
}

async function main(): Promise<void> {
  const w = await createWorld(N + 1);
  const mark = w.state.mark();
  const txs = transfers(w);
  const block = async (): Promise<void> => {
    await runBlock(w, w.sequential, txs, COINBASES[0] ?? "", 200_000_000n);
    w.state.stateRoot();
    w.state.rollback(mark);
  };
  for (let b = 0; b < WARM_UP; b++) await block();
  const session = new Session();
  session.connect();
  const load = [loadavg()[0] ?? 0];
  await session.post("HeapProfiler.startSampling", {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  } as never);
  for (let b = 0; b < BLOCKS; b++) await block();
  const { profile } = (await session.post("HeapProfiler.stopSampling")) as unknown as { profile: SamplingProfile };
  load.push(loadavg()[0] ?? 0);
  const sites = bySite(profile, BLOCKS);
  const total = sites.reduce((a, [, v]) => a + v, 0);
  console.log(JSON.stringify({ load, blocks: BLOCKS, bytesPerTx: total, selfBytesPerTx: sites.slice(0, 30) }, null, 2));
}

await main();
process.exit(0);
