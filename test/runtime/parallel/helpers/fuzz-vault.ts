/**
 * The fuzzer's vault family: payable deposits into two shared `Vault`s (one hot), view and nonpayable calls to
 * them, and every way of observing a vault's balance — SELFBALANCE, BALANCE, a withdrawal (CALL with value out
 * of the vault), a forward into the other vault, CREATE with value, a call touching an empty account, a
 * balance-dependent branch, SELFDESTRUCT, a credit in a reverted frame before BALANCE, plain ETH sent to `receive`. Credits nothing observes are lazy
 * deltas in `TxState`; each observer must be a recorded read, or Block-STM diverges from the sequential run.
 */
import type { TypedTransaction } from "@ethereumjs/tx";
import type { Interface } from "ethers";

import { fromHex } from "../../../../src/runtime/util/hex.js";

import { tx, type FuzzWorld } from "./fuzz-world.js";

/** The vaults the world deploys, hot one first. */
export const VAULTS = ["Vault0", "Vault1"] as const;

/** A random transaction of the vault family from `from`. */
export function randomVaultTx(w: FuzzWorld, random: () => number, from: string, to: string): TypedTransaction {
  const vaults = VAULTS.map((v) => w.contracts[v] ?? "");
  const [hot = "", cold = ""] = random() < 0.7 ? vaults : [...vaults].reverse();
  const I = w.interfaces.Vault as Interface;
  const send = (fn: string, args: unknown[], value = 0n, gas = 120_000n): TypedTransaction =>
    tx(w, from, hot, fromHex(I.encodeFunctionData(fn, args)), value, gas);
  const amount = BigInt(1 + Math.floor(random() * 1000));
  const r = random();
  if (r < 0.3) return send("deposit", [], amount);
  if (r < 0.38) return send("poke", []);
  if (r < 0.46) return send("total", [to]);
  if (r < 0.52) return send("selfBalance", [], random() < 0.5 ? amount : 0n);
  if (r < 0.58) return send("balanceOfAccount", [random() < 0.5 ? cold : to]);
  if (r < 0.66) return send("withdraw", [amount * (random() < 0.3 ? 1000n : 1n)], random() < 0.3 ? amount : 0n);
  if (r < 0.73) return send("forward", [cold], random() < 0.8 ? amount : 0n, 150_000n);
  if (r < 0.77) return send("make", [random() < 0.5 ? 0n : amount], random() < 0.5 ? amount : 0n, 300_000n);
  if (r < 0.82) return send("touch", [random() < 0.5 ? `0x${"5e".repeat(19)}${Math.floor(random() * 9)}0` : cold]);
  if (r < 0.89) return send("ifRich", [amount * 50n], random() < 0.5 ? amount : 0n);
  if (r < 0.91) return send("kill", [random() < 0.5 ? to : cold]);
  if (r < 0.95) return send("tryForward", [cold], random() < 0.8 ? amount : 0n, 150_000n);
  if (r < 0.97) return send("payTo", [random() < 0.7 ? to : cold], amount);
  return tx(w, from, hot, new Uint8Array(0), amount, 60_000n);
}
