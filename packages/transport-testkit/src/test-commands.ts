/**
 * The commands the kit sends, marshalled with @tss/marshal, and the few response
 * fields it reads. Nothing here needs a crypto library: authorizations are the
 * empty password session (TPM_RS_PW).
 */
import {
  ByteWriter,
  COMMANDS,
  encodeCommand,
  marshalCommand,
  readHeader,
  TPM_CAP,
  TPM_CC,
  TPM_HEADER_SIZE,
  TPM_SU,
} from "@tss/marshal";

/** TPM_RS_PW: the password authorization session handle. */
export const TPM_RS_PW = 0x40000009;
/** TPM_RH_OWNER. */
export const TPM_RH_OWNER = 0x40000001;
/** TPM_PT_FAMILY_INDICATOR (PT_FIXED + 0): "2.0". */
export const TPM_PT_FAMILY_INDICATOR = 0x100;
/** TPM_RC_INITIALIZE: Startup already done. */
export const TPM_RC_INITIALIZE = 0x100;
/** TPM_RC_COMMAND_CODE: the TPM does not implement the command. */
export const TPM_RC_COMMAND_CODE = 0x143;

const emptyPassword = [
  { sessionHandle: TPM_RS_PW, nonce: new Uint8Array(0), sessionAttributes: 0, hmac: new Uint8Array(0) },
];

/** TPM2_Startup(CLEAR). */
export function startupClear(): Uint8Array {
  return marshalCommand(COMMANDS.Startup, { startupType: TPM_SU.CLEAR } as never);
}

/** TPM2_GetRandom(bytesRequested). */
export function getRandom(bytesRequested: number): Uint8Array {
  return marshalCommand(COMMANDS.GetRandom, { bytesRequested });
}

/** TPM2_GetCapability(TPM_PROPERTIES, TPM_PT_FAMILY_INDICATOR, 1). */
export function getFamilyIndicator(): Uint8Array {
  return marshalCommand(COMMANDS.GetCapability, {
    capability: TPM_CAP.TPM_PROPERTIES,
    property: TPM_PT_FAMILY_INDICATOR,
    propertyCount: 1,
  } as never);
}

/** TPM2_GetCapability with a capability selector no TPM defines (TPM_RC_VALUE expected). */
export function getCapabilityInvalid(): Uint8Array {
  return marshalCommand(COMMANDS.GetCapability, { capability: 0x7fff0000, property: 0, propertyCount: 1 } as never);
}

/** A well-formed command whose code no TPM implements (TPM_RC_COMMAND_CODE expected). */
export function unknownCommand(): Uint8Array {
  return encodeCommand({ code: 0x2000_0fff, handles: [], parameters: new Uint8Array(0) });
}

/**
 * TPM2_CreatePrimary under the owner hierarchy: an RSA-2048 restricted
 * decryption (storage) key, AES-128-CFB, empty authorization.
 */
export function createPrimaryRsaStorage(): Uint8Array {
  const w = new ByteWriter();
  w.u16(4); // TPM2B_SENSITIVE_CREATE: userAuth and data, both empty
  w.u16(0);
  w.u16(0);
  const pub = new ByteWriter();
  pub.u16(0x0001); // TPM_ALG_RSA
  pub.u16(0x000b); // nameAlg TPM_ALG_SHA256
  pub.u32(0x00030072); // fixedTPM|fixedParent|sensitiveDataOrigin|userWithAuth|restricted|decrypt
  pub.u16(0); // authPolicy
  pub.u16(0x0006); // symmetric TPM_ALG_AES
  pub.u16(128);
  pub.u16(0x0043); // TPM_ALG_CFB
  pub.u16(0x0010); // scheme TPM_ALG_NULL
  pub.u16(2048);
  pub.u32(0); // exponent: default
  pub.u16(0); // unique: empty
  const area = pub.finish();
  w.u16(area.length);
  w.bytes(area);
  w.u16(0); // outsideInfo
  w.u32(0); // creationPCR: no selection
  return encodeCommand({
    code: TPM_CC.CreatePrimary,
    handles: [TPM_RH_OWNER],
    authorizations: emptyPassword,
    parameters: w.finish(),
  });
}

/** TPM2_ContextSave(saveHandle). */
export function contextSave(handle: number): Uint8Array {
  return encodeCommand({ code: TPM_CC.ContextSave, handles: [handle], parameters: new Uint8Array(0) });
}

/** TPM2_FlushContext(flushHandle): the handle is a parameter. */
export function flushContext(handle: number): Uint8Array {
  const w = new ByteWriter(4);
  w.u32(handle);
  return encodeCommand({ code: TPM_CC.FlushContext, handles: [], parameters: w.finish() });
}

/** The response code of a response. */
export function responseCode(response: Uint8Array): number {
  return readHeader(response)?.code ?? -1;
}

/** The first response handle (after the header) of a successful response. */
export function firstResponseHandle(response: Uint8Array): number {
  return new DataView(response.buffer, response.byteOffset, response.byteLength).getUint32(TPM_HEADER_SIZE);
}

/** TPM_CAP_HANDLES. */
export const TPM_CAP_HANDLES = 1;
/** The first transient object handle (TPM_HT_TRANSIENT). */
export const TRANSIENT_FIRST = 0x8000_0000;
/** The first loaded session handle (TPM_HT_LOADED_SESSION: HMAC and policy sessions). */
export const LOADED_SESSION_FIRST = 0x0200_0000;

/** TPM2_GetCapability(TPM_CAP_HANDLES, first, count): the handles of one type from `first` on. */
export function getHandles(first: number, count = 64): Uint8Array {
  return marshalCommand(COMMANDS.GetCapability, {
    capability: TPM_CAP_HANDLES,
    property: first,
    propertyCount: count,
  } as never);
}

/**
 * The handles in a successful GetCapability(TPM_CAP_HANDLES) response of the
 * same type (top byte) as `first`: moreData(1) capability(4) count(4) handle(4)...
 */
export function handlesInResponse(response: Uint8Array, first: number): number[] {
  const v = new DataView(response.buffer, response.byteOffset, response.byteLength);
  const at = TPM_HEADER_SIZE + 1 + 4;
  if (response.length < at + 4) return [];
  const count = v.getUint32(at);
  const handles: number[] = [];
  for (let i = 0; i < count && at + 4 + 4 * (i + 1) <= response.length; i++) {
    const h = v.getUint32(at + 4 + 4 * i);
    if (h >>> 24 === first >>> 24) handles.push(h);
  }
  return handles;
}
