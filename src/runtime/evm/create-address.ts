/**
 * The address of a contract a CREATE or CREATE2 makes, computed as @ethereumjs's `EVM._generateAddress` does —
 * keccak-256 of RLP([sender, nonce − 1]), or of 0xff ‖ sender ‖ salt ‖ keccak-256(init code), last 20 bytes —
 * with the WebAssembly keccak rather than @noble's pure-JS one that `generateAddress`/`generateAddress2` of
 * @ethereumjs/util call. That one costs ≈ 1 ms per deployment while a test run is young (its code not yet
 * optimized: 52 ms in real-ethers-suite's profile) and hashes a CREATE2's whole init code in JavaScript.
 * The hashes are not the Common's (its observer records slot preimages for the report, and these are none).
 */
import type { EVMInterface } from "@ethereumjs/evm";
import { RLP } from "@ethereumjs/rlp";
import { Address, bigIntToBytes } from "@ethereumjs/util";

import { keccak256 } from "../crypto/keccak.js";

/** The fields of a creating message `_generateAddress` reads. */
interface CreateMessage {
  readonly caller: Address;
  readonly salt?: Uint8Array;
  readonly code?: unknown;
}

interface AddressGenerator {
  _generateAddress(message: CreateMessage): Promise<Address>;
}

const CREATE2_PREFIX = Uint8Array.of(0xff);

function create2Address(caller: Uint8Array, salt: Uint8Array, initCode: Uint8Array): Address {
  const preimage = new Uint8Array(1 + 20 + 32 + 32);
  preimage.set(CREATE2_PREFIX, 0);
  preimage.set(caller, 1);
  preimage.set(salt, 21);
  preimage.set(keccak256(initCode), 53);
  return new Address(keccak256(preimage).subarray(-20));
}

function createAddress(caller: Uint8Array, nonce: bigint): Address {
  // RLP of a zero nonce is the empty string, as in @ethereumjs/util's generateAddress.
  const encoded = RLP.encode([caller, nonce === 0n ? new Uint8Array(0) : bigIntToBytes(nonce)]);
  return new Address(keccak256(encoded).subarray(-20));
}

/**
 * Gives `evm` the fast `_generateAddress` (same addresses). Anything outside the shapes it knows — a salt or
 * sender of another length, init code that is not bytes, a sender without a nonce to take one from — goes to
 * @ethereumjs's own method, so errors stay what they were.
 */
export function installCreateAddresses(evm: EVMInterface): void {
  const target = evm as unknown as Partial<AddressGenerator>;
  if (typeof target._generateAddress !== "function") return;
  const original = target._generateAddress.bind(evm);
  target._generateAddress = async (message) => {
    const caller = message.caller.bytes;
    const { salt, code } = message;
    if (salt instanceof Uint8Array) {
      const known = caller.length === 20 && salt.length === 32 && code instanceof Uint8Array;
      return known ? create2Address(caller, salt, code) : original(message);
    }
    if (salt !== undefined) return original(message);
    // The same read of the sender as @ethereumjs's (the read set Block-STM validates stays the same).
    const account = await evm.stateManager.getAccount(message.caller);
    const nonce = (account?.nonce ?? 0n) - 1n;
    return nonce < 0n ? original(message) : createAddress(caller, nonce);
  };
}
