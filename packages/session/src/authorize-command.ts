/**
 * The command side of a command with sessions (TPM 2.0 Part 1, 19.6 and 21):
 * rolls every session's nonceCaller, encrypts the first parameter for the
 * decrypt session, computes cpHash over the parameters as sent and each
 * session's authorization, and keeps what the response check needs.
 */
import type { AuthCommand, Crypto } from "@tss/marshal";
import { TPM_ALG_ID, TPM_RS, TPM_SE, TPMA_SESSION, TssError } from "@tss/marshal";
import { bytesEqual, concat, trimAuthValue } from "./bytes.js";
import { hashSize } from "./hash-alg.js";
import { cryptFirstParameterSteps } from "./parameter-encryption.js";
import { cpHashOp } from "./parameter-hash.js";
import { commandHmacOp } from "./session-hmac.js";
import { checkSessionState, rolledState, type SessionState } from "./session-state.js";
import { cryptoOps, promised, runSteps, type Steps } from "./steps.js";

/** Most sessions a command can carry (MAX_SESSION_NUM). */
export const MAX_SESSION_NUM = 3;

/** One session of a command, as the caller uses it. */
export interface SessionUse {
  /** The session's state; undefined for a password session (TPM_RS_PW). */
  readonly state?: SessionState;
  /** TPMA_SESSION for this command. */
  readonly attributes: number;
  /** authValue of the entity this session authorizes (empty when none). */
  readonly authValue: Uint8Array;
  /**
   * Name of the entity this session authorizes. Give it for every session that
   * authorizes a command handle (the first sessions, one per handle needing
   * authorization); leave it undefined for a session that only encrypts or
   * audits.
   */
  readonly entityName?: Uint8Array;
}

/** What `authorizeCommand` needs. */
export interface AuthorizeCommandInput {
  readonly commandCode: number;
  /** Names of the command handles, in order. */
  readonly names: readonly Uint8Array[];
  /** The marshalled parameter area, in clear. */
  readonly parameters: Uint8Array;
  /** The first command parameter is a TPM2B (schema.decryptable). */
  readonly decryptable: boolean;
  readonly sessions: readonly SessionUse[];
}

/** Per session, what the response check needs. */
export interface PendingSession {
  /** The state with the nonceCaller sent; undefined for a password session. */
  readonly state: SessionState | undefined;
  readonly attributes: number;
  /** The authValue given, trailing zeros removed. */
  readonly authValue: Uint8Array;
  /** The session authorizes an entity (entityName was given). */
  readonly authorizes: boolean;
  /** The authValue is part of the HMAC key. */
  readonly includeAuth: boolean;
  /** A policy session after PolicyPassword: the password travelled in clear. */
  readonly passwordInHmac: boolean;
}

/** The hand-over from `authorizeCommand` to `verifyResponse`. Treat as opaque. */
export interface PendingAuthorization {
  readonly commandCode: number;
  /** cpHash by hash algorithm (for audit). */
  readonly cpHashes: ReadonlyMap<number, Uint8Array>;
  readonly sessions: readonly PendingSession[];
  /** Index of the decrypt session, -1 when none. */
  readonly decryptIndex: number;
  /** Index of the encrypt session, -1 when none. */
  readonly encryptIndex: number;
}

/** The authorization area and the parameters to send. */
export interface AuthorizedCommand {
  /** The parameter area as sent (first parameter encrypted when a session has decrypt). */
  readonly parameters: Uint8Array;
  /** TPMS_AUTH_COMMAND values, one per session. */
  readonly authorizations: AuthCommand[];
  readonly pending: PendingAuthorization;
}

const bad = (m: string) => new TssError("BAD_PARAMETER", m);

/** No extra nonces in a command HMAC (every session but a first authorizing one with other decrypt/encrypt sessions). */
const NO_NONCES: readonly Uint8Array[] = [];

/**
 * Whether `use` counts as authorizing the entity its session is bound to, decided
 * as the TPM decides it: an HMAC session whose bind entity has this Name, with the
 * authValue it had at StartAuthSession. The TPM then keys the HMAC with the
 * session key alone, so the password given for that entity does not matter. A
 * change of the entity's authValue that the TSS saw removes bindName (hierarchies,
 * NV indexes) or sets bindAuthUncertain (objects, after ObjectChangeAuth: then
 * the given authValue must equal the bind authValue).
 */
export function isBoundTo(state: SessionState, entityName: Uint8Array | undefined, authValue: Uint8Array): boolean {
  if (state.sessionType !== TPM_SE.HMAC || state.bindName === undefined || entityName === undefined) return false;
  if (!bytesEqual(state.bindName, entityName)) return false;
  if (state.bindAuthUncertain !== true) return true;
  return bytesEqual(trimAuthValue(state.bindAuth ?? new Uint8Array(0)), trimAuthValue(authValue));
}

/** Validates the session list and finds the decrypt and encrypt sessions. */
function checkSessions(input: AuthorizeCommandInput): { decryptIndex: number; encryptIndex: number } {
  const { sessions } = input;
  if (!Array.isArray(sessions) || sessions.length === 0 || sessions.length > MAX_SESSION_NUM) {
    throw bad(
      `a command carries 1 to ${MAX_SESSION_NUM} sessions, got ${Array.isArray(sessions) ? sessions.length : "none"}`,
    );
  }
  let decryptIndex = -1;
  let encryptIndex = -1;
  sessions.forEach((use, i) => {
    const a = use.attributes;
    if (!Number.isInteger(a) || a < 0 || a > 0xff)
      throw bad(`session ${i}: attributes ${String(a)} is not a TPMA_SESSION`);
    if (!(use.authValue instanceof Uint8Array)) throw bad(`session ${i}: authValue must be a Uint8Array`);
    if (use.state === undefined) {
      if (a & (TPMA_SESSION.decrypt | TPMA_SESSION.encrypt | TPMA_SESSION.audit)) {
        throw bad(`session ${i}: a password session cannot decrypt, encrypt or audit`);
      }
      return;
    }
    checkSessionState(use.state, "BAD_SESSION");
    const symNull = use.state.symmetric.algorithm === TPM_ALG_ID.NULL;
    if (a & TPMA_SESSION.decrypt) {
      if (decryptIndex >= 0) throw bad("only one session may have decrypt");
      if (!input.decryptable) throw bad("decrypt set, but the first command parameter is not a TPM2B");
      if (symNull) throw bad(`session ${i}: decrypt set on a session without a symmetric algorithm`);
      decryptIndex = i;
    }
    if (a & TPMA_SESSION.encrypt) {
      if (encryptIndex >= 0) throw bad("only one session may have encrypt");
      if (symNull) throw bad(`session ${i}: encrypt set on a session without a symmetric algorithm`);
      encryptIndex = i;
    }
    if (use.state.sessionType === TPM_SE.TRIAL && use.entityName !== undefined) {
      throw bad(`session ${i}: a trial policy session cannot authorize`);
    }
  });
  return { decryptIndex, encryptIndex };
}

/** sessionKey || authValue for parameter encryption (authValue only when the session authorizes an entity). */
export function sessionValue(state: SessionState, authorizes: boolean, authValue: Uint8Array): Uint8Array {
  return authorizes ? concat(state.sessionKey, trimAuthValue(authValue)) : state.sessionKey.slice();
}

/**
 * Builds the authorization area of a command. Does not modify the given states;
 * the states with the new nonceCaller travel in `pending`.
 */
export function authorizeCommand(crypto: Crypto, input: AuthorizeCommandInput): Promise<AuthorizedCommand> {
  return promised(() => runSteps(authorizeCommandSteps(crypto, input)));
}

/**
 * authorizeCommand as steps (see runSteps): with a Crypto that has a `sync`
 * facet, `runSteps` gives the result at once, without a promise per step.
 */
export function* authorizeCommandSteps(crypto: Crypto, input: AuthorizeCommandInput): Steps<AuthorizedCommand> {
  const ops = cryptoOps(crypto);
  if (!(input.parameters instanceof Uint8Array)) throw bad("parameters must be a Uint8Array");
  if (!Number.isInteger(input.commandCode)) throw bad("commandCode must be a TPM_CC");
  const { decryptIndex, encryptIndex } = checkSessions(input);

  // 1. Fresh nonceCaller per session, sized to the session's hash.
  const sessions: PendingSession[] = input.sessions.map((use) => {
    const authValue = trimAuthValue(use.authValue).slice();
    const authorizes = use.entityName !== undefined;
    if (use.state === undefined) {
      return {
        state: undefined,
        attributes: use.attributes,
        authValue,
        authorizes,
        includeAuth: true,
        passwordInHmac: true,
      };
    }
    const s = use.state;
    const nonceCaller = crypto.randomBytes(hashSize(s.authHash));
    const state = rolledState(s, { nonceCaller });
    let includeAuth: boolean;
    let passwordInHmac = false;
    if (!authorizes) includeAuth = false;
    else if (s.sessionType === TPM_SE.HMAC) includeAuth = !isBoundTo(s, use.entityName, use.authValue);
    else {
      includeAuth = s.policyAuthValue || s.policyPassword;
      passwordInHmac = s.policyPassword;
    }
    return { state, attributes: use.attributes, authValue, authorizes, includeAuth, passwordInHmac };
  });

  // 2. Encrypt the first parameter for the decrypt session.
  // A new array either way: encrypted, or a copy of the parameters given.
  let parameters: Uint8Array;
  if (decryptIndex < 0) parameters = input.parameters.slice();
  else {
    const p = sessions[decryptIndex]!;
    const st = p.state!;
    parameters = yield* cryptFirstParameterSteps(
      ops,
      {
        authHash: st.authHash,
        symmetric: st.symmetric,
        sessionValue: sessionValue(st, p.authorizes, p.authValue),
        nonceNewer: st.nonceCaller,
        nonceOlder: st.nonceTPM,
      },
      input.parameters,
      true,
      "BAD_PARAMETER",
    );
  }

  // 3. cpHash over the parameters as sent, once per hash algorithm in use.
  const cpHashes = new Map<number, Uint8Array>();
  for (const p of sessions) {
    if (p.state !== undefined && !cpHashes.has(p.state.authHash)) {
      cpHashes.set(
        p.state.authHash,
        (yield cpHashOp(ops, p.state.authHash, input.commandCode, input.names, parameters)) as Uint8Array,
      );
    }
  }

  // 4. Each session's authorization.
  const authorizations: AuthCommand[] = [];
  for (let i = 0; i < sessions.length; i++) {
    const p = sessions[i]!;
    const use = input.sessions[i]!;
    const st = p.state;
    if (st === undefined) {
      authorizations.push({
        sessionHandle: TPM_RS.PW,
        nonce: new Uint8Array(0),
        sessionAttributes: p.attributes,
        hmac: use.authValue.slice(),
      });
      continue;
    }
    let hmac: Uint8Array;
    if (p.authorizes && p.passwordInHmac) {
      hmac = use.authValue.slice();
    } else {
      let extra: readonly Uint8Array[] = NO_NONCES;
      if (i === 0 && p.authorizes && (decryptIndex > 0 || encryptIndex > 0)) {
        const nonces: Uint8Array[] = [];
        if (decryptIndex > 0) nonces.push(sessions[decryptIndex]!.state!.nonceTPM);
        if (encryptIndex > 0 && encryptIndex !== decryptIndex) nonces.push(sessions[encryptIndex]!.state!.nonceTPM);
        extra = nonces;
      }
      const key = p.includeAuth ? concat(st.sessionKey, p.authValue) : st.sessionKey;
      hmac = (yield commandHmacOp(
        ops,
        st.authHash,
        key,
        cpHashes.get(st.authHash)!,
        st.nonceCaller,
        st.nonceTPM,
        extra,
        p.attributes,
      )) as Uint8Array;
    }
    authorizations.push({ sessionHandle: st.handle, nonce: st.nonceCaller, sessionAttributes: p.attributes, hmac });
  }

  return {
    parameters,
    authorizations,
    pending: { commandCode: input.commandCode, cpHashes, sessions, decryptIndex, encryptIndex },
  };
}
