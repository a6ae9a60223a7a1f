/**
 * What the CLI attestation suites share: the utilities run in one CliEnv
 * (expecting success), and the files they write read back with node:crypto and
 * @tss/marshal: public keys from TPM2B_PUBLIC files, Names, TPMT_SIGNATURE
 * files verified, TPMS_ATTEST files parsed, getrandom's printed bytes.
 */
import { createHash, createPublicKey, type KeyObject, verify } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Infer, TPM_ALG_ID, TPM2B_PUBLIC, TPMS_ATTEST, TPMT_SIGNATURE, unmarshal } from "@tss/marshal";
import { type CliEnv, ibmOk, tssOk } from "./cli-runner.js";

/** Lower-case hex. */
export const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
/** SHA-256 of the concatenation. */
export const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
/** Big-endian UINT32 and UINT16. */
export const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
export const u16 = (n: number) => Uint8Array.of(n >>> 8, n & 0xff);

/** A parsed TPMS_ATTEST. */
export type Attest = Infer<typeof TPMS_ATTEST>;

/** The bytes getrandom printed (" randomBytes length n" then hex lines). */
export function randomOf(out: string): Uint8Array {
  const lines = out.split("\n").filter((l) => /^ ([0-9a-f]{2} )+$/.test(l));
  return Uint8Array.from(
    lines.flatMap((l) =>
      l
        .trim()
        .split(" ")
        .map((b) => Number.parseInt(b, 16)),
    ),
  );
}

/** Helpers bound to a CliEnv (given lazily: it starts in beforeAll). */
export function attestKit(getCli: () => CliEnv) {
  const file = (name: string) => new Uint8Array(readFileSync(join(getCli().dir, name)));
  const put = (name: string, bytes: Uint8Array | string) => writeFileSync(join(getCli().dir, name), bytes);
  return {
    file,
    put,
    /** Runs `tss` and expects exit status 0; returns standard output. */
    ok: (...args: string[]) => tssOk(getCli(), ...args),
    /** Runs IBM's utility and expects exit status 0. */
    ibm: (utility: string, ...args: string[]) => ibmOk(getCli(), utility, ...args),
    /** The node:crypto public key of a TPM2B_PUBLIC file. */
    publicKeyOf(name: string): KeyObject {
      const area = unmarshal(TPM2B_PUBLIC, file(name)).publicArea as {
        type: number;
        unique: { rsa?: Uint8Array; ecc?: { x: Uint8Array; y: Uint8Array } };
      };
      const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64url");
      if (area.type === TPM_ALG_ID.RSA) {
        return createPublicKey({ key: { kty: "RSA", n: b64(area.unique.rsa!), e: "AQAB" }, format: "jwk" });
      }
      const { x, y } = area.unique.ecc!;
      const crv = x.length === 48 ? "P-384" : "P-256";
      return createPublicKey({ key: { kty: "EC", crv, x: b64(x), y: b64(y) }, format: "jwk" });
    },
    /** The Name of a TPM2B_PUBLIC file's object (SHA-256 name algorithm). */
    nameOf(name: string): Uint8Array {
      return Uint8Array.of(0x00, 0x0b, ...sha256(file(name).subarray(2)));
    },
    /** True when a TPMT_SIGNATURE file (RSASSA or ECDSA, SHA-256) verifies over `message` with node:crypto. */
    verifies(sigFile: string, message: Uint8Array, key: KeyObject): boolean {
      const sig = unmarshal(TPMT_SIGNATURE.plus, file(sigFile)) as {
        sigAlg: number;
        signature: {
          rsassa?: { hash: number; sig: Uint8Array };
          ecdsa?: { hash: number; signatureR: Uint8Array; signatureS: Uint8Array };
        };
      };
      if (sig.sigAlg === TPM_ALG_ID.RSASSA) return verify("sha256", message, key, sig.signature.rsassa!.sig);
      if (sig.sigAlg === TPM_ALG_ID.ECDSA) {
        const { signatureR: r, signatureS: s } = sig.signature.ecdsa!;
        // IEEE P1363 wants r and s each of the curve's size; a TPM may give them shorter (leading zeros dropped).
        const size = Buffer.from(key.export({ format: "jwk" }).x as string, "base64url").length;
        const pad = (v: Uint8Array) => Buffer.concat([Buffer.alloc(Math.max(0, size - v.length)), v]);
        return verify("sha256", message, { key, dsaEncoding: "ieee-p1363" }, Buffer.concat([pad(r), pad(s)]));
      }
      throw new Error(`signature algorithm 0x${sig.sigAlg.toString(16)}`);
    },
    /** The TPMS_ATTEST of an -oa file (raw octets). */
    attestOf(name: string): Attest {
      return unmarshal(TPMS_ATTEST, file(name));
    },
  };
}
