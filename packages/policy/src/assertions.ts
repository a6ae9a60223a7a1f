/**
 * A policy as data: one assertion per TPM2_Policy* command, in the
 * specification's vocabulary. Values that name TPM objects are their Names
 * (what the digest uses); optional handles say where the entity lives when the
 * policy is satisfied.
 */

/** A TPMS_PCR_SELECTION: a PCR bank and its bitmap (pcrSelect[0] holds PCRs 0-7). */
export interface PcrSelection {
  readonly hash: number;
  readonly pcrSelect: Uint8Array;
}

/** TPM2_PolicySigned: an authorization signed by the key named `authName`. */
export interface SignedAssertion {
  readonly type: "signed";
  /** The Name of the signing key (authObject). */
  readonly authName: Uint8Array;
  readonly policyRef?: Uint8Array;
  /** Where the key is loaded, when satisfied. */
  readonly authObject?: number;
}

/** TPM2_PolicySecret: proof of knowledge of the authValue (or policy) of `authName`. */
export interface SecretAssertion {
  readonly type: "secret";
  /** The Name of the authorizing entity (authHandle). */
  readonly authName: Uint8Array;
  readonly policyRef?: Uint8Array;
  /** The entity's handle, when satisfied (for permanent handles, the Name's value). */
  readonly authHandle?: number;
}

/** TPM2_PolicyOR: the current digest continued by one of the branches. */
export interface OrAssertion {
  readonly type: "or";
  /** Two to eight branches, each a list of assertions continuing from the digest before the OR. */
  readonly branches: readonly (readonly PolicyAssertion[])[];
}

/** TPM2_PolicyPCR: PCR values, as their digest over the selection. */
export interface PcrAssertion {
  readonly type: "pcr";
  readonly pcrs: readonly PcrSelection[];
  /** H(the selected PCR values, in selection order): see pcrDigest(). */
  readonly pcrDigest: Uint8Array;
}

/** TPM2_PolicyLocality: a TPMA_LOCALITY. */
export interface LocalityAssertion {
  readonly type: "locality";
  readonly locality: number;
}

/** TPM2_PolicyNV: a comparison of NV index contents with operandB. */
export interface NvAssertion {
  readonly type: "nv";
  /** The NV index's Name (with TPMA_NV_WRITTEN set, as the TPM computes it when satisfied). */
  readonly nvName: Uint8Array;
  readonly operandB: Uint8Array;
  readonly offset: number;
  /** A TPM_EO. */
  readonly operation: number;
  readonly nvIndex?: number;
  /** The handle authorizing the read (the index itself, or owner/platform); default nvIndex. */
  readonly authHandle?: number;
}

/** TPM2_PolicyCounterTimer: a comparison against TPMS_TIME_INFO. */
export interface CounterTimerAssertion {
  readonly type: "counterTimer";
  readonly operandB: Uint8Array;
  readonly offset: number;
  readonly operation: number;
}

/** TPM2_PolicyCommandCode. */
export interface CommandCodeAssertion {
  readonly type: "commandCode";
  readonly code: number;
}

/** TPM2_PolicyPhysicalPresence. */
export interface PhysicalPresenceAssertion {
  readonly type: "physicalPresence";
}

/** TPM2_PolicyCpHash. */
export interface CpHashAssertion {
  readonly type: "cpHash";
  readonly cpHash: Uint8Array;
}

/** TPM2_PolicyNameHash. */
export interface NameHashAssertion {
  readonly type: "nameHash";
  readonly nameHash: Uint8Array;
}

/** TPM2_PolicyDuplicationSelect. */
export interface DuplicationSelectAssertion {
  readonly type: "duplicationSelect";
  readonly objectName: Uint8Array;
  readonly newParentName: Uint8Array;
  readonly includeObject: boolean;
}

/** TPM2_PolicyAuthorize: any policy approved (signed) by the key named keySignName. */
export interface AuthorizeAssertion {
  readonly type: "authorize";
  readonly keySignName: Uint8Array;
  readonly policyRef?: Uint8Array;
}

/** TPM2_PolicyAuthValue. */
export interface AuthValueAssertion {
  readonly type: "authValue";
}

/** TPM2_PolicyPassword. */
export interface PasswordAssertion {
  readonly type: "password";
}

/** TPM2_PolicyNvWritten. */
export interface NvWrittenAssertion {
  readonly type: "nvWritten";
  readonly writtenSet: boolean;
}

/** TPM2_PolicyTemplate. */
export interface TemplateAssertion {
  readonly type: "template";
  readonly templateHash: Uint8Array;
}

/** TPM2_PolicyAuthorizeNV: the policy stored in the NV index named nvName. */
export interface AuthorizeNvAssertion {
  readonly type: "authorizeNV";
  readonly nvName: Uint8Array;
  readonly nvIndex?: number;
  readonly authHandle?: number;
}

/** TPM2_PolicyCapability (Part 3 rev 1.83): a comparison against a capability value. */
export interface CapabilityAssertion {
  readonly type: "capability";
  readonly operandB: Uint8Array;
  readonly offset: number;
  readonly operation: number;
  readonly capability: number;
  readonly property: number;
}

/** TPM2_PolicyParameters (Part 3 rev 1.83): the command's pHash. */
export interface ParametersAssertion {
  readonly type: "parameters";
  readonly pHash: Uint8Array;
}

/** One policy assertion. */
export type PolicyAssertion =
  | SignedAssertion
  | SecretAssertion
  | OrAssertion
  | PcrAssertion
  | LocalityAssertion
  | NvAssertion
  | CounterTimerAssertion
  | CommandCodeAssertion
  | PhysicalPresenceAssertion
  | CpHashAssertion
  | NameHashAssertion
  | DuplicationSelectAssertion
  | AuthorizeAssertion
  | AuthValueAssertion
  | PasswordAssertion
  | NvWrittenAssertion
  | TemplateAssertion
  | AuthorizeNvAssertion
  | CapabilityAssertion
  | ParametersAssertion;

/** A whole policy: the session's hash algorithm and the assertions in order. */
export interface PolicyTree {
  readonly hashAlg: number;
  readonly steps: readonly PolicyAssertion[];
}
