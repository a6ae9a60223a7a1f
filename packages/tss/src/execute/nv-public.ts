import { type Crypto, type Infer, marshal, TPMS_NV_PUBLIC, TssError, unmarshal } from "@tss/marshal";
import { nvIndexName } from "@tss/session";

/** A TPMS_NV_PUBLIC value. */
export type NvPublic = Infer<typeof TPMS_NV_PUBLIC>;

/** Marshals a TPMS_NV_PUBLIC. */
export function marshalNvPublic(nvPublic: NvPublic): Uint8Array {
  return marshal(TPMS_NV_PUBLIC, nvPublic);
}

/** Unmarshals a stored TPMS_NV_PUBLIC (nvp<handle>.bin). */
export function unmarshalNvPublic(bytes: Uint8Array): NvPublic {
  try {
    return unmarshal(TPMS_NV_PUBLIC, bytes);
  } catch (e) {
    throw new TssError("STORE", `stored NV public area is malformed: ${(e as Error).message}`, { cause: e });
  }
}

/** The Name of an NV index from its public area. */
export function nvName(crypto: Crypto, nvPublic: NvPublic): Promise<Uint8Array> {
  return nvIndexName(crypto, nvPublic.nameAlg, marshalNvPublic(nvPublic));
}
