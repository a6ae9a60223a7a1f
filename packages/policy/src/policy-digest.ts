/**
 * The policy digest update of every TPM2_Policy* command (TPM 2.0 Part 3,
 * chapter 23), computed offline on the Crypto contract.
 */
import { type Crypto, digestSize, marshal, TPM_CC, TPM_ST, TPML_PCR_SELECTION } from "@tss/marshal";
import type { PcrAssertion, PolicyAssertion, PolicyTree } from "./assertions.js";
import { concat, u8, u16, u32 } from "./bytes.js";
import { PolicyError } from "./policy-error.js";

/** The digest size of a policy hash algorithm; PolicyError("BAD_HASH") when it is not a hash. */
export function policyHashSize(hashAlg: number): number {
  const n = digestSize(hashAlg);
  if (n === 0) throw new PolicyError("BAD_HASH", `0x${hashAlg.toString(16).padStart(4, "0")} is not a hash algorithm`);
  return n;
}

/** A policy session's starting digest: all zeros, the hash's size (as after StartAuthSession or PolicyRestart). */
export function initialPolicyDigest(hashAlg: number): Uint8Array {
  return new Uint8Array(policyHashSize(hashAlg));
}

/** H(parts...) with a TPM hash through the Crypto contract; a failing hash becomes PolicyError("BAD_HASH"). */
export async function policyHash(crypto: Crypto, hashAlg: number, ...parts: Uint8Array[]): Promise<Uint8Array> {
  policyHashSize(hashAlg);
  try {
    return await crypto.hash(hashAlg, concat(...parts));
  } catch (e) {
    throw new PolicyError("BAD_HASH", `the Crypto cannot hash with 0x${hashAlg.toString(16)}: ${(e as Error).message}`);
  }
}

/** policyDigest_new = H(policyDigest_old || TPM_CC || args): the extend every assertion makes. */
export function extendPolicy(
  crypto: Crypto,
  hashAlg: number,
  digest: Uint8Array,
  commandCode: number,
  ...args: Uint8Array[]
): Promise<Uint8Array> {
  return policyHash(crypto, hashAlg, digest, u32(commandCode), ...args);
}

/**
 * PolicyUpdate (Part 3, 23.2.3), used by PolicySigned, PolicySecret, PolicyTicket
 * and PolicyAuthorize: H(H(digest || commandCode || name) || policyRef). The
 * second hash is made even when policyRef is empty.
 */
export async function policyUpdate(
  crypto: Crypto,
  hashAlg: number,
  digest: Uint8Array,
  commandCode: number,
  name: Uint8Array,
  policyRef: Uint8Array = new Uint8Array(0),
): Promise<Uint8Array> {
  const first = await extendPolicy(crypto, hashAlg, digest, commandCode, name);
  return policyHash(crypto, hashAlg, first, policyRef);
}

/**
 * The args hash of PolicyNV and PolicyCounterTimer:
 * H(operandB || offset (UINT16) || operation (UINT16)).
 */
export function operandArgs(
  crypto: Crypto,
  hashAlg: number,
  operandB: Uint8Array,
  offset: number,
  operation: number,
): Promise<Uint8Array> {
  return policyHash(
    crypto,
    hashAlg,
    operandB,
    u16(int(offset, 0xffff, "offset")),
    u16(int(operation, 0xffff, "operation")),
  );
}

/**
 * The command code whose PolicyUpdate a ticket stands for: PolicySigned for a
 * TPM_ST_AUTH_SIGNED ticket, PolicySecret for TPM_ST_AUTH_SECRET.
 */
export function ticketCommandCode(ticketTag: number): number {
  if (ticketTag === TPM_ST.AUTH_SIGNED) return TPM_CC.PolicySigned;
  if (ticketTag === TPM_ST.AUTH_SECRET) return TPM_CC.PolicySecret;
  throw new PolicyError("BAD_POLICY", `0x${ticketTag.toString(16)} is not a policy ticket tag`);
}

function int(v: number, max: number, what: string): number {
  if (!Number.isInteger(v) || v < 0 || v > max)
    throw new PolicyError("BAD_POLICY", `${what}: expected an integer 0..${max}`);
  return v;
}

function pcrSelectionBytes(pcrs: PcrAssertion["pcrs"]): Uint8Array {
  try {
    return marshal(
      TPML_PCR_SELECTION,
      pcrs.map((p) => ({ ...p })),
    );
  } catch (e) {
    throw new PolicyError("BAD_POLICY", `PolicyPCR pcrs: ${(e as Error).message}`);
  }
}

/**
 * The digest after one assertion, from `digest` (the session's policyDigest
 * before the command). PolicyAuthorize and PolicyAuthorizeNV ignore `digest`:
 * the TPM resets it to zeros before extending.
 */
export async function applyAssertion(
  crypto: Crypto,
  hashAlg: number,
  digest: Uint8Array,
  a: PolicyAssertion,
): Promise<Uint8Array> {
  const size = policyHashSize(hashAlg);
  if (digest.length !== size)
    throw new PolicyError("BAD_POLICY", `a policy digest of ${digest.length} octets for a ${size}-octet hash`);
  const ext = (cc: number, ...args: Uint8Array[]) => extendPolicy(crypto, hashAlg, digest, cc, ...args);
  switch (a.type) {
    case "signed":
      return policyUpdate(crypto, hashAlg, digest, TPM_CC.PolicySigned, a.authName, a.policyRef);
    case "secret":
      return policyUpdate(crypto, hashAlg, digest, TPM_CC.PolicySecret, a.authName, a.policyRef);
    case "or": {
      if (a.branches.length < 2 || a.branches.length > 8)
        throw new PolicyError("BAD_POLICY", `PolicyOR takes 2 to 8 branches, not ${a.branches.length}`);
      const ends: Uint8Array[] = [];
      for (const branch of a.branches) ends.push(await applyAssertions(crypto, hashAlg, digest, branch));
      return extendPolicy(crypto, hashAlg, new Uint8Array(size), TPM_CC.PolicyOR, ...ends);
    }
    case "pcr":
      return ext(TPM_CC.PolicyPCR, pcrSelectionBytes(a.pcrs), a.pcrDigest);
    case "locality":
      return ext(TPM_CC.PolicyLocality, u8(int(a.locality, 0xff, "locality")));
    case "nv":
      return ext(TPM_CC.PolicyNV, await operandArgs(crypto, hashAlg, a.operandB, a.offset, a.operation), a.nvName);
    case "counterTimer":
      return ext(TPM_CC.PolicyCounterTimer, await operandArgs(crypto, hashAlg, a.operandB, a.offset, a.operation));
    case "commandCode":
      return ext(TPM_CC.PolicyCommandCode, u32(int(a.code, 0xffffffff, "code")));
    case "physicalPresence":
      return ext(TPM_CC.PolicyPhysicalPresence);
    case "cpHash":
      return ext(TPM_CC.PolicyCpHash, a.cpHash);
    case "nameHash":
      return ext(TPM_CC.PolicyNameHash, a.nameHash);
    case "duplicationSelect":
      return a.includeObject
        ? ext(TPM_CC.PolicyDuplicationSelect, a.objectName, a.newParentName, u8(1))
        : ext(TPM_CC.PolicyDuplicationSelect, a.newParentName, u8(0));
    case "authorize":
      return policyUpdate(crypto, hashAlg, new Uint8Array(size), TPM_CC.PolicyAuthorize, a.keySignName, a.policyRef);
    case "authValue":
      return ext(TPM_CC.PolicyAuthValue);
    case "password":
      // PolicyPassword extends with TPM_CC_PolicyAuthValue (Part 3, 23.18).
      return ext(TPM_CC.PolicyAuthValue);
    case "nvWritten":
      return ext(TPM_CC.PolicyNvWritten, u8(a.writtenSet ? 1 : 0));
    case "template":
      return ext(TPM_CC.PolicyTemplate, a.templateHash);
    case "authorizeNV":
      return extendPolicy(crypto, hashAlg, new Uint8Array(size), TPM_CC.PolicyAuthorizeNV, a.nvName);
    case "capability":
      return ext(
        TPM_CC.PolicyCapability,
        await policyHash(
          crypto,
          hashAlg,
          a.operandB,
          u16(int(a.offset, 0xffff, "offset")),
          u16(int(a.operation, 0xffff, "operation")),
          u32(int(a.capability, 0xffffffff, "capability")),
          u32(int(a.property, 0xffffffff, "property")),
        ),
      );
    case "parameters":
      return ext(TPM_CC.PolicyParameters, a.pHash);
    default:
      throw new PolicyError("BAD_POLICY", `unknown assertion ${(a as { type: unknown }).type}`);
  }
}

/** The digest after `steps`, in order, from `digest`. */
export async function applyAssertions(
  crypto: Crypto,
  hashAlg: number,
  digest: Uint8Array,
  steps: readonly PolicyAssertion[],
): Promise<Uint8Array> {
  let d = digest;
  for (const step of steps) d = await applyAssertion(crypto, hashAlg, d, step);
  return d;
}

/** The policy digest of a whole policy: its steps applied from zeros. The value for an object's or NV index's authPolicy. */
export async function policyDigest(crypto: Crypto, tree: PolicyTree): Promise<Uint8Array> {
  return applyAssertions(crypto, tree.hashAlg, initialPolicyDigest(tree.hashAlg), tree.steps);
}
