#!/usr/bin/env node
import { loadMarshal, parseArgs } from "../scripts/common.mjs";
/**
 * Marshal and unmarshal throughput of @tss/marshal (its build, dist) beside
 * libtss2-mu (tpm2-tss 3.2.1 through python3-tpm2-pytss's cffi bindings) on the
 * same bytes, in one run:
 *
 *   node packages/marshal/bench/marshal-bench.mjs [--seconds 1] [--build]
 *   taskset -c 0 node packages/marshal/bench/marshal-bench.mjs   (steadier figures)
 *
 * Rows: TPM2B_PUBLIC of an RSA-2048 and an ECC P-256 template (tpm2-tools'
 * defaults, built by tpm2-pytss), the same keys with their public key filled in,
 * a TPMS_ATTEST (quote), and a whole TPM2_Create: command (header, parentHandle,
 * one password session, parameters) and response (handles, parameterSize, five
 * parameters, session).
 *
 * The libtss2-mu column is measured inside the Python process: each operation is
 * one or more cffi calls into the C library, so it includes cffi's per-call cost
 * (about a microsecond), which is larger than the C marshalling itself. It is what
 * a Python caller of libtss2-mu gets, not the speed of the C code alone.
 */
import { fromHex, haveLibtss2, Libtss2Bridge, toHex } from "../test/support/bridge.mjs";

const opts = parseArgs({ seconds: 1, build: false });
const M = await loadMarshal({ build: opts.build });

/** Calls fn repeatedly for about `seconds`; returns calls per second. */
function rate(fn, seconds) {
  for (let i = 0; i < 2000; i++) fn(); // warm up the JIT
  let n = 0;
  const batch = 256;
  const start = performance.now();
  const end = start + seconds * 1000;
  for (;;) {
    for (let i = 0; i < batch; i++) fn();
    n += batch;
    const now = performance.now();
    if (now >= end) return (n * 1000) / (now - start);
  }
}

const read = (codec, bytes) => {
  const r = new M.ByteReader(bytes);
  const v = codec.read(r, codec.typeName);
  r.expectEnd(codec.typeName);
  return v;
};
const write = (codec, value) => {
  const w = new M.ByteWriter();
  codec.write(w, value, codec.typeName);
  return w.finish();
};

if (!haveLibtss2())
  console.error("warning: /usr/bin/python3 cannot load tpm2-pytss; the libtss2-mu column stays empty");
const bridge = haveLibtss2() ? Libtss2Bridge.start() : undefined;
const templates = bridge ? (await bridge.request({ op: "templates" })).templates : [];
const pytss = (type, label) => templates.find((t) => t[0] === type && t[1] === label)?.[2];

// ---- the values ----
const rsaTemplate = pytss("TPM2B_PUBLIC", "rsa2048") ?? "00160001000b000600720000001000100800000000000000";
const eccTemplate = pytss("TPM2B_PUBLIC", "ecc256") ?? "00160023000b000600720000001000100003001000000000";
const withUnique = (hexValue, unique) => {
  const v = read(M.TPM2B_PUBLIC, fromHex(hexValue));
  v.publicArea.unique = unique;
  return toHex(write(M.TPM2B_PUBLIC, v));
};
const rng = new M.SampleRng(2024);
const rsaKey = withUnique(rsaTemplate, { rsa: rng.bytes(256) });
const eccKey = withUnique(eccTemplate, { ecc: { x: rng.bytes(32), y: rng.bytes(32) } });
const attest =
  pytss("TPMS_ATTEST", "quote") ??
  toHex(
    write(M.TPMS_ATTEST, {
      magic: 0xff544347,
      type: M.TPM_ST.ATTEST_QUOTE,
      qualifiedSigner: new Uint8Array(34),
      extraData: new Uint8Array(5),
      clockInfo: { clock: 123456789n, resetCount: 3, restartCount: 2, safe: true },
      firmwareVersion: 0x0102030405060708n,
      attested: {
        quote: {
          pcrSelect: [{ hash: M.TPM_ALG_ID.SHA256, pcrSelect: Uint8Array.of(1, 0, 0x81) }],
          pcrDigest: new Uint8Array(32),
        },
      },
    }),
  );

// A whole TPM2_Create: an ECC P-256 signing key under a storage parent, one password session.
const Create = M.COMMANDS.Create;
const signingTemplate = read(M.TPM2B_PUBLIC, fromHex("00180023000b00040072000000100018000b0003001000000000"));
const createInput = {
  parentHandle: 0x80000000,
  inSensitive: { sensitive: { userAuth: new TextEncoder().encode("password"), data: new Uint8Array(0) } },
  inPublic: signingTemplate,
  outsideInfo: new Uint8Array(0),
  creationPCR: [{ hash: M.TPM_ALG_ID.SHA256, pcrSelect: Uint8Array.of(1, 0, 0) }],
};
const pw = [
  {
    sessionHandle: 0x40000009,
    nonce: new Uint8Array(0),
    sessionAttributes: 1,
    hmac: new TextEncoder().encode("parent"),
  },
];
const createCommand = M.marshalCommand(Create, createInput, pw);
const outPublic = read(
  M.TPM2B_PUBLIC,
  fromHex(withUnique(toHex(write(M.TPM2B_PUBLIC, signingTemplate)), { ecc: { x: rng.bytes(32), y: rng.bytes(32) } })),
);
const responseParameters = write(Create.response, {
  outPrivate: rng.bytes(126),
  outPublic,
  creationData: {
    creationData: {
      pcrSelect: createInput.creationPCR,
      pcrDigest: rng.bytes(32),
      locality: 1,
      parentNameAlg: M.TPM_ALG_ID.SHA256,
      parentName: Uint8Array.of(0, 0x0b, ...rng.bytes(32)),
      parentQualifiedName: Uint8Array.of(0, 0x0b, ...rng.bytes(32)),
      outsideInfo: new Uint8Array(0),
    },
  },
  creationHash: rng.bytes(32),
  creationTicket: { tag: M.TPM_ST.CREATION, hierarchy: M.TPM_RH.OWNER, digest: rng.bytes(32) },
});
const rw = new M.ByteWriter();
rw.u16(M.TPM_ST.SESSIONS);
rw.u32(0);
rw.u32(0);
rw.u32(responseParameters.length);
rw.bytes(responseParameters);
M.TPMS_AUTH_RESPONSE.write(rw, { nonce: new Uint8Array(0), sessionAttributes: 1, hmac: new Uint8Array(0) }, "auth");
const createResponse = rw.finish();
new DataView(createResponse.buffer).setUint32(2, createResponse.length);

// ---- measure ----
const rows = [];
async function typeRow(label, codec, hexValue) {
  const bytes = fromHex(hexValue);
  const value = read(codec, bytes);
  if (toHex(write(codec, value)) !== hexValue) throw new Error(`${label}: our round trip differs`);
  const ours = {
    marshal: rate(() => write(codec, value), opts.seconds),
    unmarshal: rate(() => read(codec, bytes), opts.seconds),
  };
  const lib = bridge
    ? await bridge.request({ op: "bench", fn: codec.typeName, hex: hexValue, seconds: opts.seconds })
    : undefined;
  rows.push({ label, bytes: bytes.length, ours, lib });
}
await typeRow("TPM2B_PUBLIC RSA-2048 template", M.TPM2B_PUBLIC, rsaTemplate);
await typeRow("TPM2B_PUBLIC ECC P-256 template", M.TPM2B_PUBLIC, eccTemplate);
await typeRow("TPM2B_PUBLIC RSA-2048 key", M.TPM2B_PUBLIC, rsaKey);
await typeRow("TPM2B_PUBLIC ECC P-256 key", M.TPM2B_PUBLIC, eccKey);
await typeRow("TPMS_ATTEST (quote)", M.TPMS_ATTEST, attest);
{
  const ours = {
    marshal: rate(() => M.marshalCommand(Create, createInput, pw), opts.seconds),
    unmarshal: rate(() => M.unmarshalResponse(Create, createResponse, 1), opts.seconds),
  };
  const lib = bridge
    ? await bridge.request({
        op: "bench_create",
        command: toHex(createCommand),
        response: toHex(createResponse),
        seconds: opts.seconds,
      })
    : undefined;
  if (lib && !lib.same)
    throw new Error("libtss2-mu frames TPM2_Create differently from us: the comparison would be unfair");
  rows.push({
    label: "TPM2_Create command / response",
    bytes: `${createCommand.length}/${createResponse.length}`,
    ours,
    lib,
  });
}
await bridge?.close();

// ---- print ----
const k = (x) => (x === undefined ? "-" : `${(x / 1000).toFixed(0)}k`);
console.log(
  `@tss/marshal (Node ${process.version}) beside libtss2-mu through tpm2-pytss (cffi, in-process), operations per second, ${opts.seconds} s each`,
);
const head = ["value", "bytes", "ours marshal", "ours unmarshal", "libtss2 marshal", "libtss2 unmarshal"];
const table = rows.map((r) => [
  r.label,
  String(r.bytes),
  k(r.ours.marshal),
  k(r.ours.unmarshal),
  k(r.lib?.marshal),
  k(r.lib?.unmarshal),
]);
const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
console.log(line(head));
for (const row of table) console.log(line(row));
