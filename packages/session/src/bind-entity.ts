/**
 * What a change of a bind entity's authValue does to the sessions bound to it.
 * The TPM counts a session as bound to an entity while that entity has the Name
 * and the authValue it had at StartAuthSession (TPM 2.0 Part 1, 19.6.10); the
 * caller sees only the commands it sends, so it records the changes it sees.
 */
import type { SessionState } from "./session-state.js";

/**
 * The state of a session after the caller saw its bind entity's authValue change:
 * for a hierarchy or an NV index (HierarchyChangeAuth, NV_ChangeAuth) the entity
 * itself changed, so the session is no longer bound (bindName removed); for an
 * object (ObjectChangeAuth) only a new private was made and the loaded object
 * keeps its authValue, so objects of that Name count as the bind entity only
 * when the authValue given equals the bind authValue (bindAuthUncertain).
 */
export function bindEntityAuthChanged(state: SessionState, entity: "object" | "hierarchy-or-nv"): SessionState {
  if (state.bindName === undefined) return state;
  if (entity === "object") return state.bindAuthUncertain ? state : { ...state, bindAuthUncertain: true };
  const { bindName: _name, bindAuthUncertain: _uncertain, ...unbound } = state;
  return unbound;
}
