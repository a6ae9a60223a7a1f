// A salted StartAuthSession's salt (the ECDH, the costly part of a start) is made
// while the TPM answers the handle snapshot the TSS takes before every
// StartAuthSession, not before the snapshot is sent: with a TPM that takes time to
// answer, the ECDH no longer adds to the start's latency
// (tools/bench/salted-start-latency.mjs). The order of events is checked here on
// swtpm, and what happens when either half fails: a salt that cannot be made, a
// snapshot that gets no answer, a StartAuthSession whose response is lost.
import { createNodeCrypto } from "@tss/crypto-node";
import {
  type Crypto,
  type SendOptions,
  TPM_CAP,
  TPM_CC,
  TPM_ECC_CURVE,
  TPM_RH,
  type Transport,
  TssError,
} from "@tss/marshal";
import { MssimTransport } from "@tss/transport-mssim";
import { createTss, type Tss } from "@tss/tss";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { type FaultProxy, startFaultProxy } from "../src/fault-proxy.js";
import { type SwtpmProcess, startSwtpm } from "../src/swtpm.js";
import { startAuthSession } from "./support/sessions.js";
import { eccStorageKey } from "./support/templates.js";

let tpm: SwtpmProcess;
let proxy: FaultProxy;
let tss: Tss;
let saltKey: number;
/** What happened, in order: `send <cc>` and `answer <cc>` at the transport, `ecdh` when the crypto is asked for one. */
const events: string[] = [];
/** The next ECDH fails with this (once). */
let failNextEcdh: Error | undefined;
/** The next GetCapability fails with this at the transport, unsent (once). */
let failNextGetCapability: TssError | undefined;

const ccName = (cc: number) =>
  cc === TPM_CC.GetCapability
    ? "GetCapability"
    : cc === TPM_CC.StartAuthSession
      ? "StartAuthSession"
      : `0x${cc.toString(16)}`;

beforeAll(async () => {
  tpm = await startSwtpm();
  proxy = await startFaultProxy({ target: { host: tpm.host, port: tpm.port }, framing: "mssim" });
  const inner = new MssimTransport({ host: proxy.host, port: proxy.port });
  const recorder: Transport = {
    send(command: Uint8Array, options?: SendOptions) {
      const name = ccName(new DataView(command.buffer, command.byteOffset).getUint32(6));
      if (name === "GetCapability" && failNextGetCapability) {
        const e = failNextGetCapability;
        failNextGetCapability = undefined;
        events.push(`fail ${name}`);
        return Promise.reject(e);
      }
      events.push(`send ${name}`);
      return inner.send(command, options).then((r) => {
        events.push(`answer ${name}`);
        return r;
      });
    },
    close: () => inner.close(),
  };
  const node = createNodeCrypto();
  const crypto: Crypto = {
    ...node,
    ecdhEphemeral(curve, peer) {
      events.push("ecdh");
      if (failNextEcdh) {
        const e = failNextEcdh;
        failNextEcdh = undefined;
        return Promise.reject(e);
      }
      return node.ecdhEphemeral(curve, peer);
    },
  };
  tss = createTss({ transport: recorder, crypto });
  const empty = new Uint8Array(0);
  saltKey = (
    await tss.createPrimary({
      primaryHandle: TPM_RH.OWNER,
      inSensitive: { sensitive: { userAuth: empty, data: empty } },
      inPublic: { publicArea: eccStorageKey(TPM_ECC_CURVE.NIST_P256) },
      outsideInfo: empty,
      creationPCR: [],
    })
  ).objectHandle;
  // The salt key's public area is read once (ReadPublic) and kept: later starts send no ReadPublic.
  await tss.flushContext({ flushHandle: await startAuthSession(tss, { tpmKey: saltKey, cipher: "aes128" }) });
}, 60_000);
afterAll(async () => {
  await tss?.close();
  await proxy?.close();
  await tpm?.stop();
});
beforeEach(() => {
  events.length = 0;
  failNextEcdh = undefined;
  failNextGetCapability = undefined;
});

/** Loaded session handles. */
async function loadedSessions(): Promise<number[]> {
  const out = await tss.getCapability({ capability: TPM_CAP.HANDLES, property: 0x02000000, propertyCount: 64 });
  return (out.capabilityData.data as { handles: number[] }).handles;
}

it("sends the handle snapshot first, makes the salt while the TPM answers it, then sends StartAuthSession", async () => {
  const session = await startAuthSession(tss, { tpmKey: saltKey, cipher: "aes128" });
  expect(events).toEqual([
    "send GetCapability",
    "ecdh",
    "answer GetCapability",
    "send StartAuthSession",
    "answer StartAuthSession",
  ]);
  // The session works: its salt is the one the TPM recovered.
  const { randomBytes } = await tss.getRandom(
    { bytesRequested: 8 },
    { sessions: [{ handle: session, attributes: 0x1 | 0x40 }] },
  );
  expect(randomBytes.length).toBe(8);
  await tss.flushContext({ flushHandle: session });
});

it("an unsalted start takes the snapshot as before, with no ECDH", async () => {
  const session = await startAuthSession(tss, {});
  expect(events).toEqual([
    "send GetCapability",
    "answer GetCapability",
    "send StartAuthSession",
    "answer StartAuthSession",
  ]);
  await tss.flushContext({ flushHandle: session });
});

/**
 * A salted start that `fault` makes fail: it rejects with a TssError of `code`,
 * leaves no session loaded, and the next start works. Returns the events it caused.
 */
async function failedSaltedStart(code: string, fault: () => void): Promise<string[]> {
  const before = await loadedSessions();
  events.length = 0;
  fault();
  const e = await startAuthSession(tss, { tpmKey: saltKey, cipher: "aes128" }).catch((x) => x);
  expect(e).toBeInstanceOf(TssError);
  expect((e as TssError).code).toBe(code);
  const caused = [...events];
  expect(await loadedSessions()).toEqual(before);
  await tss.flushContext({ flushHandle: await startAuthSession(tss, { tpmKey: saltKey, cipher: "aes128" }) });
  return caused;
}

it("a salt that cannot be made: the snapshot is answered, no StartAuthSession is sent, and the context goes on", async () => {
  const caused = await failedSaltedStart("BAD_PARAMETER", () => {
    failNextEcdh = new TssError("BAD_PARAMETER", "ECDH peer point is not on the curve");
  });
  expect(caused).toEqual(["send GetCapability", "ecdh", "answer GetCapability"]);
});

it("a snapshot that fails: no StartAuthSession is sent, the error is the transport's, and the next start works", async () => {
  const caused = await failedSaltedStart("BAD_CONNECTION", () => {
    failNextGetCapability = new TssError("BAD_CONNECTION", "connection to the TPM closed by the peer");
  });
  expect(caused).not.toContain("send StartAuthSession");
});

it("a salted StartAuthSession whose response is lost: the TSS flushes the session the TPM kept", async () => {
  await failedSaltedStart("BAD_CONNECTION", () =>
    proxy.faultNext({ kind: "drop-close" }, (cc) => cc === TPM_CC.StartAuthSession),
  );
});
