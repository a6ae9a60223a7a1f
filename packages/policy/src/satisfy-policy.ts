/**
 * Satisfying a policy tree in a live policy session: the TPM2_Policy* commands
 * in order, sent through an injected `execute` (a @tss/tss context's
 * `tss.execute` fits), while the expected digest is tracked offline.
 */
import { type Crypto, TPM_CC, TPM_ST } from "@tss/marshal";
import type {
  AuthorizeAssertion,
  AuthorizeNvAssertion,
  OrAssertion,
  PolicyAssertion,
  PolicyTree,
  SecretAssertion,
  SignedAssertion,
} from "./assertions.js";
import { bytesEqual, toHex } from "./bytes.js";
import { applyAssertion, applyAssertions, initialPolicyDigest, policyDigest } from "./policy-digest.js";
import { PolicyError } from "./policy-error.js";

/** One TPM command of a policy: its code and its input (handles and parameters by schema name). */
export interface PolicyCommand {
  readonly commandCode: number;
  readonly input: Record<string, unknown>;
  /** Authorization sessions for a command with an authorized handle (PolicySecret, PolicyNV, PolicyAuthorizeNV). */
  readonly sessions?: readonly unknown[];
}

/** Sends one command and resolves to its output (`(cc, input, opts) => tss.execute(cc, input, opts)`). */
export type PolicyExecute = (
  commandCode: number,
  input: Record<string, unknown>,
  options: { sessions?: readonly unknown[] },
) => Promise<unknown>;

/** A PolicySigned authorization made by the caller's signer. */
export interface SignedAuthorization {
  /** The TPMT_SIGNATURE over policySignedDigest(). */
  readonly auth: unknown;
  readonly nonceTPM?: Uint8Array;
  readonly cpHashA?: Uint8Array;
  readonly expiration?: number;
}

/** A ticket (from an earlier PolicySigned/PolicySecret) to send as PolicyTicket. */
export interface PolicyTicketInput {
  readonly timeout: Uint8Array;
  readonly cpHashA?: Uint8Array;
  /** A TPMT_TK_AUTH: { tag, hierarchy, digest }. */
  readonly ticket: { readonly tag: number; readonly hierarchy: number; readonly digest: Uint8Array };
}

/** What the satisfier needs from the caller beyond the tree. */
export interface SatisfyOptions {
  /** The policy session's handle. */
  readonly policySession: number;
  /** Sends a command; omitted, the commands are only planned (see policyCommands). */
  readonly execute?: PolicyExecute;
  /** Which branch of a PolicyOR to take (default 0, the first). */
  chooseBranch?(or: OrAssertion): number | Promise<number>;
  /** A PolicySigned step's signature (required for each such step unless `ticket` gives one). */
  sign?(step: SignedAssertion): SignedAuthorization | Promise<SignedAuthorization>;
  /** A ticket to send as PolicyTicket instead of PolicySigned/PolicySecret. */
  ticket?(step: SignedAssertion | SecretAssertion): PolicyTicketInput | undefined;
  /** Sessions authorizing `handle` for PolicySecret, PolicyNV and PolicyAuthorizeNV (default: none given). */
  sessionsFor?(step: PolicyAssertion, handle: number): readonly unknown[] | undefined;
  /**
   * PolicyAuthorize/PolicyAuthorizeNV: the approved policy to satisfy first, and for
   * PolicyAuthorize the TPMT_TK_VERIFIED from VerifySignature over
   * policyApprovalDigest(approvedPolicy, policyRef).
   */
  approved?(step: AuthorizeAssertion | AuthorizeNvAssertion): Promise<{ policy: PolicyTree; checkTicket?: unknown }>;
}

const none = new Uint8Array(0);

/** The handle of a permanent entity from its Name (a 4-octet Name is the handle). */
function handleOfName(name: Uint8Array): number | undefined {
  return name.length === 4 ? ((name[0]! << 24) | (name[1]! << 16) | (name[2]! << 8) | name[3]!) >>> 0 : undefined;
}

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new PolicyError("UNSATISFIABLE", what);
  return value;
}

/**
 * Sends the commands that satisfy `tree` in `options.policySession` (a fresh
 * session with the tree's hash) and resolves to the digest the TPM should now
 * hold. Throws PolicyError("UNSATISFIABLE") when a step lacks what it needs
 * (a signature, a handle, an approved policy); TPM errors propagate.
 */
export function satisfyPolicy(crypto: Crypto, tree: PolicyTree, options: SatisfyOptions): Promise<Uint8Array> {
  return walkPolicy(crypto, tree, options, []);
}

/**
 * The commands that would satisfy `tree`, without sending them (hooks are
 * still asked for signatures, tickets and approved policies).
 */
export async function policyCommands(
  crypto: Crypto,
  tree: PolicyTree,
  options: Omit<SatisfyOptions, "execute">,
): Promise<PolicyCommand[]> {
  const sent: PolicyCommand[] = [];
  await walkPolicy(crypto, tree, { ...options, execute: undefined }, sent);
  return sent;
}

async function walkPolicy(
  crypto: Crypto,
  tree: PolicyTree,
  options: SatisfyOptions,
  sent: PolicyCommand[],
): Promise<Uint8Array> {
  const session = options.policySession;
  const send = async (cmd: PolicyCommand) => {
    sent.push(cmd);
    if (options.execute)
      await options.execute(cmd.commandCode, cmd.input, cmd.sessions ? { sessions: cmd.sessions } : {});
  };
  const sessionsOf = (step: PolicyAssertion, handle: number) => {
    const s = options.sessionsFor?.(step, handle);
    return s ? { sessions: s } : {};
  };

  const run = async (digest: Uint8Array, steps: readonly PolicyAssertion[]): Promise<Uint8Array> => {
    let d = digest;
    for (const a of steps) d = await step(d, a);
    return d;
  };

  const step = async (digest: Uint8Array, a: PolicyAssertion): Promise<Uint8Array> => {
    const s = { policySession: session };
    switch (a.type) {
      case "signed":
      case "secret": {
        const policyRef = a.policyRef ?? none;
        const t = options.ticket?.(a);
        if (t) {
          const tag = a.type === "signed" ? TPM_ST.AUTH_SIGNED : TPM_ST.AUTH_SECRET;
          if (t.ticket.tag !== tag)
            throw new PolicyError(
              "UNSATISFIABLE",
              `a ticket of tag 0x${t.ticket.tag.toString(16)} for a ${a.type} step`,
            );
          await send({
            commandCode: TPM_CC.PolicyTicket,
            input: {
              ...s,
              timeout: t.timeout,
              cpHashA: t.cpHashA ?? none,
              policyRef,
              authName: a.authName,
              ticket: t.ticket,
            },
          });
        } else if (a.type === "signed") {
          const authObject = need(a.authObject, "PolicySigned needs the authObject handle of the signing key");
          const sig = await need(options.sign, "PolicySigned needs a sign() hook")(a);
          await send({
            commandCode: TPM_CC.PolicySigned,
            input: {
              authObject,
              ...s,
              nonceTPM: sig.nonceTPM ?? none,
              cpHashA: sig.cpHashA ?? none,
              policyRef,
              expiration: sig.expiration ?? 0,
              auth: sig.auth,
            },
          });
        } else {
          const authHandle = need(a.authHandle ?? handleOfName(a.authName), "PolicySecret needs the authHandle");
          await send({
            commandCode: TPM_CC.PolicySecret,
            input: { authHandle, ...s, nonceTPM: none, cpHashA: none, policyRef, expiration: 0 },
            ...sessionsOf(a, authHandle),
          });
        }
        break;
      }
      case "or": {
        const i = await (options.chooseBranch?.(a) ?? 0);
        const branch = a.branches[i];
        if (!branch) throw new PolicyError("UNSATISFIABLE", `PolicyOR has no branch ${i}`);
        const ends: Uint8Array[] = [];
        for (const b of a.branches) ends.push(await applyAssertions(crypto, tree.hashAlg, digest, b));
        await run(digest, branch);
        await send({ commandCode: TPM_CC.PolicyOR, input: { ...s, pHashList: ends } });
        break;
      }
      case "pcr":
        await send({ commandCode: TPM_CC.PolicyPCR, input: { ...s, pcrDigest: a.pcrDigest, pcrs: a.pcrs } });
        break;
      case "locality":
        await send({ commandCode: TPM_CC.PolicyLocality, input: { ...s, locality: a.locality } });
        break;
      case "nv": {
        const nvIndex = need(a.nvIndex, "PolicyNV needs the nvIndex handle");
        const authHandle = a.authHandle ?? nvIndex;
        await send({
          commandCode: TPM_CC.PolicyNV,
          input: { authHandle, nvIndex, ...s, operandB: a.operandB, offset: a.offset, operation: a.operation },
          ...sessionsOf(a, authHandle),
        });
        break;
      }
      case "counterTimer":
        await send({
          commandCode: TPM_CC.PolicyCounterTimer,
          input: { ...s, operandB: a.operandB, offset: a.offset, operation: a.operation },
        });
        break;
      case "commandCode":
        await send({ commandCode: TPM_CC.PolicyCommandCode, input: { ...s, code: a.code } });
        break;
      case "physicalPresence":
        await send({ commandCode: TPM_CC.PolicyPhysicalPresence, input: s });
        break;
      case "cpHash":
        await send({ commandCode: TPM_CC.PolicyCpHash, input: { ...s, cpHashA: a.cpHash } });
        break;
      case "nameHash":
        await send({ commandCode: TPM_CC.PolicyNameHash, input: { ...s, nameHash: a.nameHash } });
        break;
      case "duplicationSelect":
        await send({
          commandCode: TPM_CC.PolicyDuplicationSelect,
          input: { ...s, objectName: a.objectName, newParentName: a.newParentName, includeObject: a.includeObject },
        });
        break;
      case "authorize":
      case "authorizeNV": {
        if (sent.length > 0)
          throw new PolicyError(
            "UNSATISFIABLE",
            `Policy${a.type === "authorize" ? "Authorize" : "AuthorizeNV"} must start the session's policy`,
          );
        const approved = await need(options.approved, `a ${a.type} step needs an approved() hook`)(a);
        if (approved.policy.hashAlg !== tree.hashAlg)
          throw new PolicyError("UNSATISFIABLE", "the approved policy uses another hash algorithm");
        await run(initialPolicyDigest(tree.hashAlg), approved.policy.steps);
        if (a.type === "authorize") {
          await send({
            commandCode: TPM_CC.PolicyAuthorize,
            input: {
              ...s,
              approvedPolicy: await policyDigest(crypto, approved.policy),
              policyRef: a.policyRef ?? none,
              keySign: a.keySignName,
              checkTicket: need(approved.checkTicket, "PolicyAuthorize needs the checkTicket of the approval"),
            },
          });
        } else {
          const nvIndex = need(a.nvIndex, "PolicyAuthorizeNV needs the nvIndex handle");
          const authHandle = a.authHandle ?? nvIndex;
          await send({
            commandCode: TPM_CC.PolicyAuthorizeNV,
            input: { authHandle, nvIndex, ...s },
            ...sessionsOf(a, authHandle),
          });
        }
        break;
      }
      case "authValue":
        await send({ commandCode: TPM_CC.PolicyAuthValue, input: s });
        break;
      case "password":
        await send({ commandCode: TPM_CC.PolicyPassword, input: s });
        break;
      case "nvWritten":
        await send({ commandCode: TPM_CC.PolicyNvWritten, input: { ...s, writtenSet: a.writtenSet } });
        break;
      case "template":
        await send({ commandCode: TPM_CC.PolicyTemplate, input: { ...s, templateHash: a.templateHash } });
        break;
      case "capability":
        await send({
          commandCode: TPM_CC.PolicyCapability,
          input: {
            ...s,
            operandB: a.operandB,
            offset: a.offset,
            operation: a.operation,
            capability: a.capability,
            property: a.property,
          },
        });
        break;
      case "parameters":
        await send({ commandCode: TPM_CC.PolicyParameters, input: { ...s, pHash: a.pHash } });
        break;
    }
    return applyAssertion(crypto, tree.hashAlg, digest, a);
  };

  return run(initialPolicyDigest(tree.hashAlg), tree.steps);
}

/**
 * Checks a session's digest (from PolicyGetDigest) against the expected one;
 * PolicyError("UNSATISFIABLE") naming both when they differ.
 */
export function checkPolicyDigest(expected: Uint8Array, actual: Uint8Array): void {
  if (!bytesEqual(expected, actual))
    throw new PolicyError(
      "UNSATISFIABLE",
      `the session's policy digest ${toHex(actual)} is not the policy's ${toHex(expected)}`,
    );
}
