/**
 * Names (TPM 2.0 Part 1, 16 "Names"): an object's and an NV Index's Name is its
 * nameAlg followed by the digest of its public area; for every other entity the
 * handle is the Name.
 */
import type { Crypto } from "@tss/marshal";
import { handleType, TPM_HT } from "@tss/marshal";
import { concat, u16, u32 } from "./bytes.js";
import { hashSize } from "./hash-alg.js";

/**
 * True for handles whose Name is the handle itself: PCRs, HMAC and policy
 * sessions, permanent handles and attached components (the reference
 * EntityGetName gives every handle type other than an object or NV Index its
 * handle as Name). Transient and persistent objects and NV Indexes are not.
 */
export function isOwnNameHandle(handle: number): boolean {
  switch (handleType(handle)) {
    case TPM_HT.PCR:
    case TPM_HT.HMAC_SESSION:
    case TPM_HT.POLICY_SESSION:
    case TPM_HT.PERMANENT:
    case TPM_HT.AC:
      return true;
    default:
      return false;
  }
}

/** The Name of a handle that is its own Name: the 4 handle octets, big-endian. */
export function handleName(handle: number): Uint8Array {
  return u32(handle);
}

/** nameAlg (2 octets) || H_nameAlg(data): the shape of an object's or NV Index's Name. */
async function digestName(crypto: Crypto, nameAlg: number, data: Uint8Array): Promise<Uint8Array> {
  hashSize(nameAlg);
  return concat(u16(nameAlg), await crypto.hash(nameAlg, data));
}

/** An object's Name from its marshalled TPMT_PUBLIC (without the TPM2B size). */
export async function objectName(crypto: Crypto, nameAlg: number, publicArea: Uint8Array): Promise<Uint8Array> {
  return digestName(crypto, nameAlg, publicArea);
}

/** An NV Index's Name from its marshalled TPMS_NV_PUBLIC (without the TPM2B size). */
export async function nvIndexName(crypto: Crypto, nameAlg: number, nvPublic: Uint8Array): Promise<Uint8Array> {
  return digestName(crypto, nameAlg, nvPublic);
}
