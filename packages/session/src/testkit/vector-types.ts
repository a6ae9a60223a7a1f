/** Shapes of the known-answer vectors (hex strings for bytes). */

/** A hex string of octets. */
export type Hex = string;

/** Session state at StartAuthSession, as the generator made it. */
export interface StartVector {
  handle: number;
  sessionType: number;
  authHash: number;
  symmetric: { algorithm: number; keyBits: number; mode: number };
  nonceCaller: Hex;
  nonceTPM: Hex;
  salt: Hex | null;
  bindAuth: Hex | null;
  bindName: Hex | null;
  sessionKey: Hex;
  /** The TSS saw ObjectChangeAuth on an object of the bind entity's Name (SessionState.bindAuthUncertain). */
  bindAuthUncertain?: boolean;
}

/** One command/response round of a flow. */
export interface RoundVector {
  /** The nonceCallers the engine draws, in session order (password sessions draw none). */
  random: Hex[];
  uses: { attributes: number; authValue: Hex; entityName: Hex | null }[];
  parameters: Hex;
  expectedParameters: Hex;
  expectedAuthorizations: { sessionHandle: number; nonce: Hex; sessionAttributes: number; hmac: Hex }[];
  response: {
    responseCode: number;
    parameters: Hex;
    authorizations: { nonce: Hex; sessionAttributes: number; hmac: Hex }[];
    responseAuthValues: (Hex | null)[];
  };
  expectedResponseParameters: Hex;
  expectedStates: ({
    nonceCaller: Hex;
    nonceTPM: Hex;
    auditDigest: Hex | null;
    bound: boolean;
    policyAuthValue: boolean;
    policyPassword: boolean;
  } | null)[];
}

/** A whole session flow: sessions started, then rounds of commands. */
export interface FlowVector {
  name: string;
  commandCode: number;
  names: Hex[];
  decryptable: boolean;
  encryptable: boolean;
  sessions: { start: StartVector | null; policy: "authValue" | "password" | null | undefined }[];
  rounds: RoundVector[];
}

/** All vectors. */
export interface Vectors {
  primitives: {
    hash: { alg: number; data: Hex; digest: Hex }[];
    hmac: { alg: number; key: Hex; data: Hex; mac: Hex }[];
    aesCfb: { key: Hex; iv: Hex; plain: Hex; cipher: Hex }[];
    aesGcm: { key: Hex; iv: Hex; plain: Hex; aad: Hex | null; sealed: Hex }[];
  };
  kdf: {
    kdfA: { alg: number; key: Hex; label: string; contextU: Hex; contextV: Hex; bits: number; out: Hex }[];
    kdfE: { alg: number; z: Hex; label: string; partyUInfo: Hex; partyVInfo: Hex; bits: number; out: Hex }[];
  };
  pieces: {
    xorMask: { alg: number; sessionValue: Hex; nonceNewer: Hex; nonceOlder: Hex; bytes: number; mask: Hex }[];
    cfbKeyIv: {
      alg: number;
      sessionValue: Hex;
      nonceNewer: Hex;
      nonceOlder: Hex;
      keyBits: number;
      key: Hex;
      iv: Hex;
    }[];
    cpHash: { alg: number; commandCode: number; names: Hex[]; parameters: Hex; digest: Hex }[];
    rpHash: { alg: number; responseCode: number; commandCode: number; parameters: Hex; digest: Hex }[];
    commandHmac: {
      alg: number;
      key: Hex;
      cpHash: Hex;
      nonceCaller: Hex;
      nonceTPM: Hex;
      extraNonces: Hex[];
      attributes: number;
      hmac: Hex;
    }[];
    responseHmac: {
      alg: number;
      key: Hex;
      rpHash: Hex;
      nonceTPM: Hex;
      nonceCaller: Hex;
      attributes: number;
      hmac: Hex;
    }[];
    objectName: { alg: number; publicArea: Hex; name: Hex }[];
    sessionKey: {
      alg: number;
      nonceTPM: Hex;
      nonceCaller: Hex;
      bound: boolean;
      bindAuth: Hex;
      salt: Hex;
      sessionKey: Hex;
    }[];
  };
  keys: {
    rsa: {
      n: Hex;
      e: number;
      d: Hex;
      p: Hex;
      q: Hex;
      signatures: { scheme: "RSASSA" | "RSAPSS"; hashAlg: number; digest: Hex; signature: Hex }[];
    }[];
    ecc: {
      curveID: number;
      d: Hex;
      x: Hex;
      y: Hex;
      signatures: { hashAlg: number; digest: Hex; r: Hex; s: Hex }[];
    }[];
  };
  flows: FlowVector[];
}

/** A neutral public key in hex (the Crypto contract's NeutralPublicKey). */
export type NeutralKeyVector = { rsa: { n: Hex; e: number } } | { ecc: { curveID: number; x: Hex; y: Hex } };

/** SubjectPublicKeyInfo vectors for exportSpki/importSpki. */
export interface SpkiVectors {
  /** DER beside its key: exportSpki(key) = der and importSpki(der) = key. */
  good: { name: string; der: Hex; key: NeutralKeyVector }[];
  /** DER that importSpki refuses, and the TssError code it refuses it with. */
  refused: { name: string; der: Hex; code: "UNSUPPORTED" | "BAD_PARAMETER" }[];
}
