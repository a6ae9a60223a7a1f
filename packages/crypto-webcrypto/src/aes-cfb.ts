/**
 * AES-CFB-128 from WebCrypto's AES-CBC (WebCrypto has no CFB).
 *
 * Encryption: CBC with a zero IV over [IV, P1, ..., P(k-1)] yields
 * D1 = E(IV), D2 = E(P1 xor D1) = E(C1), ...; so Ci = Pi xor Di in one call.
 * Decryption: the keystream blocks E(IV), E(C1), ... are independent, each one
 * block of CBC with a zero IV; they are computed in parallel.
 */
import { TssError } from "@tss/marshal";
import { buf, subtle } from "./subtle.js";

const BLOCK = 16;
const ZERO_IV = new Uint8Array(BLOCK);

/** TssError("BAD_PARAMETER") unless `key` is an AES key (16, 24 or 32 octets). */
export function checkAesKey(key: Uint8Array): void {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32)
    throw new TssError("BAD_PARAMETER", `AES key of ${key.length} bytes`);
}

/** TssError("BAD_PARAMETER") unless `key` and `iv` are of the sizes AES-CFB takes. */
export function checkCfbInputs(key: Uint8Array, iv: Uint8Array): void {
  checkAesKey(key);
  if (iv.length !== BLOCK) throw new TssError("BAD_PARAMETER", `AES-CFB IV of ${iv.length} bytes`);
}

async function cbcZeroIv(key: CryptoKey, data: Uint8Array): Promise<Uint8Array> {
  const out = new Uint8Array(await subtle().encrypt({ name: "AES-CBC", iv: buf(ZERO_IV) }, key, buf(data)));
  return out.subarray(0, data.length); // drop the PKCS#7 padding block
}

/** AES-CFB-128 encryption or decryption. */
export async function aesCfb(encrypt: boolean, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  checkCfbInputs(key, iv);
  if (data.length === 0) return new Uint8Array(0);
  const k = await subtle().importKey("raw", buf(key), { name: "AES-CBC" }, false, ["encrypt"]);
  const blocks = Math.ceil(data.length / BLOCK);
  let stream: Uint8Array;
  if (encrypt) {
    const q = new Uint8Array(blocks * BLOCK);
    q.set(iv, 0);
    q.set(data.subarray(0, (blocks - 1) * BLOCK), BLOCK);
    stream = await cbcZeroIv(k, q);
  } else {
    const parts = await Promise.all(
      Array.from({ length: blocks }, (_, i) => cbcZeroIv(k, i === 0 ? iv : data.subarray((i - 1) * BLOCK, i * BLOCK))),
    );
    stream = new Uint8Array(blocks * BLOCK);
    for (const [i, p] of parts.entries()) stream.set(p, i * BLOCK);
  }
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! ^ stream[i]!;
  return out;
}
