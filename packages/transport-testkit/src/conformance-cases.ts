/**
 * The transport conformance cases: each is a named async function that throws
 * on failure, so any test framework (or none) can run them.
 *
 * The contract they check (docs/writing-a-transport.md):
 * - send() resolves with exactly one whole response: its header size equals its
 *   length, whatever the TPM answered (an error code is a response, not a rejection).
 * - Framing survives many commands of varying sizes, and responses larger than
 *   one read of the underlying channel.
 * - A malformed command (shorter than its 10-byte header, or a header size that is
 *   not its length) is rejected with TssError BAD_PARAMETER before anything is sent.
 * - Send options that are not valid (options that are not an object, a signal
 *   that is not an AbortSignal, a locality that is not 0..4 or 32..255) are
 *   rejected with TssError BAD_PARAMETER, as a rejected promise, before anything
 *   is sent (`checkSendOptions` in @tss/marshal); the transport still works.
 * - close() ends the connection; a later send() reopens it; close() twice is fine.
 * - Overlapping send() calls never interleave: each either resolves with its own
 *   response or rejects with a TssError; afterwards the transport works.
 *   (@tss/tss queues calls itself; our transports queue too.)
 * - An AbortSignal already aborted rejects with TssError ABORTED without sending;
 *   aborting a send in flight settles it promptly (its response, or ABORTED),
 *   and the next send works.
 *
 * The cases that create objects (CreatePrimary) flush every transient object and
 * loaded session that appeared while they ran, including one an aborted send
 * created without its response arriving, so a TPM with three object slots
 * (swtpm) passes any number of runs.
 */
import { describeRc, type SendOptions, type Transport, TssError } from "@tss/marshal";
import {
  contextSave,
  createPrimaryRsaStorage,
  firstResponseHandle,
  flushContext,
  getCapabilityInvalid,
  getFamilyIndicator,
  getHandles,
  getRandom,
  handlesInResponse,
  LOADED_SESSION_FIRST,
  responseCode,
  startupClear,
  TPM_RC_COMMAND_CODE,
  TPM_RC_INITIALIZE,
  TRANSIENT_FIRST,
  unknownCommand,
} from "./test-commands.js";

/** How the kit reaches the transport under test. */
export interface ConformanceOptions {
  /**
   * Makes a new transport to a TPM (one case at a time; each case closes its
   * transport before the next opens, so a one-connection simulator is fine).
   */
  open(): Promise<Transport> | Transport;
  /** Longest a case waits for any one send before calling it a hang (ms). Default 15000. */
  readonly hangAfterMs?: number;
  /**
   * Names of cases to leave out: runTransportConformance lists them under
   * `skipped`, describeTransportConformance marks them skipped. A name that is
   * not a case is a ConformanceError (a typo would otherwise skip nothing).
   */
  readonly skip?: readonly string[];
}

/** One named conformance check. */
export interface ConformanceCase {
  readonly name: string;
  /** Runs the check; rejects with a description of the failure. */
  run(): Promise<void>;
}

/** A failed conformance expectation. */
export class ConformanceError extends Error {
  override readonly name = "ConformanceError";
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConformanceError(message);
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** A response code by its name and number: "TPM_RC_OBJECT_MEMORY (0x902)". */
export function responseCodeText(rc: number): string {
  return `${describeRc(rc).name} (${hex(rc)})`;
}

/** Checks one whole response: a 10-byte header at least, header size equal to length. */
export function checkWholeResponse(response: unknown, what: string): Uint8Array {
  check(response instanceof Uint8Array, `${what}: send() must resolve with a Uint8Array`);
  check(response.length >= 10, `${what}: response of ${response.length} bytes is shorter than a header`);
  const v = new DataView(response.buffer, response.byteOffset, response.byteLength);
  const tag = v.getUint16(0);
  check(tag === 0x8001 || tag === 0x8002 || tag === 0x00c4, `${what}: response tag ${hex(tag)}`);
  check(v.getUint32(2) === response.length, `${what}: header says ${v.getUint32(2)} bytes, got ${response.length}`);
  return response;
}

async function withHangGuard<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ConformanceError(`${what}: no answer within ${ms} ms (hang)`)), ms);
  });
  try {
    return await Promise.race([promise, hang]);
  } finally {
    clearTimeout(timer);
  }
}

async function expectTssError(promise: Promise<unknown>, codes: readonly string[], what: string): Promise<TssError> {
  let result: unknown;
  try {
    result = await promise;
  } catch (e) {
    check(e instanceof TssError, `${what}: rejected with ${String(e)}, not a TssError`);
    check(codes.includes(e.code), `${what}: TssError code ${e.code}, expected ${codes.join(" or ")}`);
    return e;
  }
  throw new ConformanceError(`${what}: resolved (${String(result)}), expected a TssError ${codes.join(" or ")}`);
}

/** Calls `send`, turning a synchronous throw into a conformance failure (send must return a promise). */
function callSend(send: () => Promise<Uint8Array>, what: string): Promise<Uint8Array> {
  try {
    return send();
  } catch (e) {
    return Promise.reject(
      new ConformanceError(`${what}: send() threw synchronously (${String(e)}); it must return a rejected promise`),
    );
  }
}

/**
 * Send options a transport must refuse with BAD_PARAMETER. A signal that only
 * looks like one ({ aborted: false }) is the dangerous one: a transport that
 * calls its addEventListener inside an I/O callback throws where nothing
 * catches it, and the process ends.
 */
const INVALID_SEND_OPTIONS: readonly { readonly what: string; readonly options: unknown }[] = [
  { what: "signal { aborted: false }", options: { signal: { aborted: false } } },
  { what: 'signal "x"', options: { signal: "x" } },
  { what: "signal null", options: { signal: null } },
  { what: "locality 7", options: { locality: 7 } },
  { what: 'locality "0"', options: { locality: "0" } },
  { what: "locality -1", options: { locality: -1 } },
  { what: "locality 1.5", options: { locality: 1.5 } },
  { what: "locality 256", options: { locality: 256 } },
  { what: "options null", options: null },
];

type Send = (c: Uint8Array, o?: SendOptions) => Promise<Uint8Array>;

/** The transient objects and loaded sessions in the TPM. */
async function loadedHandles(send: Send): Promise<Set<number>> {
  const found = new Set<number>();
  for (const first of [TRANSIENT_FIRST, LOADED_SESSION_FIRST]) {
    const r = await send(getHandles(first));
    check(responseCode(r) === 0, `GetCapability(handles) answered ${responseCodeText(responseCode(r))}`);
    for (const h of handlesInResponse(r, first)) found.add(h);
  }
  return found;
}

/** Flushes what is loaded now and was not in `before`; the handles it could not flush, with why. */
async function flushNew(send: Send, before: ReadonlySet<number>): Promise<string[]> {
  const left: string[] = [];
  for (const h of await loadedHandles(send)) {
    if (before.has(h)) continue;
    const rc = responseCode(await send(flushContext(h)));
    if (rc !== 0) left.push(`${hex(h)}: ${responseCodeText(rc)}`);
  }
  return left;
}

/** Every conformance case, skipped or not. */
function allConformanceCases(options: ConformanceOptions): ConformanceCase[] {
  const hangAfterMs = options.hangAfterMs ?? 15_000;

  /**
   * Runs `body` with a fresh transport whose every send is bounded by the hang
   * guard. With `cleanup`, lists the loaded objects and sessions first and
   * flushes the new ones afterwards, even when the body failed.
   */
  const withTransport = async (body: (t: Transport, send: Send) => Promise<void>, cleanup = false) => {
    const transport = await options.open();
    const guarded: Transport = {
      send: (command, o) => withHangGuard(transport.send(command, o), hangAfterMs, "send"),
      close: () => withHangGuard(transport.close(), hangAfterMs, "close"),
    };
    const send = async (command: Uint8Array, o?: SendOptions) =>
      checkWholeResponse(await guarded.send(command, o), "send");
    try {
      const before = cleanup ? await loadedHandles(send) : undefined;
      let failure: { error: unknown } | undefined;
      try {
        await body(guarded, send);
      } catch (error) {
        failure = { error };
      }
      if (before) {
        try {
          const left = await flushNew(send, before);
          check(left.length === 0, `could not flush what the case created: ${left.join(", ")}`);
        } catch (e) {
          if (!failure) throw e; // else the body's own failure says more
        }
      }
      if (failure) throw failure.error;
    } finally {
      await guarded.close();
    }
  };

  const okRandom = async (send: (c: Uint8Array) => Promise<Uint8Array>, n: number, what: string) => {
    const r = await send(getRandom(n));
    check(responseCode(r) === 0, `${what}: GetRandom(${n}) answered ${responseCodeText(responseCode(r))}`);
    check(r.length === 12 + n, `${what}: GetRandom(${n}) response of ${r.length} bytes, expected ${12 + n}`);
    return r.subarray(12);
  };

  const cases: ConformanceCase[] = [
    {
      name: "Startup(CLEAR) is answered (success, or TPM_RC_INITIALIZE when already started)",
      run: () =>
        withTransport(async (_t, send) => {
          const rc = responseCode(await send(startupClear()));
          check(rc === 0 || rc === TPM_RC_INITIALIZE, `Startup answered ${responseCodeText(rc)}`);
        }),
    },
    {
      name: "GetRandom returns the bytes requested, different each time",
      run: () =>
        withTransport(async (_t, send) => {
          const a = await okRandom(send, 16, "first");
          const b = await okRandom(send, 16, "second");
          check(
            a.some((x, i) => x !== b[i]),
            "two GetRandom(16) answers are equal",
          );
        }),
    },
    {
      name: 'GetCapability reads the TPM family indicator "2.0"',
      run: () =>
        withTransport(async (_t, send) => {
          const r = await send(getFamilyIndicator());
          check(responseCode(r) === 0, `GetCapability answered ${responseCodeText(responseCode(r))}`);
          // moreData(1) capability(4) count(4) property(4) value(4)
          const v = new DataView(r.buffer, r.byteOffset, r.byteLength);
          check(r.length === 27, `GetCapability response of ${r.length} bytes, expected 27`);
          check(v.getUint32(19) === 0x100 && v.getUint32(23) === 0x322e3000, 'family indicator is not "2.0"');
        }),
    },
    {
      name: "framing: 48 commands back to back, each response its own size",
      run: () =>
        withTransport(async (_t, send) => {
          for (let i = 0; i < 48; i++) await okRandom(send, 1 + (i % 32), `command ${i}`);
        }),
    },
    {
      name: "a response larger than 1 KiB arrives whole (ContextSave of an RSA key)",
      run: () =>
        withTransport(async (_t, send) => {
          const created = await send(createPrimaryRsaStorage());
          check(responseCode(created) === 0, `CreatePrimary answered ${responseCodeText(responseCode(created))}`);
          const handle = firstResponseHandle(created);
          try {
            const saved = await send(contextSave(handle));
            check(responseCode(saved) === 0, `ContextSave answered ${responseCodeText(responseCode(saved))}`);
            check(saved.length > 1024, `ContextSave response is only ${saved.length} bytes`);
          } finally {
            await send(flushContext(handle));
          }
        }, true),
    },
    {
      name: "TPM error responses pass through as bytes (not rejections)",
      run: () =>
        withTransport(async (_t, send) => {
          const a = await send(unknownCommand());
          check(
            responseCode(a) === TPM_RC_COMMAND_CODE,
            `unknown command answered ${responseCodeText(responseCode(a))}`,
          );
          check(a.length === 10, `error response of ${a.length} bytes`);
          const b = await send(getCapabilityInvalid());
          check(
            responseCode(b) !== 0 && b.length === 10,
            `invalid capability answered ${responseCodeText(responseCode(b))}`,
          );
          await okRandom(send, 8, "after errors");
        }),
    },
    {
      name: "a malformed command is rejected with BAD_PARAMETER and the transport still works",
      run: () =>
        withTransport(async (t, send) => {
          await expectTssError(t.send(new Uint8Array([0x80, 0x01, 0, 0])), ["BAD_PARAMETER"], "4-byte command");
          const lying = getRandom(4);
          new DataView(lying.buffer, lying.byteOffset).setUint32(2, lying.length + 20);
          await expectTssError(t.send(lying), ["BAD_PARAMETER"], "header size larger than the command");
          await okRandom(send, 4, "after malformed commands");
        }),
    },
    {
      name: "send options that are not valid (a signal that is not an AbortSignal, a bad locality) are rejected with BAD_PARAMETER, and the transport still works",
      run: () =>
        withTransport(async (t, send) => {
          for (const { what, options: bad } of INVALID_SEND_OPTIONS) {
            await expectTssError(
              callSend(() => t.send(getRandom(8), bad as SendOptions), what),
              ["BAD_PARAMETER"],
              what,
            );
          }
          await okRandom(send, 8, "after options that are not valid");
          const r = await send(getRandom(8), { signal: new AbortController().signal, locality: 0 });
          check(
            responseCode(r) === 0,
            `GetRandom with a real AbortSignal and locality 0 answered ${responseCodeText(responseCode(r))}`,
          );
        }),
    },
    {
      name: "close() then send() reopens; close() twice is harmless",
      run: () =>
        withTransport(async (t, send) => {
          await okRandom(send, 8, "before close");
          await t.close();
          await okRandom(send, 8, "after close");
          await t.close();
          await t.close();
          await okRandom(send, 8, "after a double close");
        }),
    },
    {
      name: "overlapping sends never interleave (each gets its own response or a TssError)",
      run: () =>
        withTransport(async (_t, send) => {
          const sizes = [1, 9, 17, 25, 32, 3, 11, 19];
          const settled = await Promise.allSettled(sizes.map((n) => send(getRandom(n))));
          let answered = 0;
          settled.forEach((s, i) => {
            if (s.status === "fulfilled") {
              check(
                responseCode(s.value) === 0,
                `overlapping send ${i} answered ${responseCodeText(responseCode(s.value))}`,
              );
              check(s.value.length === 12 + sizes[i]!, `overlapping send ${i} got a response for another command`);
              answered++;
            } else {
              check(s.reason instanceof TssError, `overlapping send ${i} rejected with ${String(s.reason)}`);
            }
          });
          check(answered >= 1, "every overlapping send was rejected");
          await okRandom(send, 5, "after the overlap");
        }),
    },
    {
      name: "an AbortSignal aborted before send rejects with ABORTED and sends nothing",
      run: () =>
        withTransport(async (t, send) => {
          const c = new AbortController();
          c.abort();
          await expectTssError(t.send(getRandom(8), { signal: c.signal }), ["ABORTED"], "pre-aborted send");
          await okRandom(send, 8, "after a pre-aborted send");
        }),
    },
    {
      name: "aborting a send in flight settles it promptly, and the next send works",
      run: () =>
        withTransport(async (t, send) => {
          for (let i = 0; i < 3; i++) {
            const c = new AbortController();
            const p = t.send(createPrimaryRsaStorage(), { signal: c.signal });
            c.abort();
            try {
              const r = checkWholeResponse(await p, "aborted send");
              if (responseCode(r) === 0) await send(flushContext(firstResponseHandle(r)));
            } catch (e) {
              check(e instanceof TssError && e.code === "ABORTED", `aborted send rejected with ${String(e)}`);
            }
            await okRandom(send, 8, `after abort ${i}`);
          }
        }, true),
    },
  ];
  return cases;
}

/** The skip set of the options, checked: every name must be a case's. */
function skipSet(options: ConformanceOptions, cases: readonly ConformanceCase[]): Set<string> {
  const skip = new Set(options.skip ?? []);
  const unknown = [...skip].filter((n) => !cases.some((c) => c.name === n));
  if (unknown.length)
    throw new ConformanceError(`skip names no case: ${unknown.map((n) => JSON.stringify(n)).join(", ")}`);
  return skip;
}

/** The names of every conformance case, in the order they run (skipped or not). */
export function transportConformanceCaseNames(): string[] {
  return allConformanceCases({ open: () => Promise.reject(new Error("unused")) }).map((c) => c.name);
}

/** The conformance cases for the transport that `options.open` makes, less those in `options.skip`. */
export function transportConformanceCases(options: ConformanceOptions): ConformanceCase[] {
  const cases = allConformanceCases(options);
  const skip = skipSet(options, cases);
  return cases.filter((c) => !skip.has(c.name));
}

/** Outcome of {@link runTransportConformance}: every case is in exactly one list. */
export interface ConformanceReport {
  readonly passed: string[];
  readonly failed: { name: string; error: unknown }[];
  /** The cases that `options.skip` left out. */
  readonly skipped: string[];
}

/** Runs every case in order, without a test framework. */
export async function runTransportConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const report: ConformanceReport = { passed: [], failed: [], skipped: [] };
  const cases = allConformanceCases(options);
  const skip = skipSet(options, cases);
  for (const c of cases) {
    if (skip.has(c.name)) {
      report.skipped.push(c.name);
      continue;
    }
    try {
      await c.run();
      report.passed.push(c.name);
    } catch (error) {
      report.failed.push({ name: c.name, error });
    }
  }
  return report;
}
