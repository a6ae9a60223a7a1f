/**
 * What one command and its response did to the TPM's transient objects and
 * sessions: the handles it created (the response handle area of CreatePrimary,
 * Load, StartAuthSession, ContextLoad, HashSequenceStart, ...) and the ones it
 * ended (FlushContext, SequenceComplete, a session used without
 * continueSession). Read from the raw bytes with the command schemas of
 * @tss/marshal; a frame it cannot read has no effect.
 */
import { ByteReader, commandSchema, handleType, TPM_CC, TPM_HT, TPM_ST, TPM_SU } from "@tss/marshal";

/** The handles a command created and ended, and whether it reset the TPM's volatile state. */
export interface HandleEffect {
  /** Transient objects, sequences and sessions the TPM returned in the response handle area. */
  readonly created: readonly number[];
  /** Handles the command ended (flushed, completed, or a session closed by continueSession clear). */
  readonly ended: readonly number[];
  /**
   * A successful Startup: `"all"` (TPM Reset or Restart: every object and session
   * is gone), `"objects"` (TPM Resume: transient objects and sequences are gone),
   * or undefined.
   */
  readonly reset?: "all" | "objects";
}

/** No effect: a failed command or a frame that could not be read. */
const NONE: HandleEffect = { created: [], ended: [] };

/** continueSession, bit 0 of TPMA_SESSION. */
const CONTINUE_SESSION = 0x01;

/** True for a handle this tracking cares about: a transient object or sequence, or a session. */
export function isTrackedHandle(handle: number): boolean {
  const type = handleType(handle);
  return type === TPM_HT.TRANSIENT || type === TPM_HT.HMAC_SESSION || type === TPM_HT.POLICY_SESSION;
}

/** The session handles of a command and the continueSession bit of each, in order. */
function commandSessions(r: ByteReader, end: number): { handle: number; attributes: number }[] {
  const sessions: { handle: number; attributes: number }[] = [];
  while (r.offset < end) {
    const handle = r.u32("");
    r.bytesView(r.u16(""), ""); // nonceCaller
    const attributes = r.u8("");
    r.bytesView(r.u16(""), ""); // hmac
    sessions.push({ handle, attributes });
  }
  if (r.offset !== end) throw new RangeError("sessions overrun the authorization area");
  return sessions;
}

/**
 * The effect of `command` (the raw TPM command, no locality octet) given its
 * `response`. Only a successful response (TPM_RC_SUCCESS) has one. Never
 * throws: a frame that is short, of an unknown command or otherwise unreadable
 * yields no handles.
 */
export function handleEffect(command: Uint8Array, response: Uint8Array): HandleEffect {
  try {
    const c = new ByteReader(command);
    const tag = c.u16("");
    const size = c.u32("");
    const code = c.u32("");
    if (size !== command.length || (tag !== TPM_ST.NO_SESSIONS && tag !== TPM_ST.SESSIONS)) return NONE;
    const r = new ByteReader(response);
    const responseTag = r.u16("");
    const responseSize = r.u32("");
    if (r.u32("") !== 0 || responseSize !== response.length) return NONE; // failed: nothing created or ended
    const schema = commandSchema(code);
    if (schema === undefined) return NONE;
    const handles: number[] = [];
    for (let i = 0; i < schema.handleNames.length; i++) handles.push(c.u32(""));
    const ended: number[] = [];
    // Sessions of the command: one used without continueSession ends with a successful command.
    let sessions: { handle: number; attributes: number }[] = [];
    if (tag === TPM_ST.SESSIONS) {
      const authSize = c.u32("");
      sessions = commandSessions(c, c.offset + authSize);
    }
    let reset: HandleEffect["reset"];
    if (code === TPM_CC.FlushContext) {
      ended.push(c.u32("")); // flushHandle: a parameter, not a handle of the handle area
    } else if (code === TPM_CC.SequenceComplete || code === TPM_CC.EventSequenceComplete) {
      const at = schema.handleNames.indexOf("sequenceHandle");
      if (at >= 0) ended.push(handles[at]!);
    } else if (code === TPM_CC.Startup) {
      reset = c.u16("") === TPM_SU.STATE ? "objects" : "all";
    }
    const created: number[] = [];
    for (let i = 0; i < schema.responseHandleNames.length; i++) created.push(r.u32(""));
    // The response's session attributes (in command order) say whether each session goes on.
    let responseAttributes: number[] | undefined;
    if (responseTag === TPM_ST.SESSIONS && sessions.length > 0) {
      try {
        const parameterSize = r.u32("");
        r.bytesView(parameterSize, "");
        responseAttributes = [];
        for (let i = 0; i < sessions.length; i++) {
          r.bytesView(r.u16(""), ""); // nonceTPM
          responseAttributes.push(r.u8(""));
          r.bytesView(r.u16(""), ""); // hmac
        }
      } catch {
        responseAttributes = undefined; // an unreadable session area: the command's attributes decide
      }
    }
    sessions.forEach((s, i) => {
      const attributes = responseAttributes?.[i] ?? s.attributes;
      const type = handleType(s.handle);
      const isSession = type === TPM_HT.HMAC_SESSION || type === TPM_HT.POLICY_SESSION;
      if (isSession && (attributes & CONTINUE_SESSION) === 0) ended.push(s.handle);
    });
    return {
      created: created.filter(isTrackedHandle),
      ended: ended.filter(isTrackedHandle),
      ...(reset !== undefined ? { reset } : {}),
    };
  } catch {
    return NONE;
  }
}
