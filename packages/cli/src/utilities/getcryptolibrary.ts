/**
 * getcryptolibrary: the crypto library the utilities use, for scripts that
 * branch on it. IBM's prints "openssl" or "mbedtls". Ours prints "openssl":
 * the utilities' software crypto (PEM and DER keys, X.509, hashes, the crypto
 * plugin) runs on Node's crypto, which is OpenSSL, and reads what the IBM
 * scripts' openssl branch makes (encrypted PKCS #8 and legacy PEM keys).
 */
import { CRYPTO_PACKAGES, importPlugin } from "@tss/tss";
import type { Utility } from "../utility.js";

/** getcryptolibrary: prints "openssl"; --json adds the OpenSSL version and the crypto plugin in use. */
export const getcryptolibrary: Utility = {
  name: "getcryptolibrary",
  summary: "Prints the crypto library in use (openssl), for scripts that branch on it",
  flags: {},
  usage: [
    "Returns a string indicating the crypto library compiled in: openssl",
    "(the utilities' software crypto is Node's, which is OpenSSL).",
    "",
    "This is used within test scripts.",
  ],
  async run(ctx) {
    if (ctx.json) {
      let plugin: string | undefined;
      for (const pkg of CRYPTO_PACKAGES) {
        if (await importPlugin(pkg)) {
          plugin = pkg;
          break;
        }
      }
      ctx.result({ library: "openssl", openssl: process.versions.openssl, plugin: plugin ?? null });
    }
    ctx.print("openssl\n");
  },
};
