/**
 * The EK panel: the RSA 2048 EK certificate read from NV (0x01C00002), its
 * subject, issuer, validity and TPM identity (ekcert's tpmIdentity), and its
 * chain verified in the page against the roots the server gives (config.json:
 * swtpm's local CA) and the TPM vendors' CAs of @tss/ekcert-roots, its key
 * matched against the persisted EK.
 */
import {
  type Certificate,
  type EkTpm,
  parseCertificate,
  readEkCertificate,
  tpmIdentity,
  verifyEkCertificate,
} from "@tss/ekcert";
import { byId, onClick, setText } from "../dom.js";
import { PERSISTENT_RSA_EK } from "../salted-session.js";
import type { PageTpm } from "../tpm-connection.js";

/** "manufacturer Intel (id:494E5443), model ..., version ..." from the certificate (ekcert's tpmIdentity). */
export function identityText(cert: Certificate): string {
  const id = tpmIdentity(cert);
  if (!id) return "(no TPM identity attributes)";
  const parts: string[] = [];
  if (id.manufacturer) {
    const m = id.manufacturer;
    // A vendor ID that is not four printable characters (swtpm's id:00001014) is shown as written.
    const label = m.name ?? (/^[\x20-\x7e]+$/.test(m.vendorId) ? m.vendorId : undefined);
    parts.push(label ? `manufacturer ${label} (${m.id})` : `manufacturer ${m.id}`);
  }
  if (id.model !== undefined) parts.push(`model ${id.model}`);
  if (id.version !== undefined) parts.push(`version ${id.version}`);
  if (id.specification) {
    const sp = id.specification;
    parts.push(`TPM ${sp.family} level ${sp.level} revision ${(sp.revision / 100).toFixed(2)}`);
  }
  return parts.join(", ");
}

/** Reads, shows and verifies the EK certificate. */
export async function showEkCertificate(page: PageTpm): Promise<void> {
  setText("ek-verified", "");
  const der = await readEkCertificate(page.tss as unknown as EkTpm, "rsa2048");
  const cert = parseCertificate(der);
  setText("ek-subject", cert.subject.text || "(empty)");
  setText("ek-issuer", cert.issuer.text);
  setText("ek-validity", `${cert.notBefore.toISOString()} to ${cert.notAfter.toISOString()}`);
  setText("ek-identity", identityText(cert));
  setText("ek-size", String(der.length));
  // The TPM vendors' CAs (@tss/ekcert-roots, a chunk loaded now) beside the server's roots (swtpm's local CA).
  const vendor = await import("@tss/ekcert-roots");
  setText(
    "ek-roots",
    `${page.config.roots.length} from the server, ${vendor.roots().length} TPM vendor roots and ${vendor.intermediates().length} intermediates (@tss/ekcert-roots)`,
  );
  const { outPublic } = await page.tss.readPublic({ objectHandle: PERSISTENT_RSA_EK });
  const verified = await verifyEkCertificate(page.crypto, der, {
    roots: [...page.config.roots, ...vendor.roots().map((c) => c.der)],
    intermediates: [...page.config.intermediates, ...vendor.intermediates().map((c) => c.der)],
    ekPublic: outPublic.publicArea as never,
  });
  setText(
    "ek-verified",
    `chain verified: ${verified.chain.map((c) => c.subject.text || "(EK)").join(" <- ")}; key is the EK at 0x81010001`,
  );
  byId("ek-verified").dataset.ok = "true";
}

/** Wires the panel's button. */
export function setUpEk(page: PageTpm): void {
  onClick("ek-read", "ek", () => showEkCertificate(page));
}
