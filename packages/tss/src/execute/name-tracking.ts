/**
 * The seed's Name tracking: after each successful command, record what it did
 * to the Names of objects and NV indexes, so HMAC sessions always hash the
 * right Name. NV Names change with TPMA_NV.WRITTEN and the write and read locks.
 */

import { type Crypto, handleType, TPM_CC, TPM_HT, TPMA_NV, TssError } from "@tss/marshal";
import { constantTimeEqual } from "@tss/session";
import type { NameBook } from "./name-book.js";
import { marshalNvPublic, type NvPublic, nvName, unmarshalNvPublic } from "./nv-public.js";
import { type PublicArea, publicAreaName } from "./object-public.js";

type Values = Record<string, any>;

async function setNvAttributeBits(
  names: NameBook,
  crypto: Crypto | undefined,
  nvIndex: number,
  bits: number,
): Promise<void> {
  const stored = await names.nvPublic(nvIndex);
  if (!stored) return;
  const nv = unmarshalNvPublic(stored);
  if ((nv.attributes & bits) === bits) return;
  const next: NvPublic = { ...nv, attributes: (nv.attributes | bits) >>> 0 };
  if (crypto) await names.setNv(nvIndex, marshalNvPublic(next), await nvName(crypto, next));
  else await names.forget(nvIndex);
}

/** Checks a Name the TPM returned against the one computed from the public area. */
async function checkedName(
  crypto: Crypto | undefined,
  returned: Uint8Array,
  computed: () => Promise<Uint8Array>,
  what: string,
) {
  if (!crypto) return returned;
  const mine = await computed();
  if (!constantTimeEqual(mine, returned)) {
    throw new TssError("NAME_MISMATCH", `${what}: the Name the TPM returned does not match its public area`);
  }
  return returned;
}

/** The commands whose success changes a Name (trackNames acts on these only). */
export const NAME_TRACKED_CODES: readonly number[] = [
  TPM_CC.HMAC_Start,
  TPM_CC.HashSequenceStart,
  TPM_CC.SequenceComplete,
  TPM_CC.EventSequenceComplete,
  TPM_CC.CreatePrimary,
  TPM_CC.Load,
  TPM_CC.LoadExternal,
  TPM_CC.CreateLoaded,
  TPM_CC.ReadPublic,
  TPM_CC.EvictControl,
  TPM_CC.ContextLoad,
  TPM_CC.ContextSave,
  TPM_CC.FlushContext,
  TPM_CC.NV_DefineSpace,
  TPM_CC.NV_UndefineSpace,
  TPM_CC.NV_UndefineSpaceSpecial,
  TPM_CC.NV_Write,
  TPM_CC.NV_Increment,
  TPM_CC.NV_Extend,
  TPM_CC.NV_SetBits,
  TPM_CC.NV_WriteLock,
  TPM_CC.NV_ReadLock,
  TPM_CC.NV_ReadPublic,
];

/** The TPMA_NV bits a command sets on success; 0 for NV_UndefineSpace(Special), which ends the index. */
const NV_BITS_SET: ReadonlyMap<number, number> = new Map([
  [TPM_CC.NV_Write, TPMA_NV.WRITTEN],
  [TPM_CC.NV_Increment, TPMA_NV.WRITTEN],
  [TPM_CC.NV_Extend, TPMA_NV.WRITTEN],
  [TPM_CC.NV_SetBits, TPMA_NV.WRITTEN],
  [TPM_CC.NV_WriteLock, TPMA_NV.WRITELOCKED],
  [TPM_CC.NV_ReadLock, TPMA_NV.READLOCKED],
  [TPM_CC.NV_UndefineSpace, 0],
  [TPM_CC.NV_UndefineSpaceSpecial, 0],
]);

/**
 * Commands whose success may change an NV index's Name (TPMA_NV.WRITTEN, WRITELOCKED,
 * READLOCKED), or end it (UndefineSpace: whatever is defined there next has another).
 */
export const NV_NAME_CHANGING_CODES: ReadonlySet<number> = new Set(NV_BITS_SET.keys());

/**
 * Whether a command may change (or end) an NV index's Name: false only when the
 * recorded public area already has every bit the command sets (a second NV_Write
 * cannot change it); true otherwise, an unrecorded index included.
 */
export async function nvNameMayChange(commandCode: number, nvIndex: number, names: NameBook): Promise<boolean> {
  const bits = NV_BITS_SET.get(commandCode);
  if (bits === undefined) return false;
  if (bits === 0) return true;
  const stored = await names.nvPublic(nvIndex);
  return !stored || (unmarshalNvPublic(stored).attributes & bits) !== bits;
}

/** Records the Name changes of a successful command. */
export async function trackNames(
  commandCode: number,
  input: Values,
  output: Values,
  names: NameBook,
  crypto: Crypto | undefined,
): Promise<void> {
  switch (commandCode) {
    case TPM_CC.HMAC_Start: // and MAC_Start: one code
    case TPM_CC.HashSequenceStart:
      // A sequence object has no public area: its Name is empty (the TPM's EntityGetName).
      await names.setName(output.sequenceHandle, new Uint8Array(0));
      return;
    case TPM_CC.SequenceComplete:
    case TPM_CC.EventSequenceComplete:
      // The TPM flushes the sequence object.
      await names.forget(input.sequenceHandle);
      return;
    case TPM_CC.CreatePrimary:
    case TPM_CC.Load:
    case TPM_CC.LoadExternal:
    case TPM_CC.CreateLoaded:
      await names.setName(output.objectHandle, output.name);
      return;
    case TPM_CC.ReadPublic: {
      const publicArea = output.outPublic.publicArea as PublicArea;
      const name = await checkedName(crypto, output.name, () => publicAreaName(crypto!, publicArea), "ReadPublic");
      await names.setName(input.objectHandle, name);
      return;
    }
    case TPM_CC.EvictControl: {
      const { objectHandle, persistentHandle } = input;
      if (handleType(objectHandle) === TPM_HT.PERSISTENT) {
        await names.forget(persistentHandle);
      } else {
        const n = await names.name(objectHandle);
        // Unknown here (loaded by another application): what was recorded for the handle is stale.
        if (n) await names.setName(persistentHandle, n);
        else await names.forget(persistentHandle);
      }
      return;
    }
    case TPM_CC.ContextLoad: {
      // A saved object's savedHandle is 0x80000000 (or ...02), not the handle it had:
      // its Name was kept under the context's sequence number at ContextSave.
      const ht = handleType(output.loadedHandle);
      if (ht === TPM_HT.TRANSIENT) {
        const n = await names.name(contextKeyHandle(input.context));
        if (n) await names.setName(output.loadedHandle, n);
        else await names.forget(output.loadedHandle);
      }
      return;
    }
    case TPM_CC.ContextSave: {
      const ht = handleType(input.saveHandle);
      if (ht === TPM_HT.TRANSIENT) {
        const n = await names.name(input.saveHandle);
        if (n) await names.setName(contextKeyHandle(output.context), n);
      }
      return;
    }
    case TPM_CC.FlushContext: {
      const ht = handleType(input.flushHandle);
      if (ht === TPM_HT.TRANSIENT) await names.forget(input.flushHandle);
      return;
    }
    case TPM_CC.NV_DefineSpace: {
      const nv = input.publicInfo.nvPublic as NvPublic;
      if (crypto) await names.setNv(nv.nvIndex, marshalNvPublic(nv), await nvName(crypto, nv));
      return;
    }
    case TPM_CC.NV_UndefineSpace:
    case TPM_CC.NV_UndefineSpaceSpecial:
      await names.forget(input.nvIndex);
      return;
    case TPM_CC.NV_Write:
    case TPM_CC.NV_Increment:
    case TPM_CC.NV_Extend:
    case TPM_CC.NV_SetBits:
      await setNvAttributeBits(names, crypto, input.nvIndex, TPMA_NV.WRITTEN);
      return;
    case TPM_CC.NV_WriteLock:
      await setNvAttributeBits(names, crypto, input.nvIndex, TPMA_NV.WRITELOCKED);
      return;
    case TPM_CC.NV_ReadLock:
      await setNvAttributeBits(names, crypto, input.nvIndex, TPMA_NV.READLOCKED);
      return;
    case TPM_CC.NV_ReadPublic: {
      const nv = output.nvPublic.nvPublic as NvPublic;
      if (nv.nvIndex !== input.nvIndex) {
        throw new TssError(
          "NAME_MISMATCH",
          `NV_ReadPublic: asked for 0x${input.nvIndex.toString(16)}, the public area is of 0x${nv.nvIndex.toString(16)}`,
        );
      }
      const name = await checkedName(crypto, output.nvName, () => nvName(crypto!, nv), "NV_ReadPublic");
      await names.setNv(input.nvIndex, marshalNvPublic(nv), name);
      return;
    }
    default:
      return;
  }
}

/**
 * A pseudo-handle under which a saved object context's Name is kept until
 * ContextLoad (the transient handle itself is usually flushed meanwhile): a
 * handle in the reserved 0xFE range, from the context's sequence number.
 */
export function contextKeyHandle(context: { sequence?: bigint } | undefined): number {
  const seq = context?.sequence ?? 0n;
  return (0xfe000000 | Number(seq & 0xffffffn)) >>> 0;
}
