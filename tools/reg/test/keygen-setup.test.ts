// The vitest setup's generateKeyPairSync (scripts/vitest-keygen-setup.ts): in place
// for named imports of node:crypto, and its keys are full KeyObjects of the asked
// type that sign, verify and export as node:crypto's own do.
import * as nc from "node:crypto";
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";

describe("generateKeyPairSync under the test setup (a Node 20 keygen deadlock avoided)", () => {
  it("the named import is the patched function", () => {
    expect(
      (generateKeyPairSync as unknown as Record<symbol, boolean>)[Symbol.for("tss.test.generateKeyPairSync")],
    ).toBe(true);
    expect(nc.generateKeyPairSync).toBe(generateKeyPairSync);
  });

  it("EC and RSA keys sign, verify and export to JWK; encodings asked for are passed through", () => {
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
    expect(ec.publicKey.asymmetricKeyType).toBe("ec");
    expect(ec.privateKey.type).toBe("private");
    const data = new TextEncoder().encode("signed");
    expect(nc.verify("sha256", data, ec.publicKey, nc.sign("sha256", data, ec.privateKey))).toBe(true);
    expect(ec.publicKey.export({ format: "jwk" })).toMatchObject({ kty: "EC", crv: "P-256" });
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024, publicExponent: 3 });
    expect(rsa.publicKey.asymmetricKeyDetails).toMatchObject({ modulusLength: 1024, publicExponent: 3n });
    const pem = generateKeyPairSync("ec", {
      namedCurve: "P-384",
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    expect(pem.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });
});
