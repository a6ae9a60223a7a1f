// One of two processes that share an HMAC session through a TPM_DATA_DIR (the
// IBM utilities' way): NV_Read with the session, `count` times, at random
// moments. Runs on the BUILT packages. Prints {"ok":n,"failed":n,"errors":[...]}.
// argv: port dataDir sessionHandle nvIndex count
import { createWebCrypto } from "@tss/crypto-webcrypto";
import { MssimTransport } from "@tss/transport-mssim";
import { createTss } from "@tss/tss";
import { FileStore } from "@tss/tss/file-store";

const [port, dir, session, nvIndex, count] = process.argv.slice(2);
const tss = createTss({
  transport: new MssimTransport({ host: "127.0.0.1", port: Number(port), serverType: "rawsingle" }),
  crypto: createWebCrypto(),
  store: new FileStore(dir),
  properties: { TPM_SESSION_ENCKEY: process.env.TPM_SESSION_ENCKEY ?? "" },
});
let ok = 0;
let failed = 0;
const errors = [];
for (let i = 0; i < Number(count); i++) {
  await new Promise((r) => setTimeout(r, Math.random() * 3));
  try {
    const out = await tss.nvRead(
      { authHandle: Number(nvIndex), nvIndex: Number(nvIndex), size: 8, offset: 0 },
      { sessions: [{ handle: Number(session), password: "shared", attributes: 0x41 }] },
    );
    if (new TextDecoder().decode(out.data) === "together") ok++;
    else failed++;
  } catch (e) {
    failed++;
    if (errors.length < 5) errors.push(String(e?.message ?? e));
  }
}
await tss.close();
process.stdout.write(JSON.stringify({ ok, failed, errors }));
