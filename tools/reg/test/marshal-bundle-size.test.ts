// Issue 12: a page that marshals one command pays for that command only. esbuild
// bundles an entry that marshals TPM2_GetRandom and unmarshals its response from
// @tss/marshal's browser entry (its dist, one module per file), minified, for the
// browser; the gzip size is at most 6 KB, no other command schema or type is in it,
// and the bundle, run once, makes the known bytes of GetRandom(8) and reads a response.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const marshalDist = join(here, "..", "..", "..", "packages", "marshal", "dist", "index.js");

const ENTRY = `
import { GetRandom, marshalCommand, unmarshalResponse } from "@tss/marshal";
globalThis.result = {
  command: marshalCommand(GetRandom, { bytesRequested: 8 }),
  response: unmarshalResponse(GetRandom, globalThis.responseBytes),
};
`;

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ");

it("GetRandom marshal + response unmarshal bundles to at most 6 KB gzip for the browser, and works", async () => {
  expect(existsSync(marshalDist), "run `pnpm build` first: the bundle is made from marshal's dist").toBe(true);
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: here, loader: "js" },
    bundle: true,
    platform: "browser",
    format: "iife",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  expect(result.errors).toEqual([]);
  const code = result.outputFiles[0]!.contents;
  const gzip = gzipSync(code, { level: 9 }).length;
  console.log(`GetRandom marshal + unmarshal bundle: ${code.length} bytes minified, ${gzip} bytes gzip`);

  // From marshal's browser entry (dist), not its Node bundle or its source.
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.some((f) => f.includes("packages/marshal/dist/commands/random-number-generator.js"))).toBe(true);
  expect(inputs.filter((f) => f.includes("marshal/dist/node/") || f.includes("marshal/src/"))).toEqual([]);
  // Tree-shaken: no other command's schema and no unrelated type survives (the command
  // names themselves are in TPM_CC, so the check looks for their parameters' types and names).
  const text = new TextDecoder().decode(code);
  const absent = [
    "TPM2B_SENSITIVE_DATA",
    "inData",
    "TPMT_PUBLIC",
    "TPMS_ATTEST",
    "TPMS_NV_PUBLIC",
    "TPML_PCR_SELECTION",
  ];
  for (const name of absent) expect(text, name).not.toContain(name);
  expect(text).toContain("randomBytes");
  expect(text).toContain("bytesRequested");
  expect(gzip).toBeLessThanOrEqual(6 * 1024);

  // Run it once, with a response of TPM_ST_NO_SESSIONS, size 20, TPM_RC_SUCCESS, TPM2B_DIGEST of 8 bytes.
  const response = Uint8Array.from([
    0x80, 0x01, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8,
  ]);
  const context = vm.createContext({ responseBytes: response, Uint8Array, DataView, TextEncoder, TextDecoder });
  vm.runInContext(new TextDecoder().decode(code), context);
  const out = context.result as { command: Uint8Array; response: { randomBytes: Uint8Array } };
  expect(hex(out.command)).toBe("80 01 00 00 00 0c 00 00 01 7b 00 08");
  expect(Array.from(out.response.randomBytes)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
});
