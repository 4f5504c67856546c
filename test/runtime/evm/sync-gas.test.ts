import { Common, Mainnet } from "@ethereumjs/common";
import { getOpcodesForHF, paramsEVM } from "@ethereumjs/evm";
import { bytesToHex } from "@ethereumjs/util";
import { expect } from "chai";

import { syncGasTwins, TWINNED_OPCODES, type GasRunState } from "../../../src/runtime/evm/sync-gas.js";
import { Rng } from "../trie/reference.js";

type Original = (runState: GasRunState, gas: bigint, common: Common) => Promise<bigint>;

const warmedBy = new WeakMap<GasRunState, string[]>();

/** A run state as the gas handlers see it; `peek` throws like @ethereumjs's stack when too few items. */
function runState(rng: Rng, opCode: number): GasRunState {
  const pick = (): bigint => {
    const kind = rng.int(6);
    if (kind === 0) return 0n;
    if (kind === 1) return BigInt(rng.int(70));
    if (kind === 2) return BigInt(rng.int(5_000));
    if (kind === 3) return BigInt(32 * rng.int(100));
    if (kind === 4) return 1n << BigInt(rng.int(256));
    return (1n << 256n) - 1n - BigInt(rng.int(3));
  };
  const stack = Array.from({ length: rng.int(4) }, pick);
  const words = BigInt(rng.int(50));
  const warmed: string[] = [];
  const state: GasRunState = {
    stack: {
      peek: (count = 1) => {
        if (stack.length < count) throw new Error("stack underflow");
        return stack.slice(0, count);
      },
    },
    memoryWordCount: words,
    highestMemCost: rng.int(3) === 0 ? 0n : words * 3n + (words * words) / 512n,
    opCode,
    env: { eof: undefined },
    interpreter: {
      isStatic: () => rng.int(4) === 0,
      getReturnDataSize: () => BigInt(rng.int(100)),
      getAddress: () => ({ bytes: Uint8Array.of(1, 2) }),
      journal: {
        // A random warm or cold slot; warming it shows in the outcome.
        isWarmedStorage: () => rng.int(2) === 0,
        addWarmedStorage: (_, slot) => warmed.push(bytesToHex(slot)),
      },
    },
  };
  warmedBy.set(state, warmed);
  return state;
}

async function outcome(run: () => bigint | Promise<bigint>, state: GasRunState): Promise<string> {
  try {
    const gas = await run();
    return `${gas} ${state.memoryWordCount} ${state.highestMemCost} ${JSON.stringify(warmedBy.get(state))}`;
  } catch (e) {
    return `threw ${(e as { error?: string; message?: string }).error ?? (e as Error).message}`;
  }
}

describe("runtime/evm: synchronous twins of @ethereumjs's computing gas handlers", () => {
  it("answer what the originals answer: gas, memory size and cost, errors, for random stacks and memory", async () => {
    const common = new Common({ chain: Mainnet, hardfork: "prague", params: paramsEVM });
    const originals = getOpcodesForHF(common).dynamicGasHandlers;
    const twins = syncGasTwins();
    const outcomes = new Set<string>();
    // SSTORE's twin reads storage: it declines over these run states, and has its own test (sstore-gas.test.ts).
    for (const op of TWINNED_OPCODES.filter((o) => o !== 0x55)) {
      const original = originals.get(op) as Original | undefined;
      const twin = twins.get(original);
      expect(twin, `twin of 0x${op.toString(16)}`).to.be.a("function");
      for (let i = 0; i < 400; i++) {
        const seed = op * 1_000 + i;
        const [a, b] = [runState(new Rng(seed), op), runState(new Rng(seed), op)];
        const base = BigInt(new Rng(seed).int(40));
        const expected = await outcome(() => (original as Original)(a, base, common), a);
        const actual = await outcome(() => twin?.(b, base, common) ?? -1n, b);
        expect(actual, `0x${op.toString(16)} case ${i}`).to.equal(expected);
        outcomes.add(expected.startsWith("threw") ? expected : "gas");
      }
    }
    expect([...outcomes]).to.include.members([
      "gas",
      "threw stack underflow",
      "threw out of gas",
      "threw static state change",
    ]);
  });
});
