/**
 * The wire protocol between WebSocketTransport and the proxy (README "Protocol"):
 * subprotocols, the frame of a command, and the close codes of a refusal.
 */
import { TPM_HEADER_SIZE, TssError, type TssErrorCode } from "@tss/marshal";

/** The subprotocol both ends speak; the server answers with it. */
export const TPM_SUBPROTOCOL = "tss.tpm.v1";

/** The prefix of the subprotocol that carries the bearer token: `tss.bearer.<token>`. */
export const BEARER_SUBPROTOCOL_PREFIX = "tss.bearer.";

/** A bearer token: lower-case hex, 16 to 64 octets (the proxy generates 32). */
const TOKEN = /^(?:[0-9a-f]{2}){16,64}$/;

/** True when `token` is a well-formed bearer token (lower-case hex, 16..64 octets). */
export function isBearerToken(token: unknown): token is string {
  return typeof token === "string" && TOKEN.test(token);
}

/** The subprotocols a client offers: `["tss.tpm.v1", "tss.bearer.<token>"]`. */
export function clientSubprotocols(token: string): string[] {
  if (!isBearerToken(token))
    throw new TssError("BAD_PARAMETER", "the bearer token is not lower-case hex of 16 to 64 octets");
  return [TPM_SUBPROTOCOL, `${BEARER_SUBPROTOCOL_PREFIX}${token}`];
}

/** The URL query parameter that carries a client's reconnect identity: `ws://host:port/?client=<id>`. */
export const CLIENT_ID_PARAMETER = "client";

/** A reconnect identity: 16 octets as 32 lower-case hex digits. */
const CLIENT_ID = /^[0-9a-f]{32}$/;

/** True when `id` is a well-formed reconnect identity (32 lower-case hex digits). */
export function isClientId(id: unknown): id is string {
  return typeof id === "string" && CLIENT_ID.test(id);
}

/**
 * A fresh reconnect identity: 16 random octets from `globalThis.crypto`, as hex;
 * undefined in a runtime without `crypto.getRandomValues` (the client is then anonymous).
 */
export function newClientId(): string | undefined {
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (typeof c?.getRandomValues !== "function") return undefined;
  const bytes = c.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** `url` with the reconnect identity set as its `client` query parameter (any other query kept). */
export function urlWithClientId(url: string, id: string): string {
  const u = new URL(url);
  u.searchParams.set(CLIENT_ID_PARAMETER, id);
  return u.href;
}

/** The close codes of the protocol: each refusal closes the connection with one and a readable reason. */
export const CLOSE_CODE = {
  /** Normal closure (the client or the proxy closed). */
  NORMAL: 1000,
  /** The proxy is going away (it stops). */
  GOING_AWAY: 1001,
  /** "frame of N octets exceeds the limit M". */
  TOO_BIG: 1009,
  /** "malformed frame": not binary, no locality, a locality above 4, a header size that is not the length. */
  MALFORMED: 4400,
  /** "missing or wrong token". */
  UNAUTHORIZED: 4401,
  /** "origin <o> not allowed". */
  ORIGIN: 4403,
  /** "command TPM_CC_<Name> (0x...) denied". */
  DENIED: 4405,
  /** "busy: another client holds the TPM" (only when the proxy does not queue clients). */
  BUSY: 4429,
  /** "idle: no command for N s": the proxy's idle timeout (a client that holds the TPM and sends nothing). */
  IDLE: 4408,
} as const;

/** The TssError code a close code becomes at the client. */
export function closeErrorCode(code: number): TssErrorCode {
  switch (code) {
    case CLOSE_CODE.TOO_BIG:
    case CLOSE_CODE.MALFORMED:
    case CLOSE_CODE.UNAUTHORIZED:
    case CLOSE_CODE.ORIGIN:
    case CLOSE_CODE.DENIED:
    case CLOSE_CODE.BUSY:
      return "REFUSED";
    default:
      return "BAD_CONNECTION";
  }
}

/** The TssError for a connection closed with `code` and `reason`. */
export function closeError(code: number, reason: string, what: string): TssError {
  const text = reason.length > 0 ? `: ${reason}` : "";
  return new TssError(closeErrorCode(code), `${what}: the WebSocket closed with code ${code}${text}`);
}

/** One client message: the locality octet (0..4) and the command. */
export function encodeCommandFrame(locality: number, command: Uint8Array): Uint8Array {
  const frame = new Uint8Array(1 + command.length);
  frame[0] = locality;
  frame.set(command, 1);
  return frame;
}

/** A client message taken apart, or why it is malformed. */
export type DecodedCommandFrame =
  | { readonly ok: true; readonly locality: number; readonly command: Uint8Array; readonly commandCode: number }
  | { readonly ok: false; readonly why: string };

/** Takes a client message apart: locality 0..4, then one whole command (its header size is its length). */
export function decodeCommandFrame(frame: Uint8Array): DecodedCommandFrame {
  if (frame.length < 1 + TPM_HEADER_SIZE)
    return { ok: false, why: `${frame.length} octets is shorter than a locality and a command header` };
  const locality = frame[0]!;
  if (locality > 4) return { ok: false, why: `locality ${locality} is not 0..4` };
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const size = view.getUint32(1 + 2);
  if (size !== frame.length - 1)
    return { ok: false, why: `the command header says ${size} octets, the frame carries ${frame.length - 1}` };
  return { ok: true, locality, command: frame.subarray(1), commandCode: view.getUint32(1 + 6) };
}
