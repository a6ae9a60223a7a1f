/**
 * Time of one full command round on the session engine, per crypto plugin:
 * authorizeCommand (nonce, AES-128-CFB of a 64-byte first parameter, cpHash,
 * HMAC) + verifyResponse (rpHash, HMAC check, AES-128-CFB decryption of a
 * 64-byte response parameter), salted HMAC session with SHA-256.
 *
 *   npx vitest bench --run --project session
 *
 * The plugins are imported from their sources by relative path: @tss/session
 * must not depend on a concrete crypto package, not even for development.
 */
import { type Crypto, TPM_ALG_ID, TPM_SE, TPMA_SESSION } from "@tss/marshal";
import {
  authorizeCommand,
  cryptFirstParameter,
  responseHmac,
  rpHash,
  type SessionState,
  sessionValue,
  verifyResponse,
} from "@tss/session";
import { withFixedRandom } from "@tss/session/testkit";
import { bench, describe } from "vitest";
import { forgeCrypto } from "../../crypto-forge/src/index.js";
import { webCrypto } from "../../crypto-webcrypto/src/index.js";
import { nodeCrypto } from "../test/node-crypto.js";

const CC = 0x153;
const NAME = new Uint8Array(34).fill(0x0b);
const AUTH = new TextEncoder().encode("object-auth");
const state: SessionState = {
  handle: 0x02000000,
  sessionType: TPM_SE.HMAC,
  authHash: TPM_ALG_ID.SHA256,
  symmetric: { algorithm: TPM_ALG_ID.AES, keyBits: 128, mode: TPM_ALG_ID.CFB },
  sessionKey: new Uint8Array(32).fill(1),
  nonceCaller: new Uint8Array(32).fill(2),
  nonceTPM: new Uint8Array(32).fill(3),
  policyAuthValue: false,
  policyPassword: false,
};
const attrs = TPMA_SESSION.continueSession | TPMA_SESSION.decrypt | TPMA_SESSION.encrypt;
const nonceCaller = new Uint8Array(32).fill(4);
const newNonceTPM = new Uint8Array(32).fill(5);
const param64 = () => new Uint8Array([0, 64, ...new Uint8Array(64).fill(7), 1, 2, 3, 4]);

/** A response the TPM would send for the fixed nonceCaller (computed once per plugin). */
async function tpmResponse(c: Crypto) {
  const plain = param64();
  const sv = sessionValue(state, true, AUTH);
  const parameters = await cryptFirstParameter(
    c,
    {
      authHash: state.authHash,
      symmetric: state.symmetric,
      sessionValue: sv,
      nonceNewer: newNonceTPM,
      nonceOlder: nonceCaller,
    },
    plain,
    true,
    "BAD_PARAMETER",
  );
  const rp = await rpHash(c, state.authHash, 0, CC, parameters);
  const hmac = await responseHmac(
    c,
    state.authHash,
    new Uint8Array([...state.sessionKey, ...AUTH]),
    rp,
    newNonceTPM,
    nonceCaller,
    attrs,
  );
  return {
    responseCode: 0,
    parameters,
    authorizations: [{ nonce: newNonceTPM, sessionAttributes: attrs, hmac }],
    encryptable: true,
  };
}

async function round(c: Crypto, response: Awaited<ReturnType<typeof tpmResponse>>) {
  const out = await authorizeCommand(withFixedRandom(c, [nonceCaller]), {
    commandCode: CC,
    names: [NAME],
    parameters: param64(),
    decryptable: true,
    sessions: [{ state, attributes: attrs, authValue: AUTH, entityName: NAME }],
  });
  await verifyResponse(c, out.pending, response);
}

describe("one command round: HMAC + AES-128-CFB 64 bytes both ways + response check", async () => {
  for (const [name, c] of [
    ["crypto-forge", forgeCrypto],
    ["crypto-webcrypto", webCrypto],
    ["node:crypto (reference)", nodeCrypto],
  ] as const) {
    const response = await tpmResponse(c);
    await round(c, response); // fails loudly if the response does not verify
    bench(name, () => round(c, response), { time: 2000 });
  }
});
