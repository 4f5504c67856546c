/** Running `estimateGas` straight on a test provider's chain, with or without its shortcut. */
import { estimateGas } from "../../../../src/runtime/chain/call-runner.js";
import type { TxRequest } from "../../../../src/runtime/chain/transaction-factory.js";
import type { ParallelProvider } from "../../../../src/runtime/rpc/parallel-provider.js";
import { fromHex } from "../../../../src/runtime/util/hex.js";

/** The first of the default accounts. */
export const ALICE = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
/** The EIP-7825 transaction gas cap (osaka, the default hardfork). */
export const CAP = 16_777_216n;

/** A request from ALICE to `to` with `data`, at the cap, at ALICE's next nonce. */
export function capRequest(provider: ParallelProvider, to: string, data = "0x"): TxRequest {
  return {
    from: ALICE,
    to,
    gas: CAP,
    value: 0n,
    data: fromHex(data),
    nonce: provider.chain.state.account(ALICE)?.nonce ?? 0n,
    type: 2,
    maxFeePerGas: 0n,
    maxPriorityFeePerGas: 0n,
  };
}

/** `estimateGas` of `req` in the provider's next block, zero base fee, capped at CAP. */
export function estimateOn(
  provider: ParallelProvider,
  req: TxRequest,
  exactRunShortcut: boolean,
): ReturnType<typeof estimateGas> {
  const { chain } = provider;
  const env = { ...chain.nextEnvironment(), baseFeePerGas: 0n };
  return estimateGas(chain, chain.state, env, req, CAP, { exactRunShortcut });
}
