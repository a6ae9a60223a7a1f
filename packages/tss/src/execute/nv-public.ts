import { ByteReader, ByteWriter, type Crypto, type Infer, TPMS_NV_PUBLIC, TssError } from "@tss/marshal";
import { nvIndexName } from "@tss/session";

/** A TPMS_NV_PUBLIC value. */
export type NvPublic = Infer<typeof TPMS_NV_PUBLIC>;

/** Marshals a TPMS_NV_PUBLIC. */
export function marshalNvPublic(nvPublic: NvPublic): Uint8Array {
  const w = new ByteWriter(64);
  TPMS_NV_PUBLIC.write(w, nvPublic, "TPMS_NV_PUBLIC");
  return w.finish();
}

/** Unmarshals a stored TPMS_NV_PUBLIC (nvp<handle>.bin). */
export function unmarshalNvPublic(bytes: Uint8Array): NvPublic {
  try {
    const r = new ByteReader(bytes);
    const v = TPMS_NV_PUBLIC.read(r, "TPMS_NV_PUBLIC");
    r.expectEnd("TPMS_NV_PUBLIC");
    return v;
  } catch (e) {
    throw new TssError("STORE", `stored NV public area is malformed: ${(e as Error).message}`, { cause: e });
  }
}

/** The Name of an NV index from its public area. */
export function nvName(crypto: Crypto, nvPublic: NvPublic): Promise<Uint8Array> {
  return nvIndexName(crypto, nvPublic.nameAlg, marshalNvPublic(nvPublic));
}
