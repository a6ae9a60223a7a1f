import { type Crypto, TPM_ALG_ID, TssError } from "@tss/marshal";

/** "TSS1": the first octets of every saved session state. */
const MAGIC = [0x54, 0x53, 0x53, 0x31];
const SEALED = 1;
const PLAIN = 0;
/** A lost session's marker: no state, only the fact (public). */
const LOST = 2;
const IV_SIZE = 16;
const TAG_SIZE = 32;
const encoder = new TextEncoder();

/** The per-process key used when TPM_SESSION_ENCKEY is not set (lost at exit, as in the seed). */
let processKey: Uint8Array | undefined;

/** The last TPM_SESSION_ENCKEY parsed, so each command does not parse it again. */
let parsedKey: { hex: string; key: Uint8Array } | undefined;

/** The master key: TPM_SESSION_ENCKEY (hex) or the per-process random key. */
export function sessionEncryptionKey(crypto: Crypto, hexKey: string): Uint8Array {
  if (hexKey !== "") {
    if (parsedKey?.hex !== hexKey) {
      parsedKey = { hex: hexKey, key: Uint8Array.from(hexKey.match(/../g)!.map((b) => Number.parseInt(b, 16))) };
    }
    return parsedKey.key;
  }
  processKey ??= crypto.randomBytes(32);
  return processKey;
}

/** Subkeys derived from a master key, per crypto plugin: two HMACs once, not on every save. */
const derived = new WeakMap<Uint8Array, WeakMap<Crypto, Promise<{ enc: Uint8Array; mac: Uint8Array }>>>();

function subkeys(crypto: Crypto, master: Uint8Array): Promise<{ enc: Uint8Array; mac: Uint8Array }> {
  let byCrypto = derived.get(master);
  if (!byCrypto) {
    byCrypto = new WeakMap();
    derived.set(master, byCrypto);
  }
  let keys = byCrypto.get(crypto);
  if (!keys) {
    keys = (async () => ({
      enc: await crypto.hmac(TPM_ALG_ID.SHA256, master, encoder.encode("tss session state encryption")),
      mac: await crypto.hmac(TPM_ALG_ID.SHA256, master, encoder.encode("tss session state integrity")),
    }))();
    keys.catch(() => byCrypto!.delete(crypto));
    byCrypto.set(crypto, keys);
  }
  return keys;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Seals session state for a store: AES-256-CFB under a key derived from the
 * master key, random IV, then HMAC-SHA-256 over everything including the store
 * key (encrypt-then-MAC), so a state cannot be read, altered, truncated or moved
 * to another handle unnoticed. With `encrypt` false the state is saved in clear
 * (TPM_ENCRYPT_SESSIONS=0).
 */
export async function sealSessionState(
  crypto: Crypto,
  master: Uint8Array,
  storeKey: string,
  state: Uint8Array,
  encrypt: boolean,
): Promise<Uint8Array> {
  if (!encrypt) return concat(Uint8Array.from(MAGIC), Uint8Array.of(PLAIN), state);
  const { enc, mac } = await subkeys(crypto, master);
  const iv = crypto.randomBytes(IV_SIZE);
  const body = await crypto.aesCfb(true, enc, iv, state);
  const head = concat(Uint8Array.from(MAGIC), Uint8Array.of(SEALED), iv, body);
  const tag = await crypto.hmac(TPM_ALG_ID.SHA256, mac, concat(encoder.encode(storeKey), head));
  return concat(head, tag);
}

/** The store entry of a session whose state was lost: every process that shares the store refuses to use it. */
export function lostSessionMarker(): Uint8Array {
  return Uint8Array.of(...MAGIC, LOST);
}

/** True when a stored session entry is the lost-session marker. */
export function isLostSessionMarker(stored: Uint8Array): boolean {
  return stored.length === 5 && MAGIC.every((b, i) => stored[i] === b) && stored[4] === LOST;
}

/** Opens sealed (or plain, when allowed) session state; tampering, truncation or the wrong key is a STORE error. */
export async function openSessionState(
  crypto: Crypto,
  master: Uint8Array,
  storeKey: string,
  sealed: Uint8Array,
  requireEncrypted: boolean,
): Promise<Uint8Array> {
  if (sealed.length < 5 || MAGIC.some((b, i) => sealed[i] !== b)) {
    throw new TssError("STORE", `session state ${storeKey} is not a TSS session state`);
  }
  const kind = sealed[4];
  if (kind === PLAIN) {
    if (requireEncrypted)
      throw new TssError("STORE", `session state ${storeKey} is not encrypted but TPM_ENCRYPT_SESSIONS=1`);
    return sealed.slice(5);
  }
  if (kind !== SEALED || sealed.length < 5 + IV_SIZE + TAG_SIZE) {
    throw new TssError("STORE", `session state ${storeKey} is truncated or of an unknown kind`);
  }
  const { enc, mac } = await subkeys(crypto, master);
  const head = sealed.subarray(0, sealed.length - TAG_SIZE);
  const tag = sealed.subarray(sealed.length - TAG_SIZE);
  const expected = await crypto.hmac(TPM_ALG_ID.SHA256, mac, concat(encoder.encode(storeKey), head));
  let diff = 0;
  for (let i = 0; i < TAG_SIZE; i++) diff |= (expected[i] ?? 0) ^ (tag[i] ?? 0);
  if (diff !== 0)
    throw new TssError("STORE", `session state ${storeKey} failed its integrity check (tampered, or another key)`);
  const iv = head.subarray(5, 5 + IV_SIZE);
  return crypto.aesCfb(false, enc, iv, head.subarray(5 + IV_SIZE));
}
