/**
 * Methods that run or sign transactions: eth_sendTransaction, eth_sendRawTransaction, eth_call (with state
 * overrides), eth_estimateGas, eth_createAccessList, eth_sign, personal_sign, eth_signTypedData_v4.
 */
import { SigningKey, getAddress, hashMessage } from "ethers";

import { signDigestSerialized } from "../../crypto/secp256k1.js";
import { fromHex, quantity, toHex } from "../../util/hex.js";
import type { AddressHex } from "../../vocabulary.js";
import type { MethodContext, MethodHandler } from "../method-context.js";
import { addressParam, blockSpecParam, dataOrEmptyParam, maxParams, type BlockRef } from "../params.js";
import { refused } from "../rpc-error.js";
import { checkNonceLimit, usesSnapshotId, withoutTrailingBytes } from "../transaction-validation.js";

import { readStateOverrides, withOverrides } from "./state-overrides.js";
import { callRequestParam, txRequestParam } from "./tx-request-param.js";
import { typedDataDigest, typedDataParam } from "./typed-data.js";

function keyFor(ctx: MethodContext, address: AddressHex): string {
  const key = ctx.keys.get(address);
  if (key === undefined) throw refused(`Unknown account ${getAddress(address)}`);
  return key;
}

/** `digest` (0x hex, 32 bytes) signed with `key` as ethers' SigningKey signs it, by libsecp256k1 when loaded. */
function signDigestWith(key: string, digest: string): string {
  const signature = /^0x[0-9a-fA-F]{64}$/.test(key) ? signDigestSerialized(fromHex(digest), fromHex(key)) : undefined;
  return signature === undefined ? new SigningKey(key).sign(digest).serialized : toHex(signature);
}

function signMessage(ctx: MethodContext, address: AddressHex, message: Uint8Array): string {
  return signDigestWith(keyFor(ctx, address), hashMessage(message));
}

function signTypedData(ctx: MethodContext, params: unknown[]): string {
  const address = addressParam(params, 0, "address");
  const data = typedDataParam(params);
  try {
    const digest = typedDataDigest(data);
    return signDigestWith(keyFor(ctx, address), digest);
  } catch (error) {
    if (error instanceof Error && error.name === "RpcError") throw error;
    // Well-formed typed data whose message does not fit its types: refused (-32000), as Hardhat's network does.
    throw refused(`invalid value for parameter 1 (typedData): ${(error as Error).message}`);
  }
}

/** Runs a send; a refusal Hardhat's network makes after its automine snapshot uses up a snapshot id there too. */
async function sending(ctx: MethodContext, send: () => Promise<string>): Promise<string> {
  try {
    return await send();
  } catch (error) {
    if (ctx.chain.automine && usesSnapshotId(error)) ctx.chain.skipSnapshotId();
    throw error;
  }
}

/** Methods that send, call or sign. */
export function ethSendMethods(ctx: MethodContext): Record<string, MethodHandler> {
  return {
    eth_sendTransaction: (p) => {
      maxParams(p, 1);
      const request = txRequestParam(p, 0);
      checkNonceLimit(ctx.chain, request);
      return sending(ctx, () => ctx.transactions.send(request));
    },
    eth_sendRawTransaction: (p) => {
      maxParams(p, 1);
      const bytes = withoutTrailingBytes(dataOrEmptyParam(p, 0, "data"));
      return sending(ctx, () => ctx.transactions.sendRaw(bytes));
    },
    eth_call: async (p) => {
      maxParams(p, 3);
      const request = callRequestParam(p, 0);
      const ref = blockSpecParam(p, 1);
      const overrides = readStateOverrides(p, 2);
      const run = () => ctx.transactions.call(request, ref);
      return toHex(overrides === undefined ? await run() : await withOverrides(ctx.chain, overrides, run));
    },
    eth_estimateGas: async (p) => {
      maxParams(p, 2);
      // Without a block, Hardhat's network estimates in the pending block.
      const ref: BlockRef = p[1] === undefined ? { kind: "tag", tag: "pending" } : blockSpecParam(p, 1);
      return quantity(await ctx.transactions.estimate(callRequestParam(p, 0), ref));
    },
    eth_createAccessList: async (p) => {
      maxParams(p, 2);
      const { list, gasUsed } = await ctx.transactions.createAccessList(callRequestParam(p, 0), blockSpecParam(p, 1));
      return { accessList: list, gasUsed: quantity(gasUsed) };
    },
    eth_sign: (p) => signMessage(ctx, addressParam(p, 0, "address"), dataOrEmptyParam(p, 1, "message")),
    personal_sign: (p) => {
      maxParams(p, 2); // no password, as on Hardhat's network
      return signMessage(ctx, addressParam(p, 1, "address"), dataOrEmptyParam(p, 0, "message"));
    },
    eth_signTypedData_v4: (p) => signTypedData(ctx, p),
  };
}
