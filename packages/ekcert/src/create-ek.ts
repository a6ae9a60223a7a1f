/**
 * Creating the EK: TPM2_CreatePrimary under TPM_RH_ENDORSEMENT with the
 * profile's template, honouring the low range's EK Template and EK Nonce NV
 * indexes as the TCG EK Credential Profile (2.2.1.5) and tpm2-tools'
 * tpm2_createek do: a populated template index replaces the default template
 * (a marshalled TPMT_PUBLIC); a populated nonce index is copied to the start of
 * unique (RSA: unique.rsa of 256 octets; ECC: unique.ecc.x, with x and y of 32
 * octets), the rest zero. High-range EKs have no nonce or template index.
 */
import { ByteReader, MarshalError, TPM_ALG_ID, TPM_RH, TPMT_PUBLIC } from "@tss/marshal";
import { EkCertError } from "./ek-error.js";
import { type EkAlgorithm, ekProfile, ekTemplate } from "./ek-templates.js";
import type { EkCallOptions, EkTpm } from "./ek-tpm.js";
import { nvIndexDefined, type ReadNvOptions, readNvIndex } from "./nv-read.js";
import type { PublicArea } from "./public-area.js";

/** Options of createEk. */
export interface CreateEkOptions {
  readonly algorithm: EkAlgorithm;
  /** Read the low range's template and nonce indexes when present (default true). */
  readonly useNvTemplate?: boolean;
  /** Sessions for TPM2_CreatePrimary (the endorsement hierarchy's authorization; default empty password). */
  readonly sessions?: EkCallOptions["sessions"];
  /** Options for reading the nonce and template indexes (auth handle, sessions). */
  readonly nvRead?: ReadNvOptions;
  /** The EK's authValue (default empty; used by the high-range EKs, whose userWithAuth is SET). */
  readonly userAuth?: Uint8Array;
}

/** What createEk returns. */
export interface CreatedEk {
  /** The transient handle of the EK (flush it with TPM2_FlushContext when done). */
  readonly handle: number;
  /** The EK's public area as the TPM returned it. */
  readonly publicArea: PublicArea;
  /** The EK's Name (nameAlg || H(TPMT_PUBLIC)). */
  readonly name: Uint8Array;
  /** The template sent to TPM2_CreatePrimary. */
  readonly template: PublicArea;
  /** Where the template came from: the profile's default, or the NV template index. */
  readonly templateSource: "default" | "nv";
  /** The EK nonce applied from NV, if any. */
  readonly nonce?: Uint8Array;
}

/** Applies an EK nonce to a template's unique field (profile 2.2.1.5.2; as tpm2_createek). */
export function applyEkNonce(template: PublicArea, nonce: Uint8Array): PublicArea {
  if (nonce.length === 0) return template;
  if (template.type === TPM_ALG_ID.RSA) {
    if (nonce.length > 256)
      throw new EkCertError("BAD_PARAMETER", `an RSA EK nonce of ${nonce.length} octets (at most 256)`);
    const rsa = new Uint8Array(256);
    rsa.set(nonce);
    return { ...template, unique: { rsa } } as PublicArea;
  }
  if (template.type === TPM_ALG_ID.ECC) {
    if (nonce.length > 32)
      throw new EkCertError("BAD_PARAMETER", `an ECC EK nonce of ${nonce.length} octets (at most 32)`);
    const x = new Uint8Array(32);
    x.set(nonce);
    return { ...template, unique: { ecc: { x, y: new Uint8Array(32) } } } as PublicArea;
  }
  throw new EkCertError("UNSUPPORTED", `an EK nonce for object type 0x${template.type.toString(16)}`);
}

/** A TPMT_PUBLIC read from an EK template NV index; EkCertError BAD_PARAMETER when it does not unmarshal. */
export function parseEkTemplate(bytes: Uint8Array): PublicArea {
  try {
    const r = new ByteReader(bytes);
    const t = TPMT_PUBLIC.read(r, "TPMT_PUBLIC") as PublicArea;
    if (r.remaining !== 0) throw new EkCertError("BAD_PARAMETER", `${r.remaining} octets after the EK template`);
    return t;
  } catch (e) {
    if (e instanceof MarshalError)
      throw new EkCertError("BAD_PARAMETER", `the EK template does not unmarshal: ${e.message}`, { cause: e });
    throw e;
  }
}

/** The template createEk would use: the NV template and nonce when present (low range), else the profile's default. */
export async function resolveEkTemplate(
  tpm: EkTpm,
  algorithm: EkAlgorithm,
  nvRead: ReadNvOptions = {},
): Promise<{ template: PublicArea; templateSource: "default" | "nv"; nonce?: Uint8Array }> {
  const profile = ekProfile(algorithm);
  let template = ekTemplate(algorithm);
  let templateSource: "default" | "nv" = "default";
  if (profile.templateIndex !== undefined && (await nvIndexDefined(tpm, profile.templateIndex))) {
    template = parseEkTemplate(await readNvIndex(tpm, profile.templateIndex, nvRead));
    templateSource = "nv";
  }
  if (profile.nonceIndex !== undefined && (await nvIndexDefined(tpm, profile.nonceIndex))) {
    const nonce = await readNvIndex(tpm, profile.nonceIndex, nvRead);
    return { template: applyEkNonce(template, nonce), templateSource, nonce };
  }
  return { template, templateSource };
}

/** Creates the EK of a kind under TPM_RH_ENDORSEMENT (TPM2_CreatePrimary) and returns its handle, public area and Name. */
export async function createEk(tpm: EkTpm, options: CreateEkOptions): Promise<CreatedEk> {
  if (options === null || typeof options !== "object")
    throw new EkCertError("BAD_PARAMETER", "createEk needs { algorithm }");
  const resolved =
    options.useNvTemplate === false
      ? { template: ekTemplate(options.algorithm), templateSource: "default" as const }
      : await resolveEkTemplate(tpm, options.algorithm, options.nvRead);
  const empty = new Uint8Array(0);
  const out = await tpm.createPrimary(
    {
      primaryHandle: TPM_RH.ENDORSEMENT,
      inSensitive: { sensitive: { userAuth: options.userAuth ?? empty, data: empty } },
      inPublic: { publicArea: resolved.template },
      outsideInfo: empty,
      creationPCR: [],
    },
    options.sessions ? { sessions: options.sessions } : undefined,
  );
  return {
    handle: out.objectHandle,
    publicArea: out.outPublic.publicArea as PublicArea,
    name: out.name,
    ...resolved,
  };
}
