/** TPMA_SESSION: session attribute bits of TPMS_AUTH_COMMAND/TPMS_AUTH_RESPONSE (Part 2, 8.4). */
export const TPMA_SESSION = {
  /** Keep the session loaded after the command succeeds. */
  continueSession: 0x01,
  /** Audit exclusivity: in a command, fail unless the audit session is still exclusive. */
  auditExclusive: 0x02,
  /** In a command, restart the audit digest of this audit session. */
  auditReset: 0x04,
  /** The first command parameter is encrypted with this session. */
  decrypt: 0x20,
  /** The first response parameter is encrypted with this session. */
  encrypt: 0x40,
  /** The session is an audit session. */
  audit: 0x80,
} as const;
