/**
 * What the IBM attestation utilities share (quote, certify, certifycreation,
 * nvcertify, gettime, getcommandauditdigest, getsessionauditdigest): the
 * signing key flags, the signing scheme from -salg and -halg, the qualifying
 * data file (-qd), and the outputs: the TPMT_SIGNATURE structure file (-os),
 * the raw TPMS_ATTEST octets (-oa), the check that the TPM echoed the
 * qualifying data as extraData, and under -v both structures printed.
 */
import {
  type AttestValue,
  ByteReader,
  MarshalError,
  type SignatureValue,
  TPM_ALG_ID,
  TPMS_ATTEST,
  TPMT_SIGNATURE,
  tpmsAttestLines,
  tpmtSignatureLines,
} from "@tss/marshal";
import { HASH_NAMES, named } from "./algorithms.js";
import type { FlagSpec } from "./flags.js";
import { marshalStructure } from "./structure-files.js";
import type { UtilityContext } from "./utility.js";

/** -salg names and the signature scheme each selects. */
export const SIGNATURE_ALGORITHMS: Readonly<Record<string, number>> = {
  rsa: TPM_ALG_ID.RSASSA,
  ecc: TPM_ALG_ID.ECDSA,
  hmac: TPM_ALG_ID.HMAC,
};

/** The flags of the signing key and outputs: -hk -pwdk -halg -salg -qd -os -oa. */
export const ATTEST_FLAGS: FlagSpec = {
  "-hk": "hex",
  "-pwdk": "string",
  "-halg": "string",
  "-salg": "string",
  "-qd": "string",
  "-os": "string",
  "-oa": "string",
};

/** The largest TPM2B_DATA: sizeof(TPMT_HA) with SHA-512. */
const MAX_QUALIFYING_DATA = 66;

/** A TPMT_SIG_SCHEME value: `scheme` with `hashAlg` under the scheme's member name. */
export function sigScheme(scheme: number, hashAlg: number) {
  const member = scheme === TPM_ALG_ID.RSASSA ? "rsassa" : scheme === TPM_ALG_ID.ECDSA ? "ecdsa" : "hmac";
  return { scheme, details: { [member]: { hashAlg } } };
}

/** The signing scheme of -salg (rsa, ecc, hmac; default rsa) and -halg (default sha256), or RSASSA when `salg` is false. */
export function attestScheme(ctx: UtilityContext, hashes: readonly string[] = Object.keys(HASH_NAMES), salg = true) {
  const f = ctx.flags;
  const allowed = Object.fromEntries(hashes.map((h) => [h, HASH_NAMES[h]!]));
  const halg = f.string("-halg") === undefined ? TPM_ALG_ID.SHA256 : named(allowed, "-halg", f.string("-halg"));
  const scheme = salg ? named(SIGNATURE_ALGORITHMS, "-salg", f.string("-salg") ?? "rsa") : TPM_ALG_ID.RSASSA;
  return sigScheme(scheme, halg);
}

/** The qualifying data of -qd (a binary file of at most 66 octets), or empty. */
export async function qualifyingData(ctx: UtilityContext): Promise<Uint8Array> {
  const qd = ctx.flags.string("-qd");
  if (qd === undefined) return new Uint8Array(0);
  const data = await ctx.readFile(qd);
  if (data.length > MAX_QUALIFYING_DATA) {
    throw new Error(`qualifying data file ${qd} has ${data.length} octets, at most ${MAX_QUALIFYING_DATA}`);
  }
  return data;
}

/** The TPMS_ATTEST in a TPM2B_ATTEST's octets. */
export function parseAttest(bytes: Uint8Array): AttestValue {
  try {
    const r = new ByteReader(bytes);
    const value = TPMS_ATTEST.read(r, "TPMS_ATTEST");
    r.expectEnd("TPMS_ATTEST");
    return value as unknown as AttestValue;
  } catch (e) {
    if (e instanceof MarshalError)
      throw new Error(`the TPM returned a TPMS_ATTEST that does not unmarshal: ${e.message}`);
    throw e;
  }
}

/** What an attestation command returned. */
export interface Attestation {
  /** The TPM2B_ATTEST octets (a marshalled TPMS_ATTEST). */
  readonly attest: Uint8Array;
  readonly signature: SignatureValue;
  /** The qualifying data sent. */
  readonly qualifyingData: Uint8Array;
}

/** Byte equality. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Parses the TPMS_ATTEST, prints it under -v, fails unless extraData is the
 * qualifying data (and `check` passes), writes -os and -oa, prints the
 * signature under -v, and sets the --json result ({ attest, signature } plus
 * `extra`). Returns the TPMS_ATTEST.
 */
export async function finishAttestation(
  ctx: UtilityContext,
  out: Attestation,
  options: { extra?: Record<string, unknown>; check?: (attest: AttestValue) => void } = {},
): Promise<AttestValue> {
  const attest = parseAttest(out.attest);
  if (ctx.verbose) ctx.print(`${tpmsAttestLines(attest, 0).join("\n")}\n`);
  if (!sameBytes(attest.extraData, out.qualifyingData)) throw new Error("extraData != qualifyingData");
  options.check?.(attest);
  const os = ctx.flags.string("-os");
  if (os !== undefined) await ctx.writeFile(os, marshalStructure(TPMT_SIGNATURE.plus, out.signature));
  const oa = ctx.flags.string("-oa");
  if (oa !== undefined) await ctx.writeFile(oa, out.attest);
  if (ctx.verbose) ctx.print(`${tpmtSignatureLines(out.signature, 0).join("\n")}\n`);
  ctx.result({ attest, signature: out.signature, ...options.extra });
  return attest;
}

/** The usage lines of -hk -pwdk -halg -salg -qd -os -oa (key described as `keyWhat`). */
export function attestUsage(keyWhat: string, options: { salg?: boolean; hashes?: string } = {}): string[] {
  return [
    `\t-hk\t${keyWhat}`,
    `\t[-pwdk\tpassword for ${keyWhat.replace(/ handle$/, "")} (default empty)]`,
    `\t[-halg\t(${options.hashes ?? "sha1, sha256, sha384, sha512"}) (default sha256)]`,
    ...(options.salg === false ? [] : ["\t[-salg\tsignature algorithm (rsa, ecc, hmac) (default rsa)]"]),
    "\t[-qd\tqualifying data file name]",
    "\t[-os\tsignature file name (default do not save)]",
    "\t[-oa\tattestation output file name (default do not save)]",
  ];
}

/** The session usage lines of the attestation utilities. */
export const ATTEST_SESSION_USAGE: readonly string[] = [
  "",
  "\t-se[0-2] session handle / attributes (default PWAP)",
  "\t01\tcontinue",
  "\t20\tcommand decrypt",
  "\t40\tresponse encrypt",
];
