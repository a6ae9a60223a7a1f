/**
 * The caller-side state of one HMAC or policy session (TPM 2.0 Part 1, 19.6
 * "Session Creation" and 19.6.x "Session Key"), as plain data, and its strict,
 * versioned serialization for session-state stores.
 */
import {
  ByteReader,
  ByteWriter,
  handleType,
  MarshalError,
  TPM_ALG_ID,
  TPM_HT,
  TPM_SE,
  TssError,
  type TssErrorCode,
} from "@tss/marshal";

/** TPMT_SYM_DEF of a session: TPM_ALG_NULL, TPM_ALG_XOR or TPM_ALG_AES (CFB, 128/192/256 bits). */
export interface SessionSymmetric {
  readonly algorithm: number;
  /** Key size in bits for AES; for XOR the hash in TPMT_SYM_DEF (unused: XOR uses authHash). */
  readonly keyBits: number;
  /** TPM_ALG_CFB for AES. */
  readonly mode: number;
}

/** Everything the caller keeps about a started session. Treat as immutable. */
export interface SessionState {
  /** The session handle (TPM_HT_HMAC_SESSION or TPM_HT_POLICY_SESSION). */
  readonly handle: number;
  /** TPM_SE: HMAC, POLICY or TRIAL. */
  readonly sessionType: number;
  /** The session's hash algorithm (authHash of StartAuthSession). */
  readonly authHash: number;
  /** The session's parameter-encryption algorithm. */
  readonly symmetric: SessionSymmetric;
  /** KDFa(authHash, bindAuth || salt, "ATH", nonceTPM, nonceCaller, digest bits); empty when unbound and unsalted. */
  readonly sessionKey: Uint8Array;
  /** The nonceCaller of the last command sent with this session. */
  readonly nonceCaller: Uint8Array;
  /** The nonceTPM of the last response (or of StartAuthSession). */
  readonly nonceTPM: Uint8Array;
  /**
   * Name of the entity an HMAC session is bound to; undefined when unbound. Policy
   * sessions are never bound for HMAC purposes (the bind value only enters their
   * sessionKey), and an HMAC session stops being bound once it is used for audit.
   */
  readonly bindName?: Uint8Array;
  /** The bind entity's authValue (trailing zeros removed): with bindName it forms the TPM's bind value. */
  readonly bindAuth?: Uint8Array;
  /**
   * Set when ObjectChangeAuth was seen on an object with the bind entity's Name:
   * objects of that Name may now have another authValue, so the session counts
   * as bound only when the authValue given equals bindAuth. (A change of a
   * hierarchy's or NV index's authValue unbinds the session: bindName is removed.)
   */
  readonly bindAuthUncertain?: boolean;
  /** Set by TPM2_PolicyAuthValue: the HMAC key includes the authValue. */
  readonly policyAuthValue: boolean;
  /** Set by TPM2_PolicyPassword: the hmac field carries the authValue in clear. */
  readonly policyPassword: boolean;
  /** The running audit digest once the session has audited a command. */
  readonly auditDigest?: Uint8Array;
}

/** What `rolledState` changes in a SessionState. */
export interface StateChanges {
  readonly nonceCaller?: Uint8Array;
  readonly nonceTPM?: Uint8Array;
  /** A new audit digest. */
  readonly auditDigest?: Uint8Array;
  /** Drop bindName and bindAuth (a session that starts auditing is no longer bound). */
  readonly unbind?: boolean;
  /** Clear policyAuthValue and policyPassword. */
  readonly resetPolicy?: boolean;
}

/**
 * A copy of `s` with the nonces of a command or response rolled (and the audit,
 * bind and policy changes of a response), built field by field: every state the
 * per-command path makes has the same few shapes, where spreading states made by
 * spreads and rest patterns costs several times more. Optional fields appear only
 * when they have a value, as in the states StartAuthSession gives.
 */
export function rolledState(s: SessionState, changes: StateChanges): SessionState {
  const next: {
    -readonly [K in keyof SessionState]: SessionState[K];
  } = {
    handle: s.handle,
    sessionType: s.sessionType,
    authHash: s.authHash,
    symmetric: s.symmetric,
    sessionKey: s.sessionKey,
    nonceCaller: changes.nonceCaller ?? s.nonceCaller,
    nonceTPM: changes.nonceTPM ?? s.nonceTPM,
    policyAuthValue: changes.resetPolicy ? false : s.policyAuthValue,
    policyPassword: changes.resetPolicy ? false : s.policyPassword,
  };
  if (!changes.unbind) {
    if (s.bindName !== undefined) next.bindName = s.bindName;
    if (s.bindAuth !== undefined) next.bindAuth = s.bindAuth;
  }
  if (s.bindAuthUncertain !== undefined) next.bindAuthUncertain = s.bindAuthUncertain;
  const auditDigest = changes.auditDigest ?? s.auditDigest;
  if (auditDigest !== undefined) next.auditDigest = auditDigest;
  return next;
}

/** First octets of a serialized SessionState. */
export const SESSION_STATE_MAGIC = new Uint8Array([0x54, 0x53, 0x53, 0x53]); // "TSSS"
/** Current serialization version. */
export const SESSION_STATE_VERSION = 1;

const MAX_DIGEST = 64;
const MAX_NAME = 2 + MAX_DIGEST;
const F_BIND_NAME = 0x01;
const F_BIND_AUTH = 0x02;
const F_POLICY_AUTH_VALUE = 0x04;
const F_POLICY_PASSWORD = 0x08;
const F_AUDIT = 0x10;
const F_BIND_AUTH_UNCERTAIN = 0x20;
const F_ALL = 0x3f;

function bad(message: string, cause?: unknown): TssError {
  return new TssError("STORE", `session state: ${message}`, cause === undefined ? undefined : { cause });
}

/** A Uint8Array of at most MAX_DIGEST octets. */
function isDigestBytes(v: unknown): boolean {
  return v instanceof Uint8Array && v.length <= MAX_DIGEST;
}

/**
 * Checks the invariants of a SessionState; throws TssError with `code` on the first
 * violation. Deserialization uses "STORE", the engine "BAD_SESSION".
 */
export function checkSessionState(s: SessionState, code: TssErrorCode = "BAD_SESSION"): void {
  const fail = (m: string) => new TssError(code, `session state: ${m}`);
  if (s === null || typeof s !== "object") throw fail("not an object");
  const ht = handleType(s.handle >>> 0);
  if (!Number.isInteger(s.handle) || (ht !== TPM_HT.HMAC_SESSION && ht !== TPM_HT.POLICY_SESSION)) {
    throw fail(`handle ${String(s.handle)} is not a session handle`);
  }
  if (s.sessionType !== TPM_SE.HMAC && s.sessionType !== TPM_SE.POLICY && s.sessionType !== TPM_SE.TRIAL) {
    throw fail(`sessionType ${String(s.sessionType)} is not a TPM_SE`);
  }
  const h = s.authHash;
  if (h !== TPM_ALG_ID.SHA1 && h !== TPM_ALG_ID.SHA256 && h !== TPM_ALG_ID.SHA384 && h !== TPM_ALG_ID.SHA512) {
    throw fail(`authHash ${String(s.authHash)} is not SHA-1, SHA-256, SHA-384 or SHA-512`);
  }
  const sym = s.symmetric;
  if (sym === null || typeof sym !== "object") throw fail("symmetric missing");
  if (sym.algorithm === TPM_ALG_ID.AES) {
    if (sym.keyBits !== 128 && sym.keyBits !== 192 && sym.keyBits !== 256)
      throw fail(`AES keyBits ${String(sym.keyBits)}`);
    if (sym.mode !== TPM_ALG_ID.CFB) throw fail("AES parameter encryption must use CFB mode");
  } else if (sym.algorithm !== TPM_ALG_ID.XOR && sym.algorithm !== TPM_ALG_ID.NULL) {
    throw fail(`symmetric algorithm ${String(sym.algorithm)} is not NULL, XOR or AES`);
  }
  // No array per call: this runs for every session of every command.
  if (!isDigestBytes(s.sessionKey)) throw fail(`sessionKey must be at most ${MAX_DIGEST} bytes`);
  if (!isDigestBytes(s.nonceCaller)) throw fail(`nonceCaller must be at most ${MAX_DIGEST} bytes`);
  if (!isDigestBytes(s.nonceTPM)) throw fail(`nonceTPM must be at most ${MAX_DIGEST} bytes`);
  if (s.bindName !== undefined && (!(s.bindName instanceof Uint8Array) || s.bindName.length > MAX_NAME)) {
    throw fail("bindName");
  }
  if (s.bindAuth !== undefined && (!(s.bindAuth instanceof Uint8Array) || s.bindAuth.length > MAX_DIGEST)) {
    throw fail("bindAuth");
  }
  if (s.auditDigest !== undefined && (!(s.auditDigest instanceof Uint8Array) || s.auditDigest.length > MAX_DIGEST)) {
    throw fail("auditDigest");
  }
  if (typeof s.policyAuthValue !== "boolean" || typeof s.policyPassword !== "boolean") throw fail("policy flags");
  if (s.bindAuthUncertain !== undefined && typeof s.bindAuthUncertain !== "boolean") throw fail("bindAuthUncertain");
}

function write2b(w: ByteWriter, b: Uint8Array): void {
  w.u16(b.length);
  w.bytes(b);
}

/** Serializes a SessionState: "TSSS", version, then the fields in a fixed order. */
export function serializeSessionState(s: SessionState): Uint8Array {
  checkSessionState(s, "BAD_SESSION");
  const w = new ByteWriter(256);
  w.bytes(SESSION_STATE_MAGIC);
  w.u8(SESSION_STATE_VERSION);
  w.u32(s.handle);
  w.u8(s.sessionType);
  w.u16(s.authHash);
  w.u16(s.symmetric.algorithm);
  w.u16(s.symmetric.keyBits);
  w.u16(s.symmetric.mode);
  write2b(w, s.sessionKey);
  write2b(w, s.nonceCaller);
  write2b(w, s.nonceTPM);
  let flags = 0;
  if (s.bindName !== undefined) flags |= F_BIND_NAME;
  if (s.bindAuth !== undefined) flags |= F_BIND_AUTH;
  if (s.policyAuthValue) flags |= F_POLICY_AUTH_VALUE;
  if (s.policyPassword) flags |= F_POLICY_PASSWORD;
  if (s.auditDigest !== undefined) flags |= F_AUDIT;
  if (s.bindAuthUncertain === true) flags |= F_BIND_AUTH_UNCERTAIN;
  w.u8(flags);
  if (s.bindName !== undefined) write2b(w, s.bindName);
  if (s.bindAuth !== undefined) write2b(w, s.bindAuth);
  if (s.auditDigest !== undefined) write2b(w, s.auditDigest);
  return w.finish();
}

/**
 * Reads a serialized SessionState. Anything malformed (wrong magic or version,
 * truncation, trailing bytes, out-of-range values) throws TssError("STORE").
 */
export function deserializeSessionState(bytes: Uint8Array): SessionState {
  if (!(bytes instanceof Uint8Array)) throw bad("expected a Uint8Array");
  try {
    const r = new ByteReader(bytes);
    const magic = r.bytes(4, "magic");
    if (!magic.every((b, i) => b === SESSION_STATE_MAGIC[i])) throw bad("bad magic");
    const version = r.u8("version");
    if (version !== SESSION_STATE_VERSION) throw bad(`unsupported version ${version}`);
    const read2b = (p: string, max: number) => {
      const n = r.u16(`${p}.size`);
      if (n > max) throw bad(`${p} size ${n} exceeds ${max}`);
      return r.bytes(n, p);
    };
    const handle = r.u32("handle");
    const sessionType = r.u8("sessionType");
    const authHash = r.u16("authHash");
    const symmetric = {
      algorithm: r.u16("symmetric.algorithm"),
      keyBits: r.u16("symmetric.keyBits"),
      mode: r.u16("symmetric.mode"),
    };
    const sessionKey = read2b("sessionKey", MAX_DIGEST);
    const nonceCaller = read2b("nonceCaller", MAX_DIGEST);
    const nonceTPM = read2b("nonceTPM", MAX_DIGEST);
    const flags = r.u8("flags");
    if ((flags & ~F_ALL) !== 0) throw bad(`unknown flags 0x${flags.toString(16)}`);
    const bindName = flags & F_BIND_NAME ? read2b("bindName", MAX_NAME) : undefined;
    const bindAuth = flags & F_BIND_AUTH ? read2b("bindAuth", MAX_DIGEST) : undefined;
    const auditDigest = flags & F_AUDIT ? read2b("auditDigest", MAX_DIGEST) : undefined;
    r.expectEnd("session state");
    const s: SessionState = {
      handle,
      sessionType,
      authHash,
      symmetric,
      sessionKey,
      nonceCaller,
      nonceTPM,
      ...(bindName !== undefined ? { bindName } : {}),
      ...(bindAuth !== undefined ? { bindAuth } : {}),
      policyAuthValue: (flags & F_POLICY_AUTH_VALUE) !== 0,
      policyPassword: (flags & F_POLICY_PASSWORD) !== 0,
      ...(auditDigest !== undefined ? { auditDigest } : {}),
      ...(flags & F_BIND_AUTH_UNCERTAIN ? { bindAuthUncertain: true } : {}),
    };
    checkSessionState(s, "STORE");
    return s;
  } catch (e) {
    if (e instanceof TssError) throw e;
    if (e instanceof MarshalError) throw bad(e.message, e);
    throw bad(String(e), e);
  }
}
