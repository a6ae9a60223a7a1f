// A command with password sessions only, that creates no handle and changes no
// Name or session, is sent on the plain path (one promise chain, no async frames);
// given an abort signal, the same command goes through the full pipeline. The two
// must not differ in anything a caller can see: the bytes sent, the output, and
// every error. Each case runs the command both ways over a scripted transport.
import { TPM_RC, TPM_RH, TPM_RS, TpmError, type Transport, TssError } from "@tss/marshal";
import { createTss, type Tss } from "@tss/tss";
import { describe, expect, it } from "vitest";

/** A transport that records every command and answers from a script (the last answer repeats). */
function scripted(answers: (Uint8Array | Error)[]): Transport & { sent: Uint8Array[] } {
  const sent: Uint8Array[] = [];
  return {
    sent,
    async send(command) {
      const answer = answers[Math.min(sent.length, answers.length - 1)]!;
      sent.push(command.slice());
      if (answer instanceof Error) throw answer;
      return answer.slice();
    },
    async close() {},
  };
}

/** A response: tag, size and code, then `body`. */
function response(tag: number, rc: number, body: number[] = []): Uint8Array {
  const size = 10 + body.length;
  return Uint8Array.of(tag >> 8, tag & 0xff, 0, 0, size >> 8, size & 0xff, 0, 0, rc >> 8, rc & 0xff, ...body);
}

const NO_SESSIONS = 0x8001;
const SESSIONS = 0x8002;
/** GetRandom's answer: randomBytes 0xab 0xcd. */
const RANDOM = response(NO_SESSIONS, 0, [0, 2, 0xab, 0xcd]);
/** NV_Read's answer with one password session: parameterSize, data 0x11 0x22, then an empty TPMS_AUTH_RESPONSE. */
const NV_DATA = response(SESSIONS, 0, [0, 0, 0, 4, 0, 2, 0x11, 0x22, 0, 0, 0x01, 0, 0]);
const NV_INDEX = 0x01800001;

type Run = (tss: Tss) => Promise<unknown>;

/** What one run gave: its value or its error, and the commands sent. */
interface Outcome {
  value?: unknown;
  error?: unknown;
  sent: Uint8Array[];
}

/** Runs `run` on a fresh context over `answers`, once as given and once with an abort signal (the full pipeline). */
async function bothWays(
  answers: (Uint8Array | Error)[],
  run: (tss: Tss, signal?: AbortSignal) => Promise<unknown>,
): Promise<{ plain: Outcome; full: Outcome }> {
  const outcomes: Outcome[] = [];
  for (const signal of [undefined, new AbortController().signal]) {
    const transport = scripted(answers);
    const tss = createTss({ transport });
    const outcome = await run(tss, signal).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    outcomes.push({ ...outcome, sent: transport.sent });
    await tss.close();
  }
  return { plain: outcomes[0]!, full: outcomes[1]! };
}

/** The parts of an error a caller sees. */
function seen(error: unknown) {
  if (error instanceof TpmError) return { class: "TpmError", responseCode: error.responseCode, message: error.message };
  if (error instanceof TssError) return { class: "TssError", code: error.code, message: error.message };
  return { class: "other", error };
}

const getRandom = (tss: Tss, signal?: AbortSignal) => tss.getRandom({ bytesRequested: 2 }, { signal });
const nvRead = (tss: Tss, signal?: AbortSignal) =>
  tss.nvRead(
    { authHandle: NV_INDEX, nvIndex: NV_INDEX, size: 2, offset: 0 },
    { sessions: [{ handle: TPM_RS.PW, password: "nv password" }], signal },
  );

describe("the plain path and the full pipeline", () => {
  it("send the same bytes and give the same output (no session; a password session)", async () => {
    for (const [answer, run] of [
      [RANDOM, getRandom],
      [NV_DATA, nvRead],
    ] as const) {
      const { plain, full } = await bothWays([answer], run);
      expect(plain.error).toBeUndefined();
      expect(plain.value).toEqual(full.value);
      expect(plain.sent).toEqual(full.sent);
      expect(plain.sent).toHaveLength(1);
    }
    const { plain } = await bothWays([NV_DATA], nvRead);
    expect((plain.value as { data: Uint8Array }).data).toEqual(Uint8Array.of(0x11, 0x22));
  });

  it("give the same TpmError for a response code", async () => {
    const { plain, full } = await bothWays([response(NO_SESSIONS, TPM_RC.HANDLE | 0x100)], nvRead);
    expect(plain.error).toBeInstanceOf(TpmError);
    expect(seen(plain.error)).toEqual(seen(full.error));
  });

  it("retry TPM_RC_RETRY alike", async () => {
    const retry = response(NO_SESSIONS, TPM_RC.RETRY);
    const { plain, full } = await bothWays([retry, retry, RANDOM], getRandom);
    expect(plain.value).toEqual(full.value);
    expect(plain.sent).toHaveLength(3);
    expect(full.sent).toHaveLength(3);
  });

  it("give the same MALFORMED_RESPONSE for a response that does not parse", async () => {
    // randomBytes says 9 octets, 2 follow.
    const { plain, full } = await bothWays([response(NO_SESSIONS, 0, [0, 9, 0xab, 0xcd])], getRandom);
    expect(seen(plain.error)).toMatchObject({ class: "TssError", code: "MALFORMED_RESPONSE" });
    expect(seen(plain.error)).toEqual(seen(full.error));
  });

  it("pass the transport's error on alike, and the next command works", async () => {
    const lost = new TssError("BAD_CONNECTION", "connection closed by the peer");
    const { plain, full } = await bothWays([lost, RANDOM], async (tss, signal) => {
      const first = await getRandom(tss, signal).catch((e: unknown) => e);
      return { first: seen(first), second: await getRandom(tss, signal) };
    });
    expect(plain.value).toEqual(full.value);
    expect((plain.value as { first: unknown }).first).toMatchObject({ code: "BAD_CONNECTION" });
    expect(plain.sent).toEqual(full.sent);
  });

  it("refuse bad input alike, sending nothing", async () => {
    const cases: Run[] = [
      // Not a UINT16.
      (tss) => tss.getRandom({ bytesRequested: 0x10000 }),
      // NV_Read authorizes one handle: one session at least.
      (tss) => tss.nvRead({ authHandle: NV_INDEX, nvIndex: NV_INDEX, size: 2, offset: 0 }, { sessions: [] }),
      // Longer than the TPM takes (maxCommandSize 4096).
      (tss) => tss.stirRandom({ inData: new Uint8Array(4100) }),
      // A handle of the wrong kind.
      (tss) => tss.nvRead({ authHandle: TPM_RH.OWNER, nvIndex: "x" as never, size: 2, offset: 0 }),
    ];
    for (const run of cases) {
      const { plain, full } = await bothWays([RANDOM], (tss, signal) =>
        signal ? run(withSignal(tss, signal)) : run(tss),
      );
      expect(seen(plain.error)).toMatchObject({ class: "TssError", code: "BAD_PARAMETER" });
      expect(seen(plain.error)).toEqual(seen(full.error));
      expect(plain.sent).toHaveLength(0);
      expect(full.sent).toHaveLength(0);
    }
  });
});

describe("the plain path in the queue", () => {
  it("commands queued behind plain commands that fail each way still run, in order, and none waits forever", async () => {
    const lost = new TssError("BAD_CONNECTION", "connection closed by the peer");
    const answers = [
      RANDOM,
      lost,
      RANDOM,
      response(NO_SESSIONS, 0, [0, 9, 0xab]), // malformed
      response(NO_SESSIONS, TPM_RC.HANDLE | 0x100), // a TPM error
      RANDOM,
      RANDOM, // the full pipeline's (a signal)
      RANDOM,
    ];
    const transport = scripted(answers);
    // A throw in place of a rejection, once, for the call after the TPM error.
    const send = transport.send.bind(transport);
    let calls = 0;
    transport.send = (command) => {
      if (++calls === 6) throw new TssError("BAD_CONNECTION", "thrown at once");
      return send(command);
    };
    const tss = createTss({ transport });
    // All made at once, none awaited before the last is queued.
    const outcomes = await Promise.allSettled([
      getRandom(tss),
      getRandom(tss),
      getRandom(tss),
      getRandom(tss),
      nvRead(tss),
      getRandom(tss),
      getRandom(tss, new AbortController().signal),
      getRandom(tss),
      nvRead(tss, undefined).catch((e: unknown) => e),
    ]);
    const seenOf = (o: PromiseSettledResult<unknown>) =>
      o.status === "fulfilled" ? "ok" : ((seen(o.reason) as { code?: string; class: string }).code ?? o.reason.name);
    expect(outcomes.slice(0, 8).map(seenOf)).toEqual([
      "ok",
      "BAD_CONNECTION",
      "ok",
      "MALFORMED_RESPONSE",
      "TpmError",
      "BAD_CONNECTION",
      "ok",
      "ok",
    ]);
    // Sent in the order called: the thrown send never reached the script.
    const codes = transport.sent.map((c) => (c[6]! << 24) | (c[7]! << 16) | (c[8]! << 8) | c[9]!);
    expect(codes).toEqual([0x17b, 0x17b, 0x17b, 0x17b, 0x14e, 0x17b, 0x17b, 0x14e]);
    await tss.close();
  });
});

/** `tss` with `signal` added to the options of every typed call (the full pipeline). */
function withSignal(tss: Tss, signal: AbortSignal): Tss {
  return new Proxy(tss, {
    get(target, key) {
      const v = Reflect.get(target, key);
      if (typeof v !== "function") return v;
      return (input: unknown, options: object = {}) => v.call(target, input, { ...options, signal });
    },
  });
}
