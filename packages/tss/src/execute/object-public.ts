import { ByteWriter, type Crypto, type Infer, TPM_ALG_ID, TPMT_PUBLIC, TssError } from "@tss/marshal";
import { objectName, type SaltKey } from "@tss/session";

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
  const p = publicArea as unknown as {
    type: number;
    nameAlg: number;
    parameters: { rsaDetail?: { exponent: number }; eccDetail?: { curveID: number } };
    unique: { rsa?: Uint8Array; ecc?: { x: Uint8Array; y: Uint8Array } };
  };
  if (p.type === TPM_ALG_ID.RSA && p.parameters.rsaDetail && p.unique.rsa) {
    return { nameAlg: p.nameAlg, rsa: { n: p.unique.rsa, e: p.parameters.rsaDetail.exponent || 65537 } };
  }
  if (p.type === TPM_ALG_ID.ECC && p.parameters.eccDetail && p.unique.ecc) {
    return {
      nameAlg: p.nameAlg,
      ecc: { curveID: p.parameters.eccDetail.curveID, x: p.unique.ecc.x, y: p.unique.ecc.y },
    };
  }
  throw new TssError("BAD_PARAMETER", "a salting tpmKey must be an RSA or ECC key");
}
