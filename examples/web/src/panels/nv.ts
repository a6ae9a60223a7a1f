/**
 * The NV panel: the defined indexes with their attributes (NV_ReadPublic,
 * marshal's tpmaNvLines); define an index with a password, and write and read
 * it. The password travels only inside salted sessions with parameter
 * encryption: NV_DefineSpace's auth and NV_Write's data are encrypted command
 * parameters, NV_Read's data an encrypted response parameter.
 */
import { algIdName, TPM_ALG_ID, TPM_CAP, TPM_RH, TPMA_NV, tpmaNvLines } from "@tss/marshal";
import { readCapability } from "../capability.js";
import { byId, field, fillTable, onClick, setText } from "../dom.js";
import { hex32, toHex } from "../hex.js";
import { withSaltedSession } from "../salted-session.js";
import type { PageTpm } from "../tpm-connection.js";

const empty = new Uint8Array(0);

/** The attributes of an index the page defines: read and written with its password, no DA lockout. */
export const DEMO_NV_ATTRIBUTES = TPMA_NV.AUTHWRITE | TPMA_NV.AUTHREAD | TPMA_NV.NO_DA;

/** An NV index handle from the form ("0x01500020" or "01500020"); only the ordinary-index range. */
export function parseNvIndex(text: string): number {
  const t = text.trim().replace(/^0x/i, "");
  if (!/^[0-9a-f]{1,8}$/i.test(t)) throw new RangeError(`"${text}" is not a hexadecimal NV index`);
  const index = Number.parseInt(t, 16);
  if (index < 0x01000000 || index > 0x01ffffff) throw new RangeError(`${hex32(index)} is not an NV index (0x01xxxxxx)`);
  return index;
}

/** Lists every defined index with its size, name algorithm and attributes. */
export async function showNvIndexes(page: PageTpm): Promise<void> {
  const handles = (await readCapability(page, TPM_CAP.HANDLES, 0x01000000, 0x02000000)) as unknown as number[];
  const rows: string[][] = [];
  for (const nvIndex of handles) {
    const { nvPublic } = await page.tss.nvReadPublic({ nvIndex });
    const p = nvPublic.nvPublic;
    rows.push([
      hex32(nvIndex),
      String(p.dataSize),
      (algIdName(p.nameAlg) ?? String(p.nameAlg)).replace("TPM_ALG_", ""),
      tpmaNvLines(p.attributes, 0).join(" "),
    ]);
  }
  fillTable("nv-rows", rows);
  setText("nv-count", String(rows.length));
}

/** The data field's text as bytes, at most `max` of them. */
function dataOf(text: string, max: number): Uint8Array {
  const data = new TextEncoder().encode(text);
  if (data.length === 0) throw new RangeError("type some data to write");
  if (data.length > max) throw new RangeError(`the data is ${data.length} bytes, the index holds ${max}`);
  return data;
}

/** NV_DefineSpace under the owner, the new index's password an encrypted parameter. */
export async function defineIndex(page: PageTpm, nvIndex: number, size: number, password: string): Promise<void> {
  if (!Number.isInteger(size) || size < 1 || size > 2048) throw new RangeError("the size is 1 to 2048 bytes");
  await withSaltedSession(page, (use) =>
    page.tss.nvDefineSpace(
      {
        authHandle: TPM_RH.OWNER,
        auth: new TextEncoder().encode(password),
        publicInfo: {
          nvPublic: {
            nvIndex,
            nameAlg: TPM_ALG_ID.SHA256,
            attributes: DEMO_NV_ATTRIBUTES,
            authPolicy: empty,
            dataSize: size,
          },
        },
      },
      { sessions: [use("", { command: true })] },
    ),
  );
}

/** NV_Write at offset 0 with the index's password, the data an encrypted parameter. */
export async function writeIndex(page: PageTpm, nvIndex: number, password: string, text: string): Promise<void> {
  const { nvPublic } = await page.tss.nvReadPublic({ nvIndex });
  const data = dataOf(text, nvPublic.nvPublic.dataSize);
  await withSaltedSession(page, (use) =>
    page.tss.nvWrite(
      { authHandle: nvIndex, nvIndex, data, offset: 0 },
      { sessions: [use(password, { command: true })] },
    ),
  );
}

/** NV_Read of the whole index with its password, the data an encrypted response parameter. */
export async function readIndex(page: PageTpm, nvIndex: number, password: string): Promise<Uint8Array> {
  const { nvPublic } = await page.tss.nvReadPublic({ nvIndex });
  const size = nvPublic.nvPublic.dataSize;
  return withSaltedSession(page, async (use) => {
    const out = new Uint8Array(size);
    for (let offset = 0; offset < size; offset += 512) {
      const { data } = await page.tss.nvRead(
        { authHandle: nvIndex, nvIndex, size: Math.min(512, size - offset), offset },
        { sessions: [use(password, { response: true })] },
      );
      out.set(data, offset);
    }
    return out;
  });
}

/** The text before the first 0x00 or 0xFF (the unwritten tail) of NV data. */
function printable(data: Uint8Array): string {
  let end = data.findIndex((b) => b === 0 || b === 0xff);
  if (end < 0) end = data.length;
  return new TextDecoder("utf-8", { fatal: false }).decode(data.subarray(0, end));
}

/** Wires the panel: the list, the define form, and write/read/undefine of an index. */
export function setUpNv(page: PageTpm): void {
  const form = byId<HTMLFormElement>("nv-form");
  form.addEventListener("submit", (e) => e.preventDefault());
  const index = () => parseNvIndex(field(form, "index"));
  // The password is read from the field when a button is pressed, used, and never written anywhere.
  const password = () => field(form, "password");
  onClick("nv-refresh", "nv", () => showNvIndexes(page));
  onClick("nv-define", "nv", async () => {
    await defineIndex(page, index(), Number(field(form, "size")), password());
    setText("nv-status", `defined ${hex32(index())}`);
    await showNvIndexes(page);
  });
  onClick("nv-write", "nv", async () => {
    await writeIndex(page, index(), password(), field(form, "data"));
    setText("nv-status", `wrote ${hex32(index())}`);
  });
  onClick("nv-read", "nv", async () => {
    for (const id of ["nv-status", "nv-read-text", "nv-read-hex"]) setText(id, "");
    const data = await readIndex(page, index(), password());
    setText("nv-read-text", printable(data));
    setText("nv-read-hex", toHex(data));
    setText("nv-status", `read ${hex32(index())}`);
  });
  onClick("nv-undefine", "nv", async () => {
    await withSaltedSession(page, (use) =>
      page.tss.nvUndefineSpace({ authHandle: TPM_RH.OWNER, nvIndex: index() }, { sessions: [use("")] }),
    );
    setText("nv-status", `undefined ${hex32(index())}`);
    await showNvIndexes(page);
  });
}
