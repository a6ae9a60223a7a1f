/**
 * Reading a whole NV index (an EK certificate, nonce or template): TPM2_NV_ReadPublic
 * for the size and attributes, then TPM2_NV_Read in chunks of at most
 * TPM_PT_NV_BUFFER_MAX octets (TPM2_GetCapability; 1024 when the TPM does not say).
 */
import { TPM_CAP, TPM_PT, TPM_RC, TPM_RH, TPMA_NV, TpmError } from "@tss/marshal";
import { EkCertError } from "./ek-error.js";
import type { EkCallOptions, EkTpm } from "./ek-tpm.js";

/** The chunk size used when the TPM does not report TPM_PT_NV_BUFFER_MAX. */
export const DEFAULT_NV_BUFFER_MAX = 1024;

/** Options of readNvIndex. */
export interface ReadNvOptions {
  /**
   * The authorization handle of TPM2_NV_Read. Default: the index itself when
   * TPMA_NV_AUTHREAD is SET, else TPM_RH_OWNER when TPMA_NV_OWNERREAD is SET,
   * else TPM_RH_PLATFORM (TPMA_NV_PPREAD).
   */
  readonly authHandle?: number;
  /** Sessions for TPM2_NV_Read (default: the TSS's empty-password session). */
  readonly sessions?: EkCallOptions["sessions"];
  /** Read at most this many octets per TPM2_NV_Read (default: TPM_PT_NV_BUFFER_MAX). */
  readonly chunkSize?: number;
}

/** True when a TpmError is TPM_RC_HANDLE (format one, any handle number): the index is not defined. */
function isHandleError(e: unknown): boolean {
  if (!(e instanceof TpmError)) return false;
  const rc = e.responseCode;
  return (rc & 0x80) !== 0 && (rc & 0xbf) === TPM_RC.HANDLE;
}

/** TPM_PT_NV_BUFFER_MAX from TPM2_GetCapability(TPM_CAP_TPM_PROPERTIES), or DEFAULT_NV_BUFFER_MAX. */
export async function nvBufferMax(tpm: EkTpm): Promise<number> {
  try {
    const out = await tpm.getCapability({
      capability: TPM_CAP.TPM_PROPERTIES,
      property: TPM_PT.NV_BUFFER_MAX,
      propertyCount: 1,
    });
    const data = out.capabilityData.data as { tpmProperties?: { property: number; value: number }[] };
    const p = data.tpmProperties?.find((x) => x.property === TPM_PT.NV_BUFFER_MAX);
    if (p && Number.isInteger(p.value) && p.value > 0) return p.value;
  } catch (e) {
    if (!(e instanceof TpmError)) throw e;
  }
  return DEFAULT_NV_BUFFER_MAX;
}

/** The public area of an NV index; EkCertError NV_INDEX_ABSENT when the TPM has no such index. */
export async function nvPublic(tpm: EkTpm, nvIndex: number) {
  try {
    return (await tpm.nvReadPublic({ nvIndex })).nvPublic.nvPublic;
  } catch (e) {
    if (isHandleError(e)) {
      throw new EkCertError("NV_INDEX_ABSENT", `NV index 0x${nvIndex.toString(16).padStart(8, "0")} is not defined`, {
        cause: e,
      });
    }
    throw e;
  }
}

/** True when the TPM has the NV index defined. */
export async function nvIndexDefined(tpm: EkTpm, nvIndex: number): Promise<boolean> {
  try {
    await nvPublic(tpm, nvIndex);
    return true;
  } catch (e) {
    if (e instanceof EkCertError && e.code === "NV_INDEX_ABSENT") return false;
    throw e;
  }
}

/**
 * The whole contents of an NV index. EkCertError NV_INDEX_ABSENT when it is not
 * defined, NV_INDEX_EMPTY when it has never been written (TPMA_NV_WRITTEN clear);
 * TPM errors (e.g. a read lock) as TpmError.
 */
export async function readNvIndex(tpm: EkTpm, nvIndex: number, options: ReadNvOptions = {}): Promise<Uint8Array> {
  if (!Number.isInteger(nvIndex) || nvIndex < 0 || nvIndex > 0xffffffff) {
    throw new EkCertError("BAD_PARAMETER", `NV index ${String(nvIndex)} is not a handle`);
  }
  const pub = await nvPublic(tpm, nvIndex);
  const name = `0x${nvIndex.toString(16).padStart(8, "0")}`;
  if ((pub.attributes & TPMA_NV.WRITTEN) === 0) {
    throw new EkCertError("NV_INDEX_EMPTY", `NV index ${name} has not been written`);
  }
  const size = pub.dataSize;
  const authHandle =
    options.authHandle ??
    ((pub.attributes & TPMA_NV.AUTHREAD) !== 0
      ? nvIndex
      : (pub.attributes & TPMA_NV.OWNERREAD) !== 0
        ? TPM_RH.OWNER
        : TPM_RH.PLATFORM);
  let chunk = options.chunkSize ?? (await nvBufferMax(tpm));
  if (!Number.isInteger(chunk) || chunk < 1) throw new EkCertError("BAD_PARAMETER", `chunk size ${String(chunk)}`);
  chunk = Math.min(chunk, 0xffff);
  const out = new Uint8Array(size);
  const callOptions = options.sessions ? { sessions: options.sessions } : undefined;
  for (let offset = 0; offset < size; ) {
    const want = Math.min(chunk, size - offset);
    const { data } = await tpm.nvRead({ authHandle, nvIndex, size: want, offset }, callOptions);
    if (data.length === 0 || data.length > want) {
      throw new EkCertError(
        "NV_INDEX_EMPTY",
        `NV_Read of ${name} at ${offset} returned ${data.length} of ${want} octets`,
      );
    }
    out.set(data, offset);
    offset += data.length;
  }
  return out;
}
