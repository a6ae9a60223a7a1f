// The uncertain mark of an NV index's Name is kept in the store (nvu<handle>), with
// the Name and public area removed, so a second NameBook on the same store (another
// process on TPM_DATA_DIR) sees it; recording the Name again clears it.
import { MemoryStore, nameKey, nvPublicKey, nvUncertainKey } from "@tss/tss";
import { describe, expect, it } from "vitest";
import { NameBook } from "../src/execute/name-book.js";

const nv = 0x01500020;
const other = 0x01500021;
const persistent = 0x81000001;
const name = Uint8Array.of(0, 0x0b, 1, 2, 3);
const pub = Uint8Array.of(9, 9);

describe("NameBook: uncertain NV Names", () => {
  it("names the mark's key", () => {
    expect(nvUncertainKey(0x01500020)).toBe("nvu01500020");
  });

  it("a mark reaches a second book on the same store; the Name is gone until recorded again", async () => {
    const store = new MemoryStore();
    const first = new NameBook(store);
    await first.setNv(nv, pub, name);
    expect(await first.nvUncertain(nv)).toBe(false);
    await first.markNvUncertain(nv);
    expect(await first.nvUncertain(nv)).toBe(true);
    expect(await first.name(nv)).toBeUndefined();
    expect(await store.get(nameKey(nv))).toBeUndefined();
    expect(await store.get(nvPublicKey(nv))).toBeUndefined();
    expect(await store.get(nvUncertainKey(nv))).toBeDefined();

    const second = new NameBook(store);
    expect(await second.nvUncertain(nv)).toBe(true);
    expect(await second.nvUncertain(other)).toBe(false);
    // Re-read (NV_ReadPublic records it): certain again, for every book that loads it afresh.
    await second.setNv(nv, pub, name);
    expect(await second.nvUncertain(nv)).toBe(false);
    expect(await store.get(nvUncertainKey(nv))).toBeUndefined();
    expect(await new NameBook(store).nvUncertain(nv)).toBe(false);
    expect(await new NameBook(store).name(nv)).toEqual(name);
  });

  it("forget clears the mark (an undefined index is not uncertain, it is unknown)", async () => {
    const store = new MemoryStore();
    const book = new NameBook(store);
    await book.markNvUncertain(nv);
    await book.forget(nv);
    expect(await book.nvUncertain(nv)).toBe(false);
    expect(await new NameBook(store).nvUncertain(nv)).toBe(false);
  });

  it("markAllNvUncertain marks every NV Name in memory and in the store, and nothing else", async () => {
    const store = new MemoryStore();
    const writer = new NameBook(store);
    await writer.setNv(nv, pub, name);
    await writer.setNv(other, pub, name);
    await writer.setName(persistent, name);
    const book = new NameBook(store);
    await book.markAllNvUncertain();
    expect(await book.nvUncertain(nv)).toBe(true);
    expect(await book.nvUncertain(other)).toBe(true);
    expect(await book.name(persistent)).toEqual(name);
    expect(await new NameBook(store).nvUncertain(other)).toBe(true);
    expect((await store.keys()).sort()).toEqual([nameKey(persistent), nvUncertainKey(nv), nvUncertainKey(other)]);
  });
});
