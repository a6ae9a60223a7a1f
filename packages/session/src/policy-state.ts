/**
 * How policy commands change what a policy session puts in its authorization
 * (Part 3, TPM2_PolicyAuthValue, TPM2_PolicyPassword, TPM2_PolicyRestart).
 */
import { TPM_CC, TPM_SE } from "@tss/marshal";
import type { SessionState } from "./session-state.js";

/**
 * The state of a policy session after a successful policy command on it:
 * PolicyAuthValue sets policyAuthValue (and clears policyPassword),
 * PolicyPassword the reverse, PolicyRestart clears both. Other commands and
 * HMAC sessions leave the state as it is.
 */
export function applyPolicyCommand(state: SessionState, commandCode: number): SessionState {
  if (state.sessionType === TPM_SE.HMAC) return state;
  switch (commandCode) {
    case TPM_CC.PolicyAuthValue:
      return { ...state, policyAuthValue: true, policyPassword: false };
    case TPM_CC.PolicyPassword:
      return { ...state, policyAuthValue: false, policyPassword: true };
    case TPM_CC.PolicyRestart:
      return { ...state, policyAuthValue: false, policyPassword: false };
    default:
      return state;
  }
}
