/**
 * What a user's editor shows: a small consumer of the built packages (dist, as
 * installed) is compiled with `tsc --declaration`, and the declared types of its
 * exports, which TypeScript prints as a hover would, name the TPM structures
 * (`TPM2B_PUBLIC`, `TPMT_SIGNATURE`, ...) instead of codec internals
 * (`StructValue<{ readonly size: Codec<number>; ... }>`). TypeScript 7 has no
 * JavaScript API to ask the checker directly; the emitted .d.ts is its printout.
 * A mismatched union member in the consumer is a compile error.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const regDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsc = join(regDir, "..", "..", "node_modules", ".bin", "tsc");
// Inside tools/reg, so that @tss/marshal and @tss/tss resolve to the workspace packages' dist.
const dir = mkdtempSync(join(regDir, ".named-types-hover-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONSUMER = `
import { marshal, TPM_ALG_ID, TPM2B_PUBLIC, TPMS_ATTEST, unmarshal } from "@tss/marshal";
import type { Tss } from "@tss/tss";

export async function readAll(tss: Tss, objectHandle: number) {
  return await tss.readPublic({ objectHandle });
}
export function createPrimaryInput(input: Parameters<Tss["createPrimary"]>[0]) {
  return input;
}
export async function readArea(tss: Tss, objectHandle: number) {
  const out = await tss.readPublic({ objectHandle });
  return out.outPublic;
}
export async function createdArea(tss: Tss, template: TPM2B_PUBLIC) {
  const out = await tss.createPrimary({
    primaryHandle: 0x40000001,
    inSensitive: { sensitive: { userAuth: new Uint8Array(0), data: new Uint8Array(0) } },
    inPublic: template,
    outsideInfo: new Uint8Array(0),
    creationPCR: [],
  });
  return out.outPublic.publicArea;
}
export async function signatureOf(tss: Tss, keyHandle: number, digest: Uint8Array) {
  const out = await tss.sign({
    keyHandle,
    digest,
    inScheme: { scheme: TPM_ALG_ID.NULL, details: {} },
    validation: { tag: 0x8024, hierarchy: 0x40000007, digest: new Uint8Array(0) },
  });
  return out.signature;
}
export const fromBytes = (bytes: Uint8Array) => unmarshal(TPM2B_PUBLIC, bytes);
export const attestOf = (bytes: Uint8Array) => unmarshal(TPMS_ATTEST, bytes);
export function eccX(bytes: Uint8Array) {
  const area = unmarshal(TPM2B_PUBLIC, bytes).publicArea;
  return area.type === TPM_ALG_ID.ECC ? area.unique.ecc.x : undefined;
}
export const reencoded = (area: TPM2B_PUBLIC) => marshal(TPM2B_PUBLIC, area);
`;

const MISMATCH = `
import type { TPMT_PUBLIC } from "@tss/marshal";
import { TPM_ALG_ID } from "@tss/marshal";
const e = new Uint8Array(0);
export const wrong: TPMT_PUBLIC = {
  type: TPM_ALG_ID.ECC,
  nameAlg: TPM_ALG_ID.SHA256,
  objectAttributes: 0,
  authPolicy: e,
  parameters: { rsaDetail: { symmetric: { algorithm: TPM_ALG_ID.NULL, keyBits: {}, mode: {} }, scheme: { scheme: TPM_ALG_ID.NULL, details: {} }, keyBits: 2048, exponent: 0 } },
  unique: { rsa: e },
};
`;

function compile(files: Record<string, string>, resolution: "nodenext" | "bundler" = "nodenext") {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: "es2022",
        module: resolution === "bundler" ? "esnext" : "nodenext",
        moduleResolution: resolution,
        lib: ["es2023", "esnext.disposable", "dom"],
        types: [],
        declaration: true,
        emitDeclarationOnly: true,
        outDir: "out",
        skipLibCheck: true,
      },
      files: Object.keys(files),
    }),
  );
  return spawnSync(tsc, ["-p", dir], { encoding: "utf8", timeout: 120_000 });
}

describe("named types in a consumer's declarations (what a hover shows)", () => {
  it("command outputs, unmarshal and narrowed members print as TPM2B_PUBLIC, TPMT_PUBLIC, TPMT_SIGNATURE, TPMS_ATTEST", () => {
    const r = compile({ "consumer.ts": CONSUMER });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    const dts = readFileSync(join(dir, "out", "consumer.d.ts"), "utf8");
    const declared = (name: string) => {
      const m = new RegExp(`export declare (?:function|const) ${name}[^\\n]*`).exec(dts);
      if (!m) throw new Error(`${name} not declared in:\n${dts}`);
      return m[0];
    };
    // A whole command output or input prints as its fields.
    const m = /export declare function readAll[^\n]*\n((?: {4}[^\n]*\n)*)\}>;/.exec(dts);
    expect(m?.[1]?.replace(/import\("@tss\/marshal"\)\./g, "").replace(/<ArrayBufferLike>/g, "")).toBe(
      "    readonly outPublic: TPM2B_PUBLIC;\n    readonly name: Uint8Array;\n    readonly qualifiedName: Uint8Array;\n",
    );
    expect(dts).toMatch(/readonly inPublic: (import\("@tss\/marshal"\)\.)?TPM2B_PUBLIC;/);
    expect(dts).toMatch(/readonly creationPCR: (import\("@tss\/marshal"\)\.)?TPML_PCR_SELECTION;/);
    expect(declared("readArea")).toMatch(/Promise<(import\("@tss\/marshal"\)\.)?TPM2B_PUBLIC>;$/);
    expect(declared("createdArea")).toMatch(/Promise<(import\("@tss\/marshal"\)\.)?TPMT_PUBLIC>;$/);
    expect(declared("signatureOf")).toMatch(/Promise<(import\("@tss\/marshal"\)\.)?TPMT_SIGNATURE>;$/);
    expect(declared("fromBytes")).toMatch(/=> TPM2B_PUBLIC;$/);
    expect(declared("attestOf")).toMatch(/=> TPMS_ATTEST;$/);
    expect(declared("eccX")).toMatch(/Uint8Array(<ArrayBufferLike>)? \| undefined;$/);
    expect(dts).not.toMatch(/StructValue|UnionValue|Codec</);
  });

  it("the same with moduleResolution bundler", () => {
    const r = compile({ "consumer.ts": CONSUMER }, "bundler");
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    const dts = readFileSync(join(dir, "out", "consumer.d.ts"), "utf8");
    expect(dts).toMatch(/export declare const fromBytes: \(bytes: Uint8Array\) => TPM2B_PUBLIC;/);
    expect(dts).not.toMatch(/StructValue|UnionValue|Codec</);
  });

  it("an ECC public area with RSA parameters does not compile", () => {
    const r = compile({ "mismatch.ts": MISMATCH });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/mismatch\.ts\(\d+,\d+\): error TS2353: .*'rsaDetail' does not exist/);
  });
});
