/**
 * certifyx509: TPM2_CertifyX509. Builds the partial certificate (IBM's fixed
 * issuer and subject, 20 years from now, keyUsage from -ku, the optional
 * tcg-tpmaObject extension of -iob), has the TPM complete and sign it, and
 * rebuilds the X.509 certificate from the partial certificate, the TPM's
 * addedToCertificate and the signature (@tss/ekcert). The rebuilt
 * TBSCertificate's digest must be the TPM's tbsDigest.
 */
import {
  certifyX509Certificate,
  distinguishedNameDer,
  ecdsaSignatureDer,
  keyUsageExtension,
  type NameEntry,
  parseKeyUsage,
  partialCertificateDer,
  tpmaObjectExtension,
} from "@tss/ekcert";
import { TPM_ALG_ID, TPMT_SIGNATURE, tpmtSignatureLines } from "@tss/marshal";
import { defaultCrypto } from "@tss/tss";
import { hashFlag } from "../algorithms.js";
import { sameBytes, sigScheme } from "../attestation.js";
import { authSessions } from "../auth-sessions.js";
import { SESSION_FLAGS } from "../flags.js";
import { marshalStructure } from "../structure-files.js";
import { UsageError } from "../usage-error.js";
import type { Utility } from "../utility.js";

/** IBM's certifyx509 names: issuer and subject differ only in CN; -sub makes the subject the issuer. */
const IBM_NAME: readonly NameEntry[] = [
  ["C", "US"],
  ["ST", "NY"],
  ["L", "Yorktown"],
  ["O", "IBM"],
];
const ISSUER: readonly NameEntry[] = [...IBM_NAME, ["CN", "CA"]];
const SUBJECT: readonly NameEntry[] = [...IBM_NAME, ["CN", "Subject"]];
/** IBM's validity: 20 years and 5 leap days from now. */
const VALIDITY_MS = 1000 * 60 * 60 * 24 * (365 * 20 + 5);
const DEFAULT_KEY_USAGE = "critical,digitalSignature,keyCertSign,cRLSign";

/** certifyx509 -ho object [-pwdo] -hk key [-pwdk] [-halg] -rsa bits | -ecc curve [-ku] [-iob] [-bit] [-sub] [-opc] [-oa] [-otbs] [-os] [-ocert]. */
export const certifyx509: Utility = {
  name: "certifyx509",
  summary: "Runs TPM2_CertifyX509 and rebuilds the X.509 certificate",
  flags: {
    "-ho": "hex",
    "-pwdo": "string",
    "-hk": "hex",
    "-pwdk": "string",
    "-halg": "string",
    "-rsa": "dec",
    "-ecc": "string",
    "-ku": "string",
    "-iob": "hex",
    "-bit": "dec",
    "-sub": "switch",
    "-opc": "string",
    "-ocert": "string",
    "-oa": "string",
    "-otbs": "string",
    "-os": "string",
    ...SESSION_FLAGS,
  },
  usage: [
    "\t-ho\tobject handle",
    "\t[-pwdo\tpassword for object (default empty)]",
    "\t-hk\tcertifying key handle",
    "\t[-pwdk\tpassword for key (default empty)]",
    "\t[-halg\t(sha256, sha384) (default sha256)]",
    "\t-rsa keybits",
    "\t\t2048",
    "\t\t3072",
    "\t-ecc curve",
    "\t\tnistp256",
    "\t\tnistp384",
    "\t[-ku\tX509 key usage - string - comma separated, no spaces]",
    "\t[-iob\tTPMA_OBJECT - 4 byte hex]",
    "\t\te.g. sign: critical,digitalSignature,keyCertSign,cRLSign (default)",
    "\t\te.g. decrypt: critical,dataEncipherment,keyAgreement,encipherOnly,decipherOnly",
    "\t\te.g. fixedTPM: critical,nonRepudiation",
    "\t\te.g. parent (restrict decrypt): critical,keyEncipherment",
    "\t[-bit\tbit in partialCertificate to toggle]",
    "\t[-sub\tsubject same as issuer for self signed (root) certificate]",
    "\t[-opc\tpartial certificate file name (default do not save)]",
    "\t[-oa\taddedToCertificate file name (default do not save)]",
    "\t[-otbs\tsigned tbsDigest file name (default do not save)]",
    "\t[-os\tsignature file name (default do not save)]",
    "\t[-ocert\t reconstructed certificate file name (default do not save)]",
    "",
    "\t-se[0-2] session handle / attributes (default PWAP)",
    "\t01\tcontinue",
    "\t20\tcommand decrypt",
    "\t40\tresponse encrypt",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const objectHandle = ctx.need("-ho", f.number("-ho"), "object handle parameter");
    const signHandle = ctx.need("-hk", f.number("-hk"), "sign handle parameter");
    const algorithms = ["-rsa", "-ecc"].filter((x) => f.has(x));
    if (algorithms.length === 0) throw new UsageError("one of -rsa, -ecc must be specified");
    if (algorithms.length > 1) throw new UsageError("only one of -rsa, -ecc can be specified");
    const ecc = f.has("-ecc");
    if (ecc && !["nistp256", "nistp384"].includes(f.string("-ecc")!)) {
      throw new UsageError(`bad curve parameter ${f.string("-ecc")} for -ecc`);
    }
    const halgName = f.string("-halg") ?? "sha256";
    if (halgName !== "sha256" && halgName !== "sha384") throw new UsageError(`bad parameter ${halgName} for -halg`);
    const halg = hashFlag("-halg", halgName);
    const { usage, critical } = (() => {
      try {
        return parseKeyUsage(f.string("-ku") ?? DEFAULT_KEY_USAGE);
      } catch (e) {
        throw new UsageError(`bad parameter for -ku: ${(e as Error).message}`);
      }
    })();
    const extensions = [keyUsageExtension(usage, critical)];
    const iob = f.number("-iob");
    if (iob !== undefined) extensions.push(tpmaObjectExtension(iob));
    const now = Date.now();
    const issuer = distinguishedNameDer(ISSUER);
    const partialCertificate = partialCertificateDer({
      issuer,
      subject: f.has("-sub") ? issuer : distinguishedNameDer(SUBJECT),
      notBefore: new Date(now),
      notAfter: new Date(now + VALIDITY_MS),
      extensions,
    });
    const bit = f.number("-bit");
    if (bit !== undefined) {
      if (bit >> 3 >= partialCertificate.length)
        throw new UsageError(`bad -bit parameter, byte ${bit >> 3}, DER length ${partialCertificate.length}`);
      partialCertificate[bit >> 3]! ^= 1 << (bit & 7);
    }
    const opc = f.string("-opc");
    if (opc !== undefined) await ctx.writeFile(opc, partialCertificate);
    const scheme = ecc ? TPM_ALG_ID.ECDSA : TPM_ALG_ID.RSASSA;
    const tss = await ctx.tss();
    const out = await tss.certifyX509(
      {
        objectHandle,
        signHandle,
        reserved: new Uint8Array(0),
        inScheme: sigScheme(scheme, halg),
        partialCertificate,
      } as never,
      { sessions: authSessions(f, [f.string("-pwdo"), f.string("-pwdk")]) },
    );
    const oa = f.string("-oa");
    if (oa !== undefined) await ctx.writeFile(oa, out.addedToCertificate);
    const otbs = f.string("-otbs");
    if (otbs !== undefined) await ctx.writeFile(otbs, out.tbsDigest);
    const os = f.string("-os");
    if (os !== undefined) await ctx.writeFile(os, marshalStructure(TPMT_SIGNATURE.plus, out.signature));
    if (ctx.verbose) ctx.print(`${tpmtSignatureLines(out.signature, 0).join("\n")}\n`);
    const sig = out.signature as {
      sigAlg: number;
      signature: Record<string, { sig?: Uint8Array; signatureR?: Uint8Array; signatureS?: Uint8Array }>;
    };
    const value =
      sig.sigAlg === TPM_ALG_ID.RSASSA
        ? sig.signature.rsassa!.sig!
        : sig.sigAlg === TPM_ALG_ID.ECDSA
          ? ecdsaSignatureDer(sig.signature.ecdsa!.signatureR!, sig.signature.ecdsa!.signatureS!)
          : undefined;
    if (value === undefined)
      throw new Error(`the TPM signed with algorithm 0x${sig.sigAlg.toString(16)}, not RSASSA or ECDSA`);
    const { tbs, certificate } = certifyX509Certificate(partialCertificate, out.addedToCertificate, value);
    const crypto = await defaultCrypto();
    if (crypto && !sameBytes(await crypto.hash(halg, tbs), out.tbsDigest)) {
      throw new Error("the rebuilt TBSCertificate does not hash to the TPM's tbsDigest");
    }
    const ocert = f.string("-ocert");
    if (ocert !== undefined) await ctx.writeFile(ocert, certificate);
    ctx.result({
      partialCertificate,
      addedToCertificate: out.addedToCertificate,
      tbsDigest: out.tbsDigest,
      signature: out.signature,
      certificate,
    });
  },
};
