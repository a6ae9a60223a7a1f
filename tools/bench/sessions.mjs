// Issue 5's benchmark: GetRandom with no session, with an HMAC session, and a
// salted AES-128-CFB encrypted NV_Read of 64 bytes, through the stack on each
// crypto plugin, beside the raw floor and beside tpm2-pytss (ESAPI over
// libtss2) doing the same on the same swtpm. Everything pinned to CPU 0 by run.mjs.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createForgeCrypto } from "@tss/crypto-forge";
import { createWebCrypto } from "@tss/crypto-webcrypto";
import { COMMANDS, marshalCommand, TPM_ALG_ID, TPM_RH, TPMA_SESSION } from "@tss/marshal";
import { startSwtpm } from "@tss/reg";
import { MssimTransport } from "@tss/transport-mssim";
import { createTss } from "@tss/tss";
import { openRawFloor, opsPerSecond } from "./raw-floor.mjs";
import { defineBenchNvIndex, startHmacSession } from "./tss-column.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 2);
const empty = new Uint8Array(0);
const aes128 = { algorithm: TPM_ALG_ID.AES, keyBits: { aes: 128 }, mode: { aes: TPM_ALG_ID.CFB } };
const OBJ = 0x2 | 0x10 | 0x20 | 0x40 | 0x400 | 0x10000 | 0x20000;

const tpm = await startSwtpm({ cpu: 0, adjacentPorts: true });
const rows = [];
try {
  const raw = await openRawFloor(tpm.host, tpm.port);
  const command = marshalCommand(COMMANDS.GetRandom, { bytesRequested: 16 });
  const floor = await opsPerSecond(() => raw.roundTrip(command), seconds * 1000);
  await raw.close();

  for (const [name, crypto] of [
    ["forge", createForgeCrypto()],
    ["webcrypto", createWebCrypto()],
  ]) {
    const tss = createTss({ transport: new MssimTransport({ host: tpm.host, port: tpm.port }), crypto });
    const none = await opsPerSecond(() => tss.getRandom({ bytesRequested: 16 }), seconds * 1000);
    const start = (tpmKey) => startHmacSession(tss, tpmKey);
    const { sessionHandle: hmac } = await start(TPM_RH.NULL);
    const attrs = TPMA_SESSION.continueSession | TPMA_SESSION.encrypt;
    const withHmac = await opsPerSecond(
      () => tss.getRandom({ bytesRequested: 16 }, { sessions: [{ handle: hmac, attributes: attrs }] }),
      seconds * 1000,
    );
    const primary = await tss.createPrimary({
      primaryHandle: TPM_RH.OWNER,
      inSensitive: { sensitive: { userAuth: empty, data: empty } },
      inPublic: {
        publicArea: {
          type: TPM_ALG_ID.RSA,
          nameAlg: TPM_ALG_ID.SHA256,
          objectAttributes: OBJ,
          authPolicy: empty,
          parameters: {
            rsaDetail: {
              symmetric: aes128,
              scheme: { scheme: TPM_ALG_ID.NULL, details: {} },
              keyBits: 2048,
              exponent: 0,
            },
          },
          unique: { rsa: empty },
        },
      },
      outsideInfo: empty,
      creationPCR: [],
    });
    const { sessionHandle: salted } = await start(primary.objectHandle);
    const nvIndex = name === "forge" ? 0x01800002 : 0x01800003;
    await defineBenchNvIndex(tss, nvIndex);
    const nvRead = await opsPerSecond(
      () =>
        tss.nvRead(
          { authHandle: nvIndex, nvIndex, size: 64, offset: 0 },
          { sessions: [{ handle: salted, password: "nvpw", attributes: attrs }] },
        ),
      seconds * 1000,
    );
    for (const h of [hmac, salted, primary.objectHandle]) await tss.flushContext({ flushHandle: h });
    await tss.close();
    rows.push({ name, none, withHmac, nvRead });
  }

  const py = spawnSync("/usr/bin/python3", [join(here, "pytss_bench.py"), String(tpm.port), String(seconds)], {
    encoding: "utf8",
  });
  const pytss = {};
  for (const line of py.stdout.split("\n")) {
    const m = /^pytss (\S+) ([\d.]+)/.exec(line);
    if (m) pytss[m[1]] = Number(m[2]);
  }
  if (py.status !== 0) console.log(`(tpm2-pytss did not run: ${py.stderr.trim().split("\n").pop()})`);

  const f = (x) => (x === undefined ? "      -" : x.toFixed(0).padStart(7));
  const ratio = (a, b) => (a && b ? `${(a / b).toFixed(1)}x` : "-");
  console.log("Sessions, operations per second (swtpm and client pinned to CPU 0):");
  console.log(`  raw floor (GetRandom, bare socket)           ${f(floor)}`);
  console.log(`  tpm2-pytss GetRandom, no session             ${f(pytss.getrandom_none)}`);
  console.log(`  tpm2-pytss GetRandom, HMAC session (encrypt) ${f(pytss.getrandom_hmac)}`);
  console.log(`  tpm2-pytss NV_Read 64 B, salted AES session  ${f(pytss.nvread_salted_aes)}`);
  for (const r of rows) {
    console.log(
      `  tss/${r.name.padEnd(9)} GetRandom, no session         ${f(r.none)}   floor/stack ${(floor / r.none).toFixed(2)}x`,
    );
    console.log(
      `  tss/${r.name.padEnd(9)} GetRandom, HMAC session       ${f(r.withHmac)}   ${ratio(r.withHmac, pytss.getrandom_hmac)} tpm2-pytss`,
    );
    console.log(
      `  tss/${r.name.padEnd(9)} NV_Read 64 B, salted AES      ${f(r.nvRead)}   ${ratio(r.nvRead, pytss.nvread_salted_aes)} tpm2-pytss`,
    );
  }
} finally {
  await tpm.stop();
}
