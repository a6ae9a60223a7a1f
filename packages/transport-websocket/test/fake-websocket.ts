/** A scripted stand-in for a WebSocket: each test says what the "proxy" does with a frame. */
import type { WebSocketLike } from "../src/index.js";

/** What the fake proxy does on open and with each frame. */
export interface FakeScript {
  /** Accept the connection with this subprotocol (default tss.tpm.v1); "refuse" fails the open (1006). */
  open?: string | "refuse" | "never";
  /** Called with each frame the client sends. */
  onFrame?: (socket: FakeWebSocket, frame: Uint8Array) => void;
}

/** Every socket made, in order. */
export const sockets: FakeWebSocket[] = [];

let script: FakeScript = {};

/** Sets the script for the sockets made from now on. */
export function setScript(s: FakeScript): void {
  script = s;
}

/** A fake WebSocket: opens on the next tick, hands frames to the script. */
export class FakeWebSocket implements WebSocketLike {
  binaryType = "blob";
  protocol = "";
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { readonly data: unknown }) => void) | null = null;
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly frames: Uint8Array[] = [];
  closedWith: { code?: number; reason?: string } | undefined;
  private readonly script = script;

  constructor(
    readonly url: string,
    readonly protocols?: string | string[],
  ) {
    sockets.push(this);
    setTimeout(() => {
      if (this.script.open === "never") return;
      if (this.script.open === "refuse") {
        this.readyState = 3;
        this.onerror?.({});
        this.onclose?.({ code: 1006, reason: "" });
        return;
      }
      this.readyState = 1;
      this.protocol = this.script.open ?? "tss.tpm.v1";
      this.onopen?.({});
    }, 1);
  }

  send(data: Uint8Array): void {
    if (this.readyState !== 1) throw new Error("not open");
    this.frames.push(new Uint8Array(data));
    this.script.onFrame?.(this, new Uint8Array(data));
  }

  /** The "proxy" answers with `data` (an ArrayBuffer, as binaryType arraybuffer gives). */
  reply(data: Uint8Array | string): void {
    setTimeout(() => this.onmessage?.({ data: typeof data === "string" ? data : data.slice().buffer }), 1);
  }

  /** The "proxy" closes the connection. */
  serverClose(code: number, reason: string): void {
    setTimeout(() => {
      if (this.readyState === 3) return;
      this.readyState = 3;
      this.onclose?.({ code, reason });
    }, 1);
  }

  close(code?: number, reason?: string): void {
    if (this.readyState === 3) return;
    this.closedWith = { code, reason };
    this.readyState = 3;
    setTimeout(() => this.onclose?.({ code: code ?? 1005, reason: reason ?? "" }), 1);
  }
}
