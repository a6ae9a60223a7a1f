/**
 * AES-CFB-128 (NIST SP 800-38A, 6.3) on node-forge's AES block function, on
 * 32-bit words taken straight from the Uint8Array: no binary strings and no
 * cipher-mode object per call.
 */
import { TssError } from "@tss/marshal";
import { forge } from "./forge.js";

interface ForgeAesBlock {
  _expandKey(key: number[], decrypt: boolean): number[];
  _updateBlock(w: number[], input: number[], output: number[], decrypt: boolean): void;
}

const aes = (forge as unknown as { aes: ForgeAesBlock }).aes;

function words(bytes: Uint8Array, at: number, n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const o = at + 4 * i;
    out[i] = ((bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!) >>> 0;
  }
  return out;
}

/** AES-CFB-128 encryption (`encrypt` true) or decryption of `data` under `key` (16, 24 or 32 octets) and a 16-octet `iv`. */
export function aesCfb(encrypt: boolean, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) {
    throw new TssError("BAD_PARAMETER", `AES key of ${key.length} bytes`);
  }
  if (iv.length !== 16) throw new TssError("BAD_PARAMETER", `AES-CFB IV of ${iv.length} bytes`);
  const out = new Uint8Array(data.length);
  if (data.length === 0) return out;
  // CFB uses the forward cipher in both directions.
  const w = aes._expandKey(words(key, 0, key.length / 4), false);
  const feedback = new Uint8Array(16);
  feedback.set(iv);
  const stream = [0, 0, 0, 0];
  for (let at = 0; at < data.length; at += 16) {
    aes._updateBlock(w, words(feedback, 0, 4), stream, false);
    const n = Math.min(16, data.length - at);
    for (let i = 0; i < n; i++) {
      const k = (stream[i >> 2]! >>> (24 - 8 * (i & 3))) & 0xff;
      const c = data[at + i]!;
      const o = c ^ k;
      out[at + i] = o;
      feedback[i] = encrypt ? o : c;
    }
  }
  return out;
}
