/** Why a value could not be marshalled or unmarshalled. */
export type MarshalErrorCode = "INSUFFICIENT" | "SIZE" | "VALUE" | "SELECTOR" | "TRAILING" | "TYPE";

/**
 * A marshalling or unmarshalling failure. `path` names the field, for example
 * `TPM2B_PUBLIC.publicArea.parameters.rsaDetail.keyBits`.
 */
export class MarshalError extends Error {
  override readonly name = "MarshalError";
  constructor(
    readonly code: MarshalErrorCode,
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}
