/**
 * createekcert: provisions an EK certificate, as IBM's does for simulators.
 * Creates the EK from the profile's default template, issues its certificate
 * (@tss/ekcert's ekCertificateTbs: IBM's subject and issuer names, 20 years,
 * keyEncipherment or keyAgreement) signed with the CA's PEM private key
 * (node:crypto; RSA: sha256WithRSAEncryption, EC: ecdsa-with-SHA256), defines
 * the EK certificate NV index under the platform hierarchy if it is absent
 * (IBM's attributes, at least 1000 octets) and writes the DER there. With
 * -cacert (ours), the issuer Name is the CA certificate's subject.
 */
import { createHash, createPrivateKey, type KeyObject, sign } from "node:crypto";
import {
  certificateDer,
  createEk,
  distinguishedNameDer,
  ekCertificateTbs,
  ekProfile,
  type NameEntry,
  parseCertificate,
  pemToDerCertificates,
  signatureAlgorithmDer,
} from "@tss/ekcert";
import { TPM_ALG_ID, TPM_RC, TPM_RH, TPM_RS, TPMA_NV, TpmError } from "@tss/marshal";
import type { Tss } from "@tss/tss";
import { EK_KIND_FLAGS, ekKindOf, ekKindUsage } from "../ek-flags.js";
import { nvBufferMax } from "../nv-flags.js";
import { hex8 } from "../print-all.js";
import { UsageError } from "../usage-error.js";
import type { Utility, UtilityContext } from "../utility.js";

const IBM_NAME: readonly NameEntry[] = [
  ["C", "US"],
  ["ST", "NY"],
  ["L", "Yorktown"],
  ["O", "IBM"],
];
/** IBM's fixed subject, and its issuers for the RSA and the EC CA (-caalg). */
const SUBJECT: readonly NameEntry[] = [...IBM_NAME, ["CN", "IBM's SW TPM"]];
const ISSUERS: Readonly<Record<string, readonly NameEntry[]>> = {
  rsa: [...IBM_NAME, ["CN", "EK CA"]],
  ec: [...IBM_NAME, ["CN", "EK EC CA"]],
};
/** IBM's validity: 20 years and 2 leap days. */
const VALIDITY_MS = 1000 * 60 * 60 * 24 * (365 * 20 + 2);
/** The smallest EK certificate index IBM defines. */
const MIN_INDEX_SIZE = 1000;

/** The EK certificate index's attributes: ordinary, platform-created, PPWRITE, AUTHREAD, OWNERREAD, NO_DA. */
const EK_CERT_NV_ATTRIBUTES =
  TPMA_NV.PPWRITE | TPMA_NV.OWNERREAD | TPMA_NV.AUTHREAD | TPMA_NV.NO_DA | TPMA_NV.PLATFORMCREATE;

function info(ctx: UtilityContext, text: string): void {
  if (ctx.verbose || ctx.flags.has("-vv")) ctx.print(`${text}\n`);
}

async function defineEkCertIndex(
  ctx: UtilityContext,
  tss: Tss,
  nvIndex: number,
  size: number,
  sessions: never,
): Promise<void> {
  info(ctx, `defineEKCertIndex: certificate length ${size}`);
  try {
    const pub = (await tss.nvReadPublic({ nvIndex })).nvPublic.nvPublic as { dataSize: number };
    info(ctx, `defineEKCertIndex: defined data size ${pub.dataSize}`);
    if (pub.dataSize < size) {
      throw new Error(`defineEKCertIndex: data size ${pub.dataSize} insufficient for certificate ${size}`);
    }
    return;
  } catch (e) {
    if (!(e instanceof TpmError) || (e.responseCode & 0xff) !== (TPM_RC.HANDLE & 0xff)) throw e;
  }
  await tss.nvDefineSpace(
    {
      authHandle: TPM_RH.PLATFORM,
      auth: new Uint8Array(0),
      publicInfo: {
        nvPublic: {
          nvIndex,
          nameAlg: TPM_ALG_ID.SHA256,
          attributes: EK_CERT_NV_ATTRIBUTES,
          authPolicy: new Uint8Array(0),
          dataSize: Math.max(MIN_INDEX_SIZE, size),
        },
      },
    } as never,
    { sessions },
  );
}

async function storeEkCertificate(ctx: UtilityContext, tss: Tss, nvIndex: number, der: Uint8Array, sessions: never) {
  const chunk = await nvBufferMax(tss);
  info(ctx, `storeEkCertificate: writing ${der.length} bytes to ${hex8(nvIndex)}`);
  for (let offset = 0; offset < der.length; offset += chunk) {
    const data = der.subarray(offset, Math.min(der.length, offset + chunk));
    await tss.nvWrite({ authHandle: TPM_RH.PLATFORM, nvIndex, data, offset }, { sessions });
  }
}

function caKey(pem: Uint8Array, passphrase: string, file: string): KeyObject {
  try {
    return createPrivateKey({ key: Buffer.from(pem), format: "pem", passphrase });
  } catch (e) {
    throw new Error(`cannot read the CA key ${file}: ${(e as Error).message}`);
  }
}

/** createekcert -rsa bits | -ecc curve [-high] -cakey file [-capwd] [-caalg rsa|ec] [-cacert file] [-pwdp] [-pwde] [-pwdk] [-noflush] [-of file]. */
export const createekcert: Utility = {
  name: "createekcert",
  summary: "Provisions an EK certificate signed by a software CA key (for simulators)",
  flags: {
    "-noflush": "switch",
    "-of": "string",
    "-caalg": "string",
    "-cakey": "string",
    "-capwd": "string",
    "-cacert": "string",
    "-pwdp": "string",
    "-pwde": "string",
    "-pwdk": "string",
    "-vv": "switch",
    ...EK_KIND_FLAGS,
  },
  usage: [
    "Provisions an EK certificate using the default IWG template",
    "E.g.,",
    "",
    "Usage: createekcert -rsa 2048     -cakey cakey.pem    -capwd rrrr -v",
    "or:    createekcert -ecc nistp256 -cakey cakeyecc.pem -capwd rrrr -caalg ec -v",
    "",
    "\t[-pwdp\t\tplatform    hierarchy password (default empty)]",
    "\t[-pwde\t\tendorsement hierarchy password (default empty)]",
    "\t[-pwdk\t\tpassword for endorsement key (default empty)]",
    "\t-cakey\t\tCA PEM key file name",
    "\t[-capwd\t\tCA PEM key password (default empty)]",
    "\t[-caalg\t\tCA key algorithm (rsa or ec) (default rsa)]",
    "\t[-cacert\tCA certificate (PEM): its subject is the issuer (default IBM's EK CA names)]",
    "",
    ...ekKindUsage(),
    "",
    "\t[-noflush\tdo not flush the primary key]",
    "\t[-of\t\tDER certificate output file name]",
    "\t[-vv\t\tverbose, and trace the TSS]",
    "",
    "Currently:",
    "",
    "\tCertificate issuer, subject, and validity are hard coded.",
  ],
  async run(ctx) {
    const f = ctx.flags;
    const algorithm = ekKindOf(f);
    const cakeyFile = f.string("-cakey");
    if (cakeyFile === undefined) throw new UsageError("missing -cakey");
    const caalg = f.string("-caalg") ?? "rsa";
    if (!Object.hasOwn(ISSUERS, caalg)) throw new UsageError(`bad parameter ${caalg} for -caalg`);
    const key = caKey(await ctx.readFile(cakeyFile), f.string("-capwd") ?? "", cakeyFile);
    const scheme = key.asymmetricKeyType === "rsa" ? "RSASSA" : key.asymmetricKeyType === "ec" ? "ECDSA" : undefined;
    if (!scheme) throw new Error(`the CA key ${cakeyFile} is ${key.asymmetricKeyType}, not RSA or EC`);
    const cacert = f.string("-cacert");
    const issuer =
      cacert === undefined
        ? distinguishedNameDer(ISSUERS[caalg]!)
        : parseCertificate(pemToDerCertificates(new TextDecoder().decode(await ctx.readFile(cacert)))[0]!).subject.der;
    if (f.has("-vv")) await (await ctx.tss()).setProperty("TPM_TRACE_LEVEL", "2");
    const tss = await ctx.tss();
    const pwde = f.string("-pwde");
    const pwdk = f.string("-pwdk");
    const ek = await createEk(tss, {
      algorithm,
      useNvTemplate: false,
      sessions: [{ handle: TPM_RS.PW, ...(pwde !== undefined ? { password: pwde } : {}) }],
      ...(pwdk !== undefined ? { userAuth: new TextEncoder().encode(pwdk) } : {}),
    });
    try {
      const unique = ek.publicArea.unique as { rsa?: Uint8Array; ecc?: { x: Uint8Array } };
      const serial = createHash("sha256")
        .update(unique.rsa ?? unique.ecc!.x)
        .digest()
        .subarray(0, 20);
      const signatureAlgorithm = signatureAlgorithmDer(scheme, TPM_ALG_ID.SHA256);
      const now = Date.now();
      const tbs = ekCertificateTbs({
        ekPublic: ek.publicArea,
        serialNumber: new Uint8Array(serial),
        signatureAlgorithm,
        issuer,
        subject: distinguishedNameDer(SUBJECT),
        notBefore: new Date(now),
        notAfter: new Date(now + VALIDITY_MS),
      });
      const der = certificateDer(tbs, signatureAlgorithm, new Uint8Array(sign("sha256", tbs, key)));
      const nvIndex = ekProfile(algorithm).certIndex;
      const pwdp = f.string("-pwdp");
      const sessions = [{ handle: TPM_RS.PW, ...(pwdp !== undefined ? { password: pwdp } : {}) }] as never;
      try {
        await defineEkCertIndex(ctx, tss, nvIndex, der.length, sessions);
      } catch (e) {
        ctx.print(
          `ERROR: defineEKCertIndex: requires certificate min length ${der.length} at index ${hex8(nvIndex)}\n`,
        );
        throw e;
      }
      await storeEkCertificate(ctx, tss, nvIndex, der, sessions);
      const of = f.string("-of");
      if (of !== undefined) await ctx.writeFile(of, der);
      ctx.result({ nvIndex: hex8(nvIndex), certificate: der, handle: f.has("-noflush") ? hex8(ek.handle) : null });
    } finally {
      if (!f.has("-noflush")) await tss.flushContext({ flushHandle: ek.handle });
    }
  },
};
