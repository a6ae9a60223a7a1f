/**
 * The event data of the UEFI event types (TCG PC Client Platform Firmware Profile,
 * 10.4.x): UEFI_VARIABLE_DATA (EV_EFI_VARIABLE_*) and UEFI_IMAGE_LOAD_EVENT
 * (EV_EFI_BOOT_SERVICES_APPLICATION / _DRIVER, EV_EFI_RUNTIME_SERVICES_DRIVER).
 * Integers are little endian, the GUID in its mixed-endian EFI_GUID layout.
 */
import { ByteReader } from "./byte-reader.js";
import { EventLogError } from "./event-log-error.js";

/** UEFI_VARIABLE_DATA. */
export interface UefiVariableData {
  /** The vendor GUID, "8be4df61-93ca-11d2-aa0d-00e098032b8c". */
  readonly variableName: string;
  /** The variable's name ("SecureBoot", "db", "Boot0001"). */
  readonly unicodeName: string;
  readonly variableData: Uint8Array;
}

/** UEFI_IMAGE_LOAD_EVENT. */
export interface UefiImageLoadEvent {
  readonly imageLocationInMemory: bigint;
  readonly imageLengthInMemory: bigint;
  readonly imageLinkTimeAddress: bigint;
  /** The UEFI device path of the image, as bytes. */
  readonly devicePath: Uint8Array;
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

/** An EFI_GUID's 16 octets as the usual text form (first three fields little endian). */
export function efiGuidText(b: Uint8Array): string {
  if (b.length !== 16) throw new EventLogError("BAD_PARAMETER", "an EFI_GUID has 16 octets");
  const le = (from: number, to: number) => hex(b.slice(from, to).reverse());
  return `${le(0, 4)}-${le(4, 6)}-${le(6, 8)}-${hex(b.subarray(8, 10))}-${hex(b.subarray(10, 16))}`;
}

/** Parses UEFI_VARIABLE_DATA; throws EventLogError when the lengths do not add up to the data. */
export function parseUefiVariableData(event: Uint8Array): UefiVariableData {
  const r = new ByteReader(event);
  const variableName = efiGuidText(r.take(16, "VariableName"));
  const nameLength = r.u64("UnicodeNameLength");
  const dataLength = r.u64("VariableDataLength");
  if (nameLength * 2n + dataLength !== BigInt(r.remaining))
    throw new EventLogError("MALFORMED", "UEFI_VARIABLE_DATA lengths do not match the event size");
  const name = r.take(Number(nameLength) * 2, "UnicodeName");
  const view = new DataView(name.buffer, name.byteOffset, name.length);
  let unicodeName = "";
  for (let at = 0; at < name.length; at += 2) unicodeName += String.fromCharCode(view.getUint16(at, true));
  unicodeName = unicodeName.replace(/\0+$/, "");
  return { variableName, unicodeName, variableData: r.take(Number(dataLength), "VariableData") };
}

/** Parses UEFI_IMAGE_LOAD_EVENT; throws EventLogError when the device path length does not match. */
export function parseUefiImageLoadEvent(event: Uint8Array): UefiImageLoadEvent {
  const r = new ByteReader(event);
  const imageLocationInMemory = r.u64("ImageLocationInMemory");
  const imageLengthInMemory = r.u64("ImageLengthInMemory");
  const imageLinkTimeAddress = r.u64("ImageLinkTimeAddress");
  const pathLength = r.u64("LengthOfDevicePath");
  if (pathLength !== BigInt(r.remaining))
    throw new EventLogError("MALFORMED", "UEFI_IMAGE_LOAD_EVENT device path length does not match the event size");
  return {
    imageLocationInMemory,
    imageLengthInMemory,
    imageLinkTimeAddress,
    devicePath: r.take(r.remaining, "DevicePath"),
  };
}
