import { expect } from "chai";

import { ParallelProvider, type RpcResponse } from "../../../src/runtime/rpc/parallel-provider.js";
import { toHex } from "../../../src/runtime/util/hex.js";

import {
  ALICE,
  MALFORMED,
  METHODS,
  NO_PARAM_METHODS,
  UNKNOWN,
  VALID,
  highSRaw,
  type Param,
} from "./bad-input-cases.js";

interface Fingerprint {
  stateRoot: string;
  blockNumber: unknown;
  balance: unknown;
  pending: number;
}

async function fingerprint(provider: ParallelProvider): Promise<Fingerprint> {
  return {
    stateRoot: toHex(provider.chain.state.stateRoot()),
    blockNumber: await provider.request({ method: "eth_blockNumber" }),
    balance: await provider.request({ method: "eth_getBalance", params: [ALICE, "latest"] }),
    pending: provider.chain.pool.size,
  };
}

function paramsWith(params: readonly Param[], index: number, value: unknown): unknown[] {
  return params.map((param, i) => (i === index ? value : VALID[param.kind]));
}

function errorOf(response: RpcResponse): { code: number; message: string } | undefined {
  return "error" in response ? response.error : undefined;
}

/** Sends one request; checks nothing crashed, the state is unchanged if it failed, and the next request works. */
async function probe(provider: ParallelProvider, method: string, params: unknown): Promise<RpcResponse> {
  const before = await fingerprint(provider);
  const response = await provider.handle({ jsonrpc: "2.0", id: 1, method, params });
  const error = errorOf(response);
  if (error !== undefined) {
    expect(error.code, `${method}: ${error.message}`).to.not.equal(-32603);
    expect(await fingerprint(provider), `${method} changed state`).to.deep.equal(before);
  }
  expect(await provider.request({ method: "eth_chainId" })).to.equal("0x7a69");
  return response;
}

const show = (v: unknown): string => (v === undefined ? "nothing" : (JSON.stringify(v) ?? String(v)).slice(0, 60));

/**
 * -32602, except a word or decimal digits as the block of a method Hardhat's network takes an EIP-1898 block spec
 * in: there the request is an unsupported method (-32004), as on EDR (still naming the param).
 */
function expectedCode(method: string, param: Param, value: unknown): number {
  const isWord = (v: unknown) =>
    typeof v === "string" && !v.startsWith("0x") && !/^(latest|pending|earliest|safe|finalized)$/.test(v);
  const filter = (value ?? {}) as { fromBlock?: unknown; toBlock?: unknown };
  const word =
    param.kind === "block" ? isWord(value) : param.kind === "filter" && [filter.fromBlock, filter.toBlock].some(isWord);
  return word && BLOCK_SPEC_METHODS.has(method) ? -32004 : -32602;
}

const BLOCK_SPEC_METHODS = new Set([
  "eth_getBalance",
  "eth_getTransactionCount",
  "eth_getCode",
  "eth_getStorageAt",
  "eth_call",
  "eth_estimateGas",
  "eth_createAccessList",
  "eth_feeHistory",
  "eth_getProof",
  "eth_getLogs",
  "eth_newFilter",
  "debug_traceCall",
]);

/** Raw bytes that do not decode are refused in the words of Hardhat's network's decoder (alloy-rlp), unnamed. */
const DECODER_WORDS =
  /^(input too short|unexpected length|leading zero|overflow|unexpected (list|string)|unexpected list length \(got \d+, expected \d+\)|invalid bool value, must be 0 or 1|Invalid Signature|Invalid transaction type \d+\.)$/;

describe("runtime/rpc: bad input", () => {
  let provider: ParallelProvider;
  const malformed = { ...MALFORMED };

  before(async () => {
    malformed.raw = [...MALFORMED.raw, await highSRaw()];
  });
  beforeEach(async () => {
    provider = await ParallelProvider.create({ log: () => undefined });
    await provider.request({ method: "eth_sendTransaction", params: [{ from: ALICE, to: ALICE, value: "0x1" }] });
  });
  afterEach(() => provider.close());

  for (const [method, params] of Object.entries(METHODS)) {
    describe(method, () => {
      params.forEach((param, index) => {
        it(`parameter ${index} (${param.name}): malformed values answer -32602 (-32004 for a word as a block spec) naming it`, async () => {
          for (const value of malformed[param.kind]) {
            const error = errorOf(await probe(provider, method, paramsWith(params, index, value)));
            expect(error?.code, `${show(value)} answered ${JSON.stringify(error)}`).to.equal(
              expectedCode(method, param, value),
            );
            expect(error?.message, show(value)).to.satisfy(
              (m: string) =>
                m.includes(`parameter ${index}`) ||
                m.includes(param.name) ||
                (param.kind === "raw" && DECODER_WORDS.test(m)),
            );
          }
        });

        if (!param.optional) {
          it(`parameter ${index} (${param.name}): missing answers -32602`, async () => {
            const error = errorOf(await probe(provider, method, paramsWith(params, index, undefined).slice(0, index)));
            expect(error?.code, JSON.stringify(error)).to.equal(-32602);
          });
        }

        const unknown = UNKNOWN[param.kind] ?? [];
        if (unknown.length > 0) {
          it(`parameter ${index} (${param.name}): unknown values answer an error or nothing, never crash`, async () => {
            for (const value of unknown) await probe(provider, method, paramsWith(params, index, value));
          });
        }
      });

      it("params that are not an array answer -32602", async () => {
        for (const value of ["x", 1, { a: 1 }]) {
          expect(errorOf(await probe(provider, method, value))?.code).to.equal(-32602);
        }
      });
    });
  }

  it("methods without params refuse a non-array params member and keep serving", async () => {
    for (const method of NO_PARAM_METHODS) {
      expect(errorOf(await probe(provider, method, "x"))?.code, method).to.equal(-32602);
      // A param where none is read is refused too, as on Hardhat's network (eth_requestAccounts is ours only).
      if (method !== "eth_requestAccounts")
        expect(errorOf(await probe(provider, method, [1]))?.code, method).to.equal(-32602);
      expect(errorOf(await probe(provider, method, [])), method).to.equal(undefined);
    }
  });

  it("unknown methods answer -32004 (not supported), as Hardhat's network does", async () => {
    for (const method of ["eth_foo", "", "hardhat_setLoggingEnabled2", "__proto__", "constructor", "toString"]) {
      const error = errorOf(await probe(provider, method, []));
      expect(error?.code, method).to.equal(-32004);
    }
  });

  it("a request object without a string method answers -32600", async () => {
    const response = await provider.handle({ method: 5 } as unknown as { method: string });
    expect(errorOf(response)?.code).to.equal(-32600);
  });
});
