/**
 * KDFa: the SP800-108 counter-mode KDF with HMAC (TPM 2.0 Part 1, 11.4.10.2).
 *
 *   K(i) = HMAC(key, [i]32 || label || 0x00 || contextU || contextV || [bits]32)
 *
 * The output is the first ceil(bits/8) octets of K(1) || K(2) || ...; when `bits`
 * is not a multiple of 8, the unused high-order bits of the first octet are
 * cleared.
 */
import type { Crypto } from "@tss/marshal";
import { TssError } from "@tss/marshal";
import { labelBytes } from "../bytes.js";
import { hashSize } from "../hash-alg.js";
import { putBytes, putU32, takeMessage, withMessage } from "../message-buffer.js";
import { type CryptoOps, cryptoOps, type MaybePromise, promised, runSteps, type Steps } from "../steps.js";

/** Largest KDF output the TPM reference allows: (2^18 - 1) bits. */
export const KDF_MAX_BITS = 2 ** 18 - 1;

/** Checks a requested KDF output size. */
export function checkKdfBits(bits: number): void {
  if (!Number.isInteger(bits) || bits < 0 || bits > KDF_MAX_BITS) {
    throw new TssError("BAD_PARAMETER", `KDF size ${bits} bits is outside 0..${KDF_MAX_BITS}`);
  }
}

/** The encoded labels seen ("ATH", "CFB", "XOR", ...): encoded once, not per command. */
const LABELS = new Map<string, Uint8Array>();
const MAX_LABELS = 32;

function encodedLabel(label: string): Uint8Array {
  let bytes = LABELS.get(label);
  if (bytes === undefined) {
    bytes = labelBytes(label);
    if (LABELS.size < MAX_LABELS) LABELS.set(label, bytes);
  }
  return bytes;
}

/** KDFa(hashAlg, key, label, contextU, contextV, bits); `label` gets its terminating zero. */
export function kdfA(
  crypto: Crypto,
  hashAlg: number,
  key: Uint8Array,
  label: string,
  contextU: Uint8Array,
  contextV: Uint8Array,
  bits: number,
): Promise<Uint8Array> {
  return promised(() => kdfAOp(cryptoOps(crypto), hashAlg, key, label, contextU, contextV, bits));
}

/** kdfA on the per-command primitives: a value when they answer now. */
export function kdfAOp(
  ops: CryptoOps,
  hashAlg: number,
  key: Uint8Array,
  label: string,
  contextU: Uint8Array,
  contextV: Uint8Array,
  bits: number,
): MaybePromise<Uint8Array> {
  checkKdfBits(bits);
  const h = hashSize(hashAlg);
  // One message, [i]32 || label || 0x00 || contextU || contextV || [bits]32, its
  // counter rewritten per block; given back once the last HMAC over it is done.
  const labelOctets = encodedLabel(label);
  const message = takeMessage(4 + labelOctets.length + contextU.length + contextV.length + 4);
  putU32(message, putBytes(message, putBytes(message, putBytes(message, 4, labelOctets), contextU), contextV), bits);
  const bytes = Math.ceil(bits / 8);
  if (bytes === h && bits % 8 === 0) {
    // One block of whole digest size (a CFB key and IV, a session key): the HMAC itself.
    putU32(message, 0, 1);
    return withMessage(message, (m) => ops.hmac(hashAlg, key, m));
  }
  return withMessage(message, (m) => runSteps(kdfBlocks(ops, hashAlg, key, m, h, bits)));
}

/** KDFa's blocks over a prepared message (counter in its first 4 octets), the output trimmed to `bits`. */
function* kdfBlocks(
  ops: CryptoOps,
  hashAlg: number,
  key: Uint8Array,
  message: Uint8Array,
  h: number,
  bits: number,
): Steps<Uint8Array> {
  const bytes = Math.ceil(bits / 8);
  if (bytes <= h) {
    // One block shorter than the digest: no copy of a second buffer.
    putU32(message, 0, 1);
    const block = (yield ops.hmac(hashAlg, key, message)) as Uint8Array;
    const out = block.length === bytes ? block : block.slice(0, bytes);
    if (bits % 8 !== 0) out[0]! &= (1 << (bits % 8)) - 1;
    return out;
  }
  const out = new Uint8Array(bytes);
  for (let counter = 1, at = 0; at < bytes; counter++, at += h) {
    putU32(message, 0, counter);
    const block = (yield ops.hmac(hashAlg, key, message)) as Uint8Array;
    out.set(block.subarray(0, Math.min(h, bytes - at)), at);
  }
  if (bits % 8 !== 0) out[0]! &= (1 << (bits % 8)) - 1;
  return out;
}
