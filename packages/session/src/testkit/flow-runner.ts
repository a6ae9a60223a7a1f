/**
 * Replays a generated session flow through the engine: startSession, then per
 * round authorizeCommand (with the round's nonceCallers as the random draws) and
 * verifyResponse on the generated TPM response, comparing every byte.
 */
import type { Crypto } from "@tss/marshal";
import { TPM_CC } from "@tss/marshal";
import { authorizeCommand, type SessionUse } from "../authorize-command.js";
import { applyPolicyCommand } from "../policy-state.js";
import type { SessionState } from "../session-state.js";
import { startSession } from "../start-session.js";
import { verifyResponse } from "../verify-response.js";
import { withFixedRandom } from "./fixed-random.js";
import { check, expectBytes, fromHex } from "./hex.js";
import type { FlowVector, RoundVector } from "./vector-types.js";

const opt = (h: string | null | undefined) => (h === null || h === undefined ? undefined : fromHex(h));

/** Starts the sessions of a flow and checks their sessionKeys. */
export async function startFlowSessions(crypto: Crypto, flow: FlowVector): Promise<(SessionState | undefined)[]> {
  const states: (SessionState | undefined)[] = [];
  for (const [i, s] of flow.sessions.entries()) {
    if (s.start === null) {
      states.push(undefined);
      continue;
    }
    const v = s.start;
    let state = await startSession(crypto, {
      handle: v.handle,
      sessionType: v.sessionType,
      authHash: v.authHash,
      symmetric: v.symmetric,
      nonceCaller: fromHex(v.nonceCaller),
      nonceTPM: fromHex(v.nonceTPM),
      salt: opt(v.salt),
      bindAuth: opt(v.bindAuth),
      bindName: opt(v.bindName),
    });
    expectBytes(`${flow.name}: session ${i} sessionKey`, state.sessionKey, v.sessionKey);
    if (v.bindAuthUncertain) state = { ...state, bindAuthUncertain: true };
    if (s.policy === "authValue") state = applyPolicyCommand(state, TPM_CC.PolicyAuthValue);
    if (s.policy === "password") state = applyPolicyCommand(state, TPM_CC.PolicyPassword);
    states.push(state);
  }
  return states;
}

/** The SessionUse list of one round. */
export function roundUses(round: RoundVector, states: readonly (SessionState | undefined)[]): SessionUse[] {
  return round.uses.map((u, i) => ({
    ...(states[i] !== undefined ? { state: states[i] } : {}),
    attributes: u.attributes,
    authValue: fromHex(u.authValue),
    ...(u.entityName !== null ? { entityName: fromHex(u.entityName) } : {}),
  }));
}

/** Runs one round and checks command bytes, response parameters and new states; returns the new states. */
export async function runFlowRound(
  crypto: Crypto,
  flow: FlowVector,
  r: number,
  states: readonly (SessionState | undefined)[],
): Promise<(SessionState | undefined)[]> {
  const round = flow.rounds[r]!;
  const where = `${flow.name}, round ${r}`;
  const out = await authorizeCommand(withFixedRandom(crypto, round.random.map(fromHex)), {
    commandCode: flow.commandCode,
    names: flow.names.map(fromHex),
    parameters: fromHex(round.parameters),
    decryptable: flow.decryptable,
    sessions: roundUses(round, states),
  });
  expectBytes(`${where}: parameters as sent`, out.parameters, round.expectedParameters);
  check(out.authorizations.length === round.expectedAuthorizations.length, `${where}: authorization count`);
  out.authorizations.forEach((a, i) => {
    const e = round.expectedAuthorizations[i]!;
    check(a.sessionHandle === e.sessionHandle, `${where}: session ${i} handle`);
    check(a.sessionAttributes === e.sessionAttributes, `${where}: session ${i} attributes`);
    expectBytes(`${where}: session ${i} nonceCaller`, a.nonce, e.nonce);
    expectBytes(`${where}: session ${i} command HMAC`, a.hmac, e.hmac);
  });
  const resp = round.response;
  const verified = await verifyResponse(crypto, out.pending, {
    responseCode: resp.responseCode,
    parameters: fromHex(resp.parameters),
    authorizations: resp.authorizations.map((a) => ({
      nonce: fromHex(a.nonce),
      sessionAttributes: a.sessionAttributes,
      hmac: fromHex(a.hmac),
    })),
    encryptable: flow.encryptable,
    responseAuthValues: resp.responseAuthValues.map((x) => opt(x)),
  });
  expectBytes(`${where}: response parameters in clear`, verified.parameters, round.expectedResponseParameters);
  round.expectedStates.forEach((e, i) => {
    const s = verified.states[i];
    if (e === null) {
      check(s === undefined, `${where}: session ${i} should have ended`);
      return;
    }
    check(s !== undefined, `${where}: session ${i} should continue`);
    expectBytes(`${where}: session ${i} nonceCaller`, s.nonceCaller, e.nonceCaller);
    expectBytes(`${where}: session ${i} nonceTPM`, s.nonceTPM, e.nonceTPM);
    if (e.auditDigest === null) check(s.auditDigest === undefined, `${where}: session ${i} has no audit digest`);
    else expectBytes(`${where}: session ${i} audit digest`, s.auditDigest ?? new Uint8Array(0), e.auditDigest);
    check((s.bindName !== undefined) === e.bound, `${where}: session ${i} bound should be ${e.bound}`);
    check(
      s.policyAuthValue === e.policyAuthValue && s.policyPassword === e.policyPassword,
      `${where}: session ${i} policy flags`,
    );
  });
  return verified.states;
}

/** Runs a whole flow. */
export async function runFlow(crypto: Crypto, flow: FlowVector): Promise<void> {
  let states = await startFlowSessions(crypto, flow);
  for (let r = 0; r < flow.rounds.length; r++) states = await runFlowRound(crypto, flow, r, states);
}
