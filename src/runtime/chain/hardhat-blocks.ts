/**
 * The two blocks Hardhat's network makes differently from a mined one, made here as it makes them (measured
 * against EDR): the genesis block — the configured accounts plus the system contracts of the hardfork
 * (`system-contracts.ts`), extra data 0x1234, keccak256 of nothing as its transactions root — and a reserved
 * block of a long `hardhat_mine` — empty, the latest block's base fee, a 1,000,000 gas limit and zero parent
 * hash, coinbase, mixHash and beacon root.
 */
import type { Block } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";

import { addCodeWrite, EMPTY_CODE_HASH } from "../state/account-data.js";
import type { FlatState } from "../state/flat-state.js";
import { fromHex } from "../util/hex.js";
import { balanceKey, type AddressHex } from "../vocabulary.js";

import { assembleBlock, type BlockEnvironment } from "./block-assembly.js";
import { isProofOfWork, POW_NONCE, UNIT_DIFFICULTY } from "./proof-of-work.js";
import { genesisSystemContracts } from "./system-contracts.js";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
/** Difficulty, nonce and (zero) mixHash of a proof-of-work block made without mining (genesis, reserved). */
function unminedSeal(common: Common): Partial<BlockEnvironment> {
  if (!isProofOfWork(common)) return {};
  return { difficulty: UNIT_DIFFICULTY, nonce: POW_NONCE, prevRandao: new Uint8Array(32) };
}

/** The extra data of Hardhat's genesis block. */
const GENESIS_EXTRA_DATA = Uint8Array.of(0x12, 0x34);
/** The gas limit Hardhat's network gives reserved blocks. */
const RESERVED_BLOCK_GAS_LIMIT = 1_000_000n;
/** The transactions root of both: keccak256 of nothing (the empty code hash). */
const KECCAK_OF_NOTHING = fromHex(EMPTY_CODE_HASH);

/** What the genesis block is made of. */
export interface GenesisSettings {
  readonly accounts: ReadonlyArray<{ readonly address: AddressHex; readonly balance: bigint }>;
  readonly timestamp: bigint;
  readonly gasLimit: bigint;
  readonly baseFeePerGas: bigint;
  readonly mixHash: Uint8Array;
}

/** Writes the genesis state into `state` and returns the genesis block. */
export function genesisBlock(common: Common, state: FlatState, settings: GenesisSettings): Block {
  const writes = new Map<string, bigint | string>();
  const codes = new Map<string, Uint8Array>();
  for (const account of settings.accounts) writes.set(balanceKey(account.address), account.balance);
  for (const contract of genesisSystemContracts(common)) addCodeWrite(writes, codes, contract.address, contract.code);
  state.apply(writes, codes);
  const env: BlockEnvironment = {
    number: 0n,
    parentHash: new Uint8Array(32),
    timestamp: settings.timestamp,
    coinbase: ZERO_ADDRESS,
    gasLimit: settings.gasLimit,
    baseFeePerGas: settings.baseFeePerGas,
    prevRandao: settings.mixHash,
    extraData: GENESIS_EXTRA_DATA,
    ...unminedSeal(common),
  };
  return assembleBlock(common, env, [], state.stateRoot(), KECCAK_OF_NOTHING);
}

/** Reserved block `number` at `timestamp` over a state with root `stateRoot`. */
export function reservedBlock(
  common: Common,
  number: bigint,
  timestamp: bigint,
  baseFeePerGas: bigint,
  stateRoot: Uint8Array,
): Block {
  const env: BlockEnvironment = {
    number,
    parentHash: new Uint8Array(32),
    timestamp,
    coinbase: ZERO_ADDRESS,
    gasLimit: RESERVED_BLOCK_GAS_LIMIT,
    baseFeePerGas,
    prevRandao: new Uint8Array(32),
    parentBeaconBlockRoot: common.gteHardfork("cancun") ? new Uint8Array(32) : undefined,
    ...unminedSeal(common),
  };
  return assembleBlock(common, env, [], stateRoot, KECCAK_OF_NOTHING);
}
