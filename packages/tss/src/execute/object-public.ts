import { type Crypto, type Infer, marshal, TPMT_PUBLIC } from "@tss/marshal";
import { objectName } from "@tss/session";

/** A TPMT_PUBLIC value. */
export type PublicArea = Infer<typeof TPMT_PUBLIC>;

/** The Name of an object from its public area. */
export function publicAreaName(crypto: Crypto, publicArea: PublicArea): Promise<Uint8Array> {
  return objectName(crypto, publicArea.nameAlg, marshal(TPMT_PUBLIC, publicArea));
}
