/**
 * Legacy raw transactions as an outside harness sends them through eth_sendRawTransaction: pre-EIP-155
 * signatures (v = 27/28, no chain id), the same signature with v = 35/36 (EIP-155 for chain id 0), for another
 * chain, a flipped parity (another sender, unfunded), v = 26 and 29. (With v = 0/1 EDR takes it as a pre-EIP-155
 * signature and we refuse it: docs/COMPATIBILITY.md.) Each is compared with EDR: the answer,
 * then the transaction, its receipt and the block read back by each network's own hash.
 */
import { type Signature, Transaction, Wallet, encodeRlp, toBeHex } from "ethers";

import { BOB } from "./helpers/compat-pair.js";
import { expectSweepSame, type SweepScenario } from "./helpers/sweep-scenario.js";

/** Hardhat's first default account (funded on both networks). */
const SIGNER = new Wallet("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
const FIELDS = { type: 0, nonce: 0, gasPrice: 10n ** 10n, gasLimit: 21_000n, to: BOB, value: 1n, data: "0x" };

/** A legacy transaction signed for `chainId` (0: pre-EIP-155), serialised by ethers. */
function signed(chainId: bigint): { raw: string; signature: Signature } {
  const tx = Transaction.from({ ...FIELDS, chainId });
  const signature = SIGNER.signingKey.sign(tx.unsignedHash);
  tx.signature = signature;
  return { raw: tx.serialized, signature };
}

const q = (n: bigint): string => (n === 0n ? "0x" : toBeHex(n));

/** The pre-EIP-155 signature's fields with `v` in its place (RLP by hand: ethers would not write these). */
function withV(v: (parity: number) => bigint): string {
  const { signature } = signed(0n);
  const f = FIELDS;
  return encodeRlp([
    q(BigInt(f.nonce)),
    q(f.gasPrice),
    q(f.gasLimit),
    f.to,
    q(f.value),
    f.data,
    q(v(signature.yParity)),
    signature.r,
    signature.s,
  ]);
}

const RAW: ReadonlyArray<readonly [string, string]> = [
  ["pre-EIP-155, v = 27/28", signed(0n).raw],
  ["EIP-155 for this chain (31337)", signed(31_337n).raw],
  ["EIP-155 for chain 1", signed(1n).raw],
  ["v = 35/36 (EIP-155 with chain id 0)", withV((p) => 35n + BigInt(p))],
  ["v flipped (27 <-> 28): another sender, unfunded", withV((p) => 28n - BigInt(p))],
  ["v = 29", withV(() => 29n)],
  ["v = 26", withV(() => 26n)],
];

const SCENARIOS: SweepScenario[] = RAW.map(([name, raw]) => ({
  name,
  steps: [
    ["eth_sendRawTransaction", [raw]],
    ["eth_getTransactionByHash", (a) => [a[0] ?? `0x${"00".repeat(32)}`]],
    ["eth_getTransactionReceipt", (a) => [a[0] ?? `0x${"00".repeat(32)}`]],
    ["eth_getBlockByNumber", ["latest", true]],
    ["eth_sendRawTransaction", [raw]],
  ],
  exactErrors: true,
}));

const AUTOMINE_OFF: SweepScenario[] = RAW.slice(0, 2).map(([name, raw]) => ({
  name: `${name}, automine off: pooled, listed, mined`,
  steps: [
    ["evm_setAutomine", [false]],
    ["eth_sendRawTransaction", [raw]],
    ["eth_pendingTransactions", []],
    ["eth_getTransactionByHash", (a) => [a[1]]],
    ["evm_mine", []],
    ["eth_getTransactionReceipt", (a) => [a[1]]],
  ],
  exactErrors: true,
}));

describe("compat: legacy raw transactions (differential)", () => {
  for (const s of [...SCENARIOS, ...AUTOMINE_OFF]) it(s.name, () => expectSweepSame(s));
});
