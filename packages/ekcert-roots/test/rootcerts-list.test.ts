// The IBM TSS rootcerts.txt list: paths, one a line; PEM (one or more
// certificates) and DER files; unreadable and bad files fail with their path.
import { describe, expect, it } from "vitest";
import { all, parseRootCertsList, readRootCertsList } from "../src/index.js";

describe("rootcerts.txt", () => {
  const [a, b, c] = all();
  const files: Record<string, string | Uint8Array> = {
    "/certs/a.pem": a!.pem,
    "/certs/bc.pem": `comment\r\n${b!.pem}${c!.pem.replaceAll("\n", "\r\n")}`,
    "/certs/c.der": c!.der,
    "/certs/bad.pem": "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n",
  };
  const readFile = (path: string) => {
    const f = files[path];
    if (f === undefined) throw new Error("ENOENT");
    return f;
  };

  it("lists the paths, one a line (CR, blank lines and # comments skipped)", () => {
    expect(parseRootCertsList("/x/a.pem\r\n\n# note\nrel/b.pem\n/x/c d.pem")).toEqual([
      "/x/a.pem",
      "rel/b.pem",
      "/x/c d.pem",
    ]);
    expect(parseRootCertsList("")).toEqual([]);
    expect(() => parseRootCertsList(undefined as unknown as string)).toThrow(/must be text/);
  });

  it("reads every certificate of every listed file, in order", async () => {
    const got = await readRootCertsList("/certs/a.pem\n/certs/bc.pem\n/certs/c.der\n", readFile);
    expect(got.map((x) => x.path)).toEqual(["/certs/a.pem", "/certs/bc.pem", "/certs/bc.pem", "/certs/c.der"]);
    expect(got.map((x) => x.der)).toEqual([a!.der, b!.der, c!.der, c!.der]);
    const bytes = await readRootCertsList("/certs/a.pem\n", (p) => new TextEncoder().encode(files[p] as string));
    expect(bytes[0]!.der).toEqual(a!.der);
  });

  it("fails with the path of a missing or bad file", async () => {
    await expect(readRootCertsList("/certs/none.pem\n", readFile)).rejects.toMatchObject({
      code: "BAD_CERTIFICATE",
      message: expect.stringContaining("/certs/none.pem: cannot be read"),
    });
    await expect(readRootCertsList("/certs/bad.pem\n", readFile)).rejects.toMatchObject({
      code: "BAD_CERTIFICATE",
      message: expect.stringContaining("/certs/bad.pem"),
    });
    await expect(readRootCertsList("/certs/a.pem", undefined as never)).rejects.toMatchObject({
      code: "BAD_PARAMETER",
    });
  });
});
