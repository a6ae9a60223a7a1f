import { ByteWriter, type Crypto, type Infer, TPMT_PUBLIC } from "@tss/marshal";
import { objectName, publicKeyFromTpmPublic, type SaltKey } from "@tss/session";

/** A TPMT_PUBLIC value. */
export type PublicArea = Infer<typeof TPMT_PUBLIC>;

/** Marshals a TPMT_PUBLIC. */
export function marshalPublicArea(publicArea: PublicArea): Uint8Array {
  const w = new ByteWriter(512);
  TPMT_PUBLIC.write(w, publicArea, "TPMT_PUBLIC");
  return w.finish();
}

/** The Name of an object from its public area. */
export function publicAreaName(crypto: Crypto, publicArea: PublicArea): Promise<Uint8Array> {
  return objectName(crypto, publicArea.nameAlg, marshalPublicArea(publicArea));
}

/** The salt key (RSA modulus and exponent, or ECC curve and point) of a tpmKey's public area. */
export function saltKeyOf(publicArea: PublicArea): SaltKey {
  return { nameAlg: publicArea.nameAlg, ...publicKeyFromTpmPublic(publicArea) } as SaltKey;
}
