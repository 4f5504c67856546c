import { Common, Mainnet } from "@ethereumjs/common";
import { getOpcodesForHF, paramsEVM } from "@ethereumjs/evm";
import { bytesToHex } from "@ethereumjs/util";
import { expect } from "chai";

import { sstoreGas, type SstoreCommon, type SstoreRunState } from "../../../src/runtime/evm/sstore-gas.js";
import { syncGasTwins } from "../../../src/runtime/evm/sync-gas.js";
import { bigIntToStorageBytes } from "../../../src/runtime/util/hex.js";
import { Rng } from "../trie/reference.js";

type Original = (runState: SstoreRunState, gas: bigint, common: Common) => Promise<bigint>;

const WORDS = [0n, 1n, 5n, (1n << 256n) - 1n];
const ADDRESS = { bytes: Uint8Array.of(0xaa, 0xbb) };

/** One random SSTORE situation: stack, current and original words, warmth, gas left, refund, static call. */
interface Situation {
  readonly stack: bigint[];
  readonly current: bigint;
  readonly original: bigint;
  readonly warm: boolean;
  readonly gasLeft: bigint;
  readonly refund: bigint;
  readonly isStatic: boolean;
}

function situation(rng: Rng): Situation {
  const word = (): bigint => WORDS[rng.int(WORDS.length)] ?? 0n;
  const depth = rng.int(12) === 0 ? rng.int(2) : 2;
  return {
    stack: Array.from({ length: depth }, (_, i) => (i === 0 ? BigInt(rng.int(3)) : word())),
    current: word(),
    original: word(),
    warm: rng.int(2) === 0,
    gasLeft: [2_299n, 2_300n, 2_301n, 100_000n][rng.int(4)] ?? 0n,
    refund: [0n, 100n, 4_800n, 30_000n][rng.int(4)] ?? 0n,
    isStatic: rng.int(10) === 0,
  };
}

/** A run state over `s`; `log` records storage reads, warming and refunds in order. */
function runStateOf(s: Situation, log: string[], words: boolean): SstoreRunState & { gasRefund: bigint } {
  const warm = new Set<string>(s.warm ? [bytesToHex(new Uint8Array(32))] : []);
  const read = (which: "current" | "original", key: Uint8Array): bigint => {
    log.push(`${which} ${bytesToHex(key)}`);
    return s[which];
  };
  const state = {
    gasRefund: s.refund,
    stack: { peek: (n = 1) => (s.stack.length < n ? (undefined as never) : s.stack.slice(0, n)) },
    memoryWordCount: 0n,
    highestMemCost: 0n,
    opCode: 0x55,
    env: {},
    stateManager: words
      ? {
          storageWord: (_: unknown, k: Uint8Array) => read("current", k),
          originalWord: (_: unknown, k: Uint8Array) => read("original", k),
        }
      : {},
    interpreter: {
      isStatic: () => s.isStatic,
      getReturnDataSize: () => 0n,
      getAddress: () => ADDRESS,
      getGasLeft: () => s.gasLeft,
      storageLoad: async (key: Uint8Array, original: boolean) =>
        bigIntToStorageBytes(read(original ? "original" : "current", key)),
      refundGas: (amount: bigint) => {
        log.push(`refund ${amount}`);
        state.gasRefund += amount;
      },
      subRefund: (amount: bigint) => {
        log.push(`subRefund ${amount}`);
        state.gasRefund -= amount;
        if (state.gasRefund < 0n) throw new Error("refund exhausted");
      },
      journal: {
        isWarmedStorage: (_: Uint8Array, slot: Uint8Array) => warm.has(bytesToHex(slot)),
        addWarmedStorage: (_: Uint8Array, slot: Uint8Array) => {
          log.push(`warm ${bytesToHex(slot)}`);
          warm.add(bytesToHex(slot));
        },
      },
    },
  };
  return state as SstoreRunState & { gasRefund: bigint };
}

async function outcome(
  run: () => bigint | undefined | Promise<bigint | undefined>,
  state: { gasRefund: bigint },
  log: string[],
): Promise<string> {
  try {
    const gas = await run();
    return `${gas} refund ${state.gasRefund} ${log.join(", ")}`;
  } catch (e) {
    return `threw ${(e as { error?: string; message?: string }).error ?? (e as Error).message} ${log.join(", ")}`;
  }
}

describe("runtime/evm: SSTORE's synchronous gas (sstore-gas.ts)", () => {
  const prague = new Common({ chain: Mainnet, hardfork: "prague", params: paramsEVM });
  const original = getOpcodesForHF(prague).dynamicGasHandlers.get(0x55) as Original;

  it("is the twin of @ethereumjs's SSTORE gas handler", () => {
    expect(syncGasTwins().get(original)).to.equal(sstoreGas);
  });

  it("answers what @ethereumjs's handler answers: gas, refunds, reads, warming and errors, in the same order", async () => {
    const rng = new Rng(55);
    const kinds = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const s = situation(rng);
      const [logA, logB] = [[] as string[], [] as string[]];
      const [a, b] = [runStateOf(s, logA, false), runStateOf(s, logB, true)];
      const base = BigInt(rng.int(40));
      const expected = await outcome(() => original(a, base, prague), a, logA);
      const actual = await outcome(() => sstoreGas(b, base, prague as unknown as SstoreCommon), b, logB);
      expect(
        actual,
        `case ${i}: ${JSON.stringify(s, (_, v: unknown) => (typeof v === "bigint" ? `${v}` : v))}`,
      ).to.equal(expected);
      kinds.add(
        expected
          .split(" ")
          .slice(0, 2)
          .join(" ")
          .replace(/^\d+ refund/, "gas"),
      );
    }
    // Every branch was taken: plain gas, refunds and sub-refunds, and each error.
    expect([...kinds]).to.include.members(["gas", "threw out", "threw static", "threw refund"]);
  });

  it("declines, before reading anything, where it does not repeat @ethereumjs", () => {
    const s: Situation = {
      stack: [1n, 2n],
      current: 0n,
      original: 0n,
      warm: false,
      gasLeft: 10n ** 6n,
      refund: 0n,
      isStatic: false,
    };
    const log: string[] = [];
    expect(sstoreGas(runStateOf(s, log, false), 0n, prague as unknown as SstoreCommon)).to.equal(undefined);
    for (const hardfork of ["constantinople", "petersburg", "byzantium"]) {
      const common = new Common({ chain: Mainnet, hardfork, params: paramsEVM });
      expect(sstoreGas(runStateOf(s, log, true), 0n, common as unknown as SstoreCommon), hardfork).to.equal(undefined);
    }
    expect(log).to.deep.equal([]);
    expect(sstoreGas(runStateOf(s, log, true), 0n, prague as unknown as SstoreCommon)).to.equal(22_100n);
  });
});
