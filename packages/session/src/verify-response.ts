/**
 * The response side of a command with sessions: verifies every response HMAC
 * (in constant time), takes the new nonceTPM, decrypts the first response
 * parameter for the encrypt session, extends audit digests and returns the new
 * session states. Nothing is committed here: the caller keeps the new states only
 * when this succeeds.
 */
import type { AuthResponse, Crypto } from "@tss/marshal";
import { TPM_SE, TPMA_SESSION, TssError } from "@tss/marshal";
import { extendAuditDigestOp, initialAuditDigest } from "./audit.js";
import type { PendingAuthorization } from "./authorize-command.js";
import { sessionValue } from "./authorize-command.js";
import { concat, constantTimeEqual, trimAuthValue } from "./bytes.js";
import { cryptFirstParameterSteps } from "./parameter-encryption.js";
import { rpHashOp } from "./parameter-hash.js";
import { responseHmacOp } from "./session-hmac.js";
import { rolledState, type SessionState } from "./session-state.js";
import { cryptoOps, promised, runSteps, type Steps } from "./steps.js";

/** What came back from the TPM. */
export interface VerifyResponseInput {
  /** The response code (0: only successful responses carry sessions). */
  readonly responseCode: number;
  /** The response parameter area as received. */
  readonly parameters: Uint8Array;
  /** TPMS_AUTH_RESPONSE values, one per command session. */
  readonly authorizations: readonly AuthResponse[];
  /** The first response parameter is a TPM2B (schema.encryptable). */
  readonly encryptable: boolean;
  /**
   * Per session, the authValue the entity has after the command, when the command
   * changed it (HierarchyChangeAuth, NV_ChangeAuth, ...): the TPM computes the
   * response HMAC and response encryption with the new value.
   */
  readonly responseAuthValues?: readonly (Uint8Array | undefined)[];
}

/** The checked response. */
export interface VerifiedResponse {
  /** The response parameter area in clear. */
  readonly parameters: Uint8Array;
  /**
   * The sessions' new states, by index: undefined for a password session and for
   * a session the TPM ended (continueSession clear in the response).
   */
  readonly states: (SessionState | undefined)[];
  /** rpHash by hash algorithm (over the parameters as received). */
  readonly rpHashes: ReadonlyMap<number, Uint8Array>;
}

const malformed = (m: string) => new TssError("MALFORMED_RESPONSE", m);

/**
 * Verifies a response's authorization area. Throws TssError("RESPONSE_HMAC")
 * naming the session index when an HMAC does not verify, and
 * TssError("MALFORMED_RESPONSE") when the area does not fit the command.
 */
export function verifyResponse(
  crypto: Crypto,
  pending: PendingAuthorization,
  input: VerifyResponseInput,
): Promise<VerifiedResponse> {
  return promised(() => runSteps(verifyResponseSteps(crypto, pending, input)));
}

/**
 * verifyResponse as steps (see runSteps): with a Crypto that has a `sync`
 * facet, `runSteps` gives the result at once, without a promise per step.
 */
export function* verifyResponseSteps(
  crypto: Crypto,
  pending: PendingAuthorization,
  input: VerifyResponseInput,
): Steps<VerifiedResponse> {
  const ops = cryptoOps(crypto);
  const { sessions } = pending;
  if (!(input.parameters instanceof Uint8Array)) throw malformed("response parameters must be a Uint8Array");
  if (!Array.isArray(input.authorizations) || input.authorizations.length !== sessions.length) {
    throw malformed(`response carries ${input.authorizations?.length ?? 0} session(s), the command ${sessions.length}`);
  }
  const rpHashes = new Map<number, Uint8Array>();
  for (const p of sessions) {
    const alg = p.state?.authHash;
    if (alg !== undefined && !rpHashes.has(alg)) {
      rpHashes.set(
        alg,
        (yield rpHashOp(ops, alg, input.responseCode, pending.commandCode, input.parameters)) as Uint8Array,
      );
    }
  }
  const authAfter = (i: number): Uint8Array => {
    const changed = input.responseAuthValues?.[i];
    return changed === undefined ? sessions[i]!.authValue : trimAuthValue(changed);
  };

  // 1. Every HMAC, before anything else is believed.
  for (let i = 0; i < sessions.length; i++) {
    const p = sessions[i]!;
    const auth = input.authorizations[i]!;
    const st = p.state;
    if (st === undefined || (p.authorizes && p.passwordInHmac)) {
      if (auth.hmac.length !== 0)
        throw new TssError("RESPONSE_HMAC", `session ${i}: a password authorization must return an empty HMAC`);
      if (st === undefined) continue;
    } else {
      const key = p.includeAuth ? concat(st.sessionKey, authAfter(i)) : st.sessionKey;
      const expected = (yield responseHmacOp(
        ops,
        st.authHash,
        key,
        rpHashes.get(st.authHash)!,
        auth.nonce,
        st.nonceCaller,
        auth.sessionAttributes,
      )) as Uint8Array;
      if (!constantTimeEqual(expected, auth.hmac)) {
        throw new TssError(
          "RESPONSE_HMAC",
          `session ${i} (handle 0x${st.handle.toString(16)}): response HMAC does not verify`,
        );
      }
    }
    if (auth.nonce.length < 16 || auth.nonce.length > 64) {
      throw malformed(`session ${i}: nonceTPM of ${auth.nonce.length} bytes`);
    }
  }

  // 2. Decrypt the first response parameter for the encrypt session.
  // A new array either way: decrypted, or a copy of the parameters as received.
  let parameters: Uint8Array;
  if (pending.encryptIndex < 0 || !input.encryptable) parameters = input.parameters.slice();
  else {
    const i = pending.encryptIndex;
    const p = sessions[i]!;
    const st = p.state!;
    parameters = yield* cryptFirstParameterSteps(
      ops,
      {
        authHash: st.authHash,
        symmetric: st.symmetric,
        sessionValue: sessionValue(st, p.authorizes, authAfter(i)),
        nonceNewer: input.authorizations[i]!.nonce,
        nonceOlder: st.nonceCaller,
      },
      input.parameters,
      false,
      "MALFORMED_RESPONSE",
    );
  }

  // 3. New states: nonceTPM, audit digest, policy reset, ended sessions.
  const states: (SessionState | undefined)[] = [];
  for (let i = 0; i < sessions.length; i++) {
    const p = sessions[i]!;
    const st = p.state;
    const auth = input.authorizations[i]!;
    if (st === undefined || (auth.sessionAttributes & TPMA_SESSION.continueSession) === 0) {
      states.push(undefined);
      continue;
    }
    // The new state built once: nonceTPM, then the audit digest and the policy reset.
    let auditDigest = st.auditDigest;
    let unbind = false;
    if (p.attributes & TPMA_SESSION.audit) {
      const restart = st.auditDigest === undefined || (p.attributes & TPMA_SESSION.auditReset) !== 0;
      const from = restart ? initialAuditDigest(st.authHash) : st.auditDigest!;
      auditDigest = (yield extendAuditDigestOp(
        ops,
        st.authHash,
        from,
        pending.cpHashes.get(st.authHash)!,
        rpHashes.get(st.authHash)!,
      )) as Uint8Array;
      // An audit session cannot be bound (the reference InitAuditSession).
      unbind = restart;
    }
    // Using a policy session resets its policy data (the reference UpdateInternalSession).
    const resetPolicy = st.sessionType !== TPM_SE.HMAC && (st.policyAuthValue || st.policyPassword);
    states.push(rolledState(st, { nonceTPM: auth.nonce.slice(), auditDigest, unbind, resetPolicy }));
  }
  return { parameters, states, rpHashes };
}
