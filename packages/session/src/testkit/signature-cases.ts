/**
 * Conformance cases for verifyEcdsa on NIST P-521 and with digests longer than
 * the group order, and for verifyRsa's RSASSA-PSS across salt lengths (0, 20,
 * the digest's size, the largest) and moduli of 2047 and 2050 bits: known answers
 * from signature-vectors.ts (Python `cryptography`), and altered inputs refused.
 */
import type { Crypto } from "@tss/marshal";
import { check, fromHex } from "./hex.js";
import { SIGNATURE_VECTORS } from "./signature-vectors.js";

/** A conformance case on verifyEcdsa/verifyRsa (the shape of cases.ts's ConformanceCase). */
interface SignatureCase {
  readonly name: string;
  readonly requires: "verifyEcdsa" | "verifyRsa";
  run(crypto: Crypto): Promise<void>;
}

const flip = (hex: string, at: number): Uint8Array => {
  const b = fromHex(hex);
  b[at % b.length]! ^= 0x01;
  return b;
};

/** The P-521, long-digest ECDSA and RSASSA-PSS salt-length cases. */
export function signatureConformanceCases(): SignatureCase[] {
  return [
    {
      name: "verifyEcdsa: P-521 with every hash, SHA-512 on P-256/P-384, unpadded r and s; altered ones do not verify",
      requires: "verifyEcdsa",
      async run(c) {
        for (const k of SIGNATURE_VECTORS.ecdsa) {
          const pub = { x: fromHex(k.x), y: fromHex(k.y) };
          for (const [i, s] of k.signatures.entries()) {
            const what = `curve 0x${k.curveID.toString(16)} hash 0x${s.hashAlg.toString(16)} #${i}`;
            const sig = { r: fromHex(s.r), s: fromHex(s.s) };
            check(await c.verifyEcdsa!(k.curveID, pub, fromHex(s.digest), sig), `${what}: valid signature refused`);
            check(!(await c.verifyEcdsa!(k.curveID, pub, flip(s.digest, 7), sig)), `${what}: altered digest verifies`);
            check(
              !(await c.verifyEcdsa!(k.curveID, pub, fromHex(s.digest), { r: sig.r, s: flip(s.s, 9) })),
              `${what}: altered s verifies`,
            );
            check(
              !(await c.verifyEcdsa!(k.curveID, { x: pub.x, y: flip(k.y, 20) }, fromHex(s.digest), sig)),
              `${what}: a key off the curve verifies`,
            );
          }
        }
      },
    },
    {
      name: "verifyRsa: RSASSA-PSS with salts of 0, 20, the digest's size and the largest, 2047/2048/2050/3072-bit keys (n also with a leading zero octet)",
      requires: "verifyRsa",
      async run(c) {
        for (const k of SIGNATURE_VECTORS.rsaPss) {
          const pub = { n: fromHex(k.n), e: k.e };
          for (const s of k.signatures) {
            const what = `RSA-${k.bits} PSS hash 0x${s.hashAlg.toString(16)} salt ${s.saltLength}`;
            const scheme = { scheme: "RSAPSS" as const, hashAlg: s.hashAlg };
            check(await c.verifyRsa!(pub, scheme, fromHex(s.digest), fromHex(s.signature)), `${what}: refused`);
            check(
              !(await c.verifyRsa!(pub, scheme, flip(s.digest, 3), fromHex(s.signature))),
              `${what}: altered digest verifies`,
            );
            check(
              !(await c.verifyRsa!(pub, scheme, fromHex(s.digest), flip(s.signature, 100))),
              `${what}: altered signature verifies`,
            );
            check(
              !(await c.verifyRsa!(
                pub,
                { scheme: "RSASSA", hashAlg: s.hashAlg },
                fromHex(s.digest),
                fromHex(s.signature),
              )),
              `${what}: verifies as RSASSA-PKCS1-v1_5`,
            );
          }
          // The modulus with a leading zero octet is the same key (as exportSpki reads it).
          const s = k.signatures[0]!;
          check(
            await c.verifyRsa!(
              { n: Uint8Array.of(0, ...pub.n), e: k.e },
              { scheme: "RSAPSS", hashAlg: s.hashAlg },
              fromHex(s.digest),
              fromHex(s.signature),
            ),
            `RSA-${k.bits} with a leading zero octet on n: refused`,
          );
        }
      },
    },
  ];
}
