/**
 * Accounts from a BIP-39 mnemonic along a BIP-32 path (Ethereum's `m/44'/60'/0'/0/i` by default), as Hardhat's
 * network derives its funded accounts. The seed is PBKDF2-HMAC-SHA512 over the NFKD-normalised phrase (2048
 * rounds, salt `mnemonic` + passphrase) and each child key HMAC-SHA512 of the parent chain code — all in
 * node:crypto — with the curve arithmetic in libsecp256k1 (its native binding, else WebAssembly: `secp256k1.ts`).
 * ethers' pure-JS wallet took ≈ 300 ms for Hardhat's 20 default accounts on this machine, paid on the first
 * request of every test run; this takes a few milliseconds. Without libsecp256k1 it answers undefined and the
 * caller uses ethers.
 * Equal to ethers' derivation key for key (test/runtime/crypto/hd-accounts.test.ts).
 */
import { createHmac, pbkdf2Sync } from "node:crypto";

import { keccak256 } from "./keccak.js";
import { keyArithmetic, type KeyArithmetic } from "./secp256k1.js";

/** One derived account. */
export interface DerivedAccount {
  /** Lower-case 0x address. */
  readonly address: string;
  /** 0x-prefixed 32-byte private key. */
  readonly privateKey: string;
}

interface Node {
  readonly key: Uint8Array;
  readonly chainCode: Uint8Array;
}

const HARDENED = 0x8000_0000;

function hmac(key: Uint8Array, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac("sha512", key).update(data).digest());
}

function child(curve: KeyArithmetic, parent: Node, index: number): Node | undefined {
  const data = new Uint8Array(37);
  if (index >= HARDENED) data.set(parent.key, 1);
  else {
    const publicKey = curve.publicKey(parent.key, true);
    if (publicKey === null) return undefined;
    data.set(publicKey, 0);
  }
  new DataView(data.buffer).setUint32(33, index);
  const i = hmac(parent.chainCode, data);
  const key = curve.add(parent.key, i.subarray(0, 32));
  // A key out of range (probability < 2^-127) is not derived here: the caller falls back to ethers.
  return key === null ? undefined : { key, chainCode: i.subarray(32) };
}

function pathIndexes(path: string): number[] | undefined {
  const parts = path.split("/");
  if (parts[0] !== "m") return undefined;
  const indexes = parts.slice(1).map((p) => {
    const match = /^(\d+)('?)$/.exec(p);
    const n = match === null ? NaN : Number(match[1]);
    return Number.isSafeInteger(n) && n < HARDENED ? n + (match?.[2] === "'" ? HARDENED : 0) : NaN;
  });
  return indexes.every((n) => !Number.isNaN(n)) ? indexes : undefined;
}

function addressOf(curve: KeyArithmetic, key: Uint8Array): string | undefined {
  const publicKey = curve.publicKey(key, false);
  if (publicKey === null) return undefined;
  return `0x${Buffer.from(keccak256(publicKey.subarray(1)).subarray(12)).toString("hex")}`;
}

/**
 * The lower-case address of a 0x-prefixed 32-byte private key, through libsecp256k1; undefined when it is not
 * available or the key is invalid (the caller then asks ethers, which also words the error).
 */
export function privateKeyAddress(privateKey: string): string | undefined {
  const curve = keyArithmetic();
  if (curve === undefined || !/^0x[0-9a-fA-F]{64}$/.test(privateKey)) return undefined;
  return addressOf(curve, Buffer.from(privateKey.slice(2), "hex"));
}

/**
 * Derives `count` accounts at `path/first`, `path/first+1`, …; undefined when libsecp256k1 is unavailable or the
 * path is not of the form `m/44'/60'/0'/0` (the caller then derives them another way).
 */
export function deriveHdAccounts(
  mnemonic: string,
  passphrase: string,
  path: string,
  first: number,
  count: number,
): DerivedAccount[] | undefined {
  const curve = keyArithmetic();
  const indexes = pathIndexes(path);
  if (curve === undefined || indexes === undefined) return undefined;
  const seed = pbkdf2Sync(mnemonic.normalize("NFKD"), `mnemonic${passphrase}`.normalize("NFKD"), 2048, 64, "sha512");
  const master = hmac(new TextEncoder().encode("Bitcoin seed"), seed);
  let node: Node | undefined = { key: master.subarray(0, 32), chainCode: master.subarray(32) };
  for (const index of indexes) node = node === undefined ? undefined : child(curve, node, index);
  const accounts: DerivedAccount[] = [];
  for (let i = 0; i < count && node !== undefined; i++) {
    const leaf = child(curve, node, first + i);
    const address = leaf === undefined ? undefined : addressOf(curve, leaf.key);
    if (leaf === undefined || address === undefined) return undefined;
    accounts.push({ address, privateKey: `0x${Buffer.from(leaf.key).toString("hex")}` });
  }
  return node === undefined ? undefined : accounts;
}
