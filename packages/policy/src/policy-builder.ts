/**
 * A small builder of policy trees:
 * `await policy(TPM_ALG_ID.SHA256).commandCode(TPM_CC.NV_Read).authValue().digest(crypto)`.
 * Each method returns a new builder; the tree is plain data (see policy-json.ts).
 */
import { type Crypto, TPM_ALG_ID } from "@tss/marshal";
import type { PcrSelection, PolicyAssertion, PolicyTree } from "./assertions.js";
import { policyDigest } from "./policy-digest.js";

const none = new Uint8Array(0);

/** An immutable list of assertions under one hash algorithm. */
export class PolicyBuilder implements PolicyTree {
  constructor(
    readonly hashAlg: number,
    readonly steps: readonly PolicyAssertion[] = [],
  ) {}

  /** This policy with `assertion` appended. */
  add(assertion: PolicyAssertion): PolicyBuilder {
    return new PolicyBuilder(this.hashAlg, [...this.steps, assertion]);
  }
  /** PolicySigned by the key named `authName`. */
  signed(authName: Uint8Array, policyRef: Uint8Array = none, authObject?: number): PolicyBuilder {
    return this.add({ type: "signed", authName, policyRef, ...(authObject !== undefined ? { authObject } : {}) });
  }
  /** PolicySecret of the entity named `authName` (a permanent handle's Name is the handle). */
  secret(authName: Uint8Array, policyRef: Uint8Array = none, authHandle?: number): PolicyBuilder {
    return this.add({ type: "secret", authName, policyRef, ...(authHandle !== undefined ? { authHandle } : {}) });
  }
  /** PolicyOR of branches, each continuing from this policy's digest. */
  or(branches: readonly (PolicyBuilder | readonly PolicyAssertion[])[]): PolicyBuilder {
    return this.add({ type: "or", branches: branches.map((b) => (b instanceof PolicyBuilder ? b.steps : b)) });
  }
  /** PolicyPCR with a pcrDigest computed by pcrDigest(). */
  pcr(pcrs: PcrSelection | readonly PcrSelection[], pcrDigest: Uint8Array): PolicyBuilder {
    return this.add({ type: "pcr", pcrs: Array.isArray(pcrs) ? pcrs : [pcrs as PcrSelection], pcrDigest });
  }
  /** PolicyLocality (a TPMA_LOCALITY). */
  locality(locality: number): PolicyBuilder {
    return this.add({ type: "locality", locality });
  }
  /** PolicyNV: the NV index named `nvName`, compared at `offset` with `operation` (TPM_EO). */
  nv(nvName: Uint8Array, operandB: Uint8Array, offset: number, operation: number, nvIndex?: number): PolicyBuilder {
    return this.add({ type: "nv", nvName, operandB, offset, operation, ...(nvIndex !== undefined ? { nvIndex } : {}) });
  }
  /** PolicyCounterTimer: TPMS_TIME_INFO at `offset` compared with `operation`. */
  counterTimer(operandB: Uint8Array, offset: number, operation: number): PolicyBuilder {
    return this.add({ type: "counterTimer", operandB, offset, operation });
  }
  /** PolicyCommandCode. */
  commandCode(code: number): PolicyBuilder {
    return this.add({ type: "commandCode", code });
  }
  /** PolicyPhysicalPresence. */
  physicalPresence(): PolicyBuilder {
    return this.add({ type: "physicalPresence" });
  }
  /** PolicyCpHash. */
  cpHash(cpHash: Uint8Array): PolicyBuilder {
    return this.add({ type: "cpHash", cpHash });
  }
  /** PolicyNameHash. */
  nameHash(nameHash: Uint8Array): PolicyBuilder {
    return this.add({ type: "nameHash", nameHash });
  }
  /** PolicyDuplicationSelect. */
  duplicationSelect(objectName: Uint8Array, newParentName: Uint8Array, includeObject: boolean): PolicyBuilder {
    return this.add({ type: "duplicationSelect", objectName, newParentName, includeObject });
  }
  /** PolicyAuthorize by the key named `keySignName` (the digest restarts from zeros). */
  authorize(keySignName: Uint8Array, policyRef: Uint8Array = none): PolicyBuilder {
    return this.add({ type: "authorize", keySignName, policyRef });
  }
  /** PolicyAuthValue. */
  authValue(): PolicyBuilder {
    return this.add({ type: "authValue" });
  }
  /** PolicyPassword. */
  password(): PolicyBuilder {
    return this.add({ type: "password" });
  }
  /** PolicyNvWritten. */
  nvWritten(writtenSet: boolean): PolicyBuilder {
    return this.add({ type: "nvWritten", writtenSet });
  }
  /** PolicyTemplate. */
  template(templateHash: Uint8Array): PolicyBuilder {
    return this.add({ type: "template", templateHash });
  }
  /** PolicyAuthorizeNV of the NV index named `nvName` (the digest restarts from zeros). */
  authorizeNV(nvName: Uint8Array, nvIndex?: number): PolicyBuilder {
    return this.add({ type: "authorizeNV", nvName, ...(nvIndex !== undefined ? { nvIndex } : {}) });
  }
  /** PolicyCapability. */
  capability(
    operandB: Uint8Array,
    offset: number,
    operation: number,
    capability: number,
    property: number,
  ): PolicyBuilder {
    return this.add({ type: "capability", operandB, offset, operation, capability, property });
  }
  /** PolicyParameters. */
  parameters(pHash: Uint8Array): PolicyBuilder {
    return this.add({ type: "parameters", pHash });
  }
  /** The plain tree (for policyToJson and satisfyPolicy). */
  toTree(): PolicyTree {
    return { hashAlg: this.hashAlg, steps: this.steps };
  }
  /** The policy digest: the authPolicy value. */
  digest(crypto: Crypto): Promise<Uint8Array> {
    return policyDigest(crypto, this);
  }
}

/** A new, empty policy with `hashAlg` (default SHA-256). */
export function policy(hashAlg: number = TPM_ALG_ID.SHA256): PolicyBuilder {
  return new PolicyBuilder(hashAlg);
}
