/**
 * The TPM an EK certificate describes (TCG EK Credential Profile, 3.2): the
 * manufacturer, model and firmware version in the subjectAltName's
 * directoryName (tcg-at-tpmManufacturer 2.23.133.2.1, tcg-at-tpmModel
 * 2.23.133.2.2, tcg-at-tpmVersion 2.23.133.2.3), and the TPM specification
 * in subjectDirectoryAttributes (tcg-at-tpmSpecification 2.23.133.2.16).
 */
import { children, DER, type DerElement, DerReader, oidText, unsignedInteger } from "./der.js";
import { EkCertError } from "./ek-error.js";
import { generalNameDirectories } from "./general-names.js";
import { tcgVendorName, vendorIdText } from "./tcg-vendor-ids.js";
import { type Certificate, OID } from "./x509-certificate.js";

/** The TPM manufacturer of an EK certificate. */
export interface TpmManufacturer {
  /** The attribute as written, e.g. "id:494E5443". */
  readonly id: string;
  /** The TCG vendor ID, e.g. "INTC" (the id's hex digits as text, trailing NULs and spaces trimmed). */
  readonly vendorId: string;
  /** The TCG Vendor ID Registry's name, e.g. "Intel"; undefined for an unregistered ID. */
  readonly name?: string;
}

/** The TPM specification an EK certificate names (TPMSpecification ::= SEQUENCE { family, level, revision }). */
export interface TpmSpecification {
  /** e.g. "2.0". */
  readonly family: string;
  readonly level: number;
  /** e.g. 138 for revision 1.38. */
  readonly revision: number;
}

/** What tpmIdentity returns: each part when the certificate has it. */
export interface TpmIdentity {
  readonly manufacturer?: TpmManufacturer;
  /** tcg-at-tpmModel, e.g. "SLB9670". */
  readonly model?: string;
  /** tcg-at-tpmVersion, e.g. "id:00070055" (the firmware version). */
  readonly version?: string;
  readonly specification?: TpmSpecification;
}

const utf8 = new TextDecoder("utf-8");

function stringValue(e: DerElement): string {
  return utf8.decode(e.content);
}

function manufacturerOf(id: string): TpmManufacturer {
  const m = /^id:([0-9A-Fa-f]{8})$/.exec(id.trim());
  const vendorId = m ? vendorIdText(Uint8Array.from(m[1]!.match(/../g)!, (h) => Number.parseInt(h, 16))) : id.trim();
  const name = tcgVendorName(vendorId);
  return name === undefined ? { id, vendorId } : { id, vendorId, name };
}

function specificationOf(value: DerElement): TpmSpecification {
  if (value.tag !== DER.SEQUENCE) throw new EkCertError("BAD_CERTIFICATE", "TPMSpecification is not a SEQUENCE");
  const r = new DerReader(value.content);
  const family = stringValue(r.next());
  const level = unsignedInteger(r.expect(DER.INTEGER, "TPMSpecification.level").content, "level");
  const revision = unsignedInteger(r.expect(DER.INTEGER, "TPMSpecification.revision").content, "revision");
  r.end("TPMSpecification");
  const num = (b: Uint8Array) => b.reduce((v, x) => v * 256 + x, 0);
  return { family, level: num(level), revision: num(revision) };
}

/**
 * The TPM manufacturer (with its TCG vendor ID and registry name), model,
 * version and specification an EK certificate names; undefined when it names
 * none of them. EkCertError("BAD_CERTIFICATE") when the extensions are malformed.
 */
export function tpmIdentity(cert: Certificate): TpmIdentity | undefined {
  let manufacturer: TpmManufacturer | undefined;
  let model: string | undefined;
  let version: string | undefined;
  let specification: TpmSpecification | undefined;
  for (const ext of cert.extensions) {
    if (ext.oid === OID.subjectAltName) {
      const r = new DerReader(ext.value);
      const names = r.expect(DER.SEQUENCE, "GeneralNames");
      r.end("subjectAltName");
      for (const name of generalNameDirectories(children(names))) {
        for (const rdn of children(name)) {
          for (const atv of children(rdn)) {
            const a = new DerReader(atv.content);
            const type = oidText(a.expect(DER.OID, "AttributeType").content);
            const value = stringValue(a.next());
            if (type === OID.tpmManufacturer) manufacturer = manufacturerOf(value);
            else if (type === OID.tpmModel) model = value;
            else if (type === OID.tpmVersion) version = value;
          }
        }
      }
    } else if (ext.oid === OID.subjectDirectoryAttributes) {
      const r = new DerReader(ext.value);
      const attrs = r.expect(DER.SEQUENCE, "SubjectDirectoryAttributes");
      r.end("subjectDirectoryAttributes");
      for (const attr of children(attrs)) {
        const a = new DerReader(attr.content);
        const type = oidText(a.expect(DER.OID, "Attribute.type").content);
        const values = children(a.expect(DER.SET, "Attribute.values"));
        if (type === OID.tpmSpecification && values[0]) specification = specificationOf(values[0]);
      }
    }
  }
  if (!manufacturer && model === undefined && version === undefined && !specification) return undefined;
  return {
    ...(manufacturer ? { manufacturer } : {}),
    ...(model !== undefined ? { model } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(specification ? { specification } : {}),
  };
}
