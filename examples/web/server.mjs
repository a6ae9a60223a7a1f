// The demo's server side, shared by `npm run web` (serve.mjs) and the Chromium
// test: swtpm with real EK certificates (swtpm_setup --create-ek-cert and a
// private local CA), the guarded WebSocket proxy on a loopback port serving the
// built page and config.json (the CA's certificates: the EK chain's roots),
// with the page's origin allowed and a bearer token handed to the page in the
// URL fragment (#token=..., never sent to a server).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { provisionEkState, startSwtpm } from "@tss/reg";
import { MssimTransport } from "@tss/transport-mssim";
import { createWebSocketProxy } from "@tss/transport-websocket/server";

const here = dirname(fileURLToPath(import.meta.url));

/** The built page (node build.mjs). */
export const DIST = join(here, "dist");

/**
 * Starts swtpm, stages the page with its config.json, and starts the proxy.
 * Returns the page's URL (with the token), its origin, the swtpm, and close().
 */
export async function startWebDemo(options = {}) {
  const host = "127.0.0.1";
  const ek = provisionEkState();
  let tpm;
  let transport;
  let proxy;
  const site = mkdtempSync(join(tmpdir(), "tss-web-site-"));
  const removeFiles = () => {
    ek.remove();
    rmSync(site, { recursive: true, force: true });
  };
  // Ctrl-C: the swtpm fixture's own handler kills swtpm and exits; the folders go on exit.
  process.once("exit", removeFiles);
  const close = async () => {
    await proxy?.close();
    await transport?.close();
    await tpm?.stop();
    removeFiles();
    process.off("exit", removeFiles);
  };
  try {
    tpm = await startSwtpm({ stateDir: ek.stateDir });
    cpSync(DIST, site, { recursive: true });
    writeFileSync(
      join(site, "config.json"),
      JSON.stringify({ roots: [ek.rootPem], intermediates: [ek.intermediatePem] }, null, 2),
    );
    // With `static`, the proxy allows its own origin (http://127.0.0.1:<port>) and no other unless told.
    transport = new MssimTransport({ host: tpm.host, port: tpm.port });
    proxy = await createWebSocketProxy({
      transport,
      host,
      port: options.port ?? 0,
      origins: options.extraOrigins ?? [],
      denyDangerous: true,
      static: site,
      ...(options.log ? { log: options.log } : {}),
    });
    const origin = `http://${host}:${proxy.port}`;
    return {
      url: `${origin}/#token=${proxy.token}`,
      origin,
      token: proxy.token,
      tpm,
      rootPem: ek.rootPem,
      intermediatePem: ek.intermediatePem,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
