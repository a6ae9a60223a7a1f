/**
 * The IBM TSS's own response codes (layer 11, 0x000bxxxx: tsserror.h's
 * TSS_RC_* names and values), which IBM scripts and logs carry. The texts are
 * ours. Our TSS reports its failures as TssError codes, not these numbers; the
 * table lets `returncode` name a code an IBM utility printed.
 */

/** The IBM TSS layer: bits 16-23 of a TSS_RC_* code. */
export const TSS_LAYER = 0x000b0000;

/** TSS_RC_* name → [value, what it means]. */
export const TSS_LAYER_CODES: Readonly<Record<string, readonly [number, string]>> = {
  TSS_RC_OUT_OF_MEMORY: [0x000b0001, "memory could not be allocated"],
  TSS_RC_ALLOC_INPUT: [0x000b0002, "an allocation was asked to fill a pointer that is already set"],
  TSS_RC_MALLOC_SIZE: [0x000b0003, "an allocation size of zero or one too large was asked for"],
  TSS_RC_INSUFFICIENT_BUFFER: [0x000b0004, "a copy did not fit in its destination buffer"],
  TSS_RC_BAD_PROPERTY: [0x000b0005, "the property named is not one the TSS has"],
  TSS_RC_BAD_PROPERTY_VALUE: [0x000b0006, "the value given for the property is not valid"],
  TSS_RC_INSUPPORTED_INTERFACE: [0x000b0007, "the TPM interface type is not supported"],
  TSS_RC_NO_CONNECTION: [0x000b0008, "the connection to the TPM (or simulator) could not be made"],
  TSS_RC_BAD_CONNECTION: [0x000b0009, "sending to or receiving from the TPM (or simulator) failed"],
  TSS_RC_MALFORMED_RESPONSE: [0x000b000a, "the response packet is malformed"],
  TSS_RC_NULL_PARAMETER: [0x000b000b, "a required parameter was missing (NULL)"],
  TSS_RC_NOT_IMPLEMENTED: [0x000b000c, "the TSS function is not implemented"],
  TSS_RC_BAD_READ_VALUE: [0x000b000d, "a value read back differs from the value expected"],
  TSS_RC_FILE_OPEN: [0x000b0010, "a file could not be opened"],
  TSS_RC_FILE_SEEK: [0x000b0011, "seeking in a file failed"],
  TSS_RC_FILE_FTELL: [0x000b0012, "the position in a file could not be read (ftell)"],
  TSS_RC_FILE_READ: [0x000b0013, "reading a file failed"],
  TSS_RC_FILE_CLOSE: [0x000b0014, "closing a file failed"],
  TSS_RC_FILE_WRITE: [0x000b0015, "writing a file failed"],
  TSS_RC_FILE_REMOVE: [0x000b0016, "removing a file failed"],
  TSS_RC_RNG_FAILURE: [0x000b0020, "the random number generator failed"],
  TSS_RC_BAD_PWAP_NONCE: [0x000b0030, "a password session response carried a nonce"],
  TSS_RC_BAD_PWAP_ATTRIBUTES: [0x000b0031, "a password session response has unexpected attributes"],
  TSS_RC_BAD_PWAP_HMAC: [0x000b0032, "a password session response carried an HMAC"],
  TSS_RC_NAME_NOT_IMPLEMENTED: [0x000b0040, "the TSS cannot compute a Name for this handle type"],
  TSS_RC_MALFORMED_NV_PUBLIC: [0x000b0041, "the NV public area does not hash to the index's Name"],
  TSS_RC_NAME_FILENAME: [0x000b0042, "the Name file name was asked for with inconsistent arguments"],
  TSS_RC_MALFORMED_PUBLIC: [0x000b0043, "the public area does not hash to the object's Name"],
  TSS_RC_DECRYPT_SESSIONS: [0x000b0050, "more than one session asks for command parameter encryption"],
  TSS_RC_ENCRYPT_SESSIONS: [0x000b0051, "more than one session asks for response parameter encryption"],
  TSS_RC_NO_DECRYPT_PARAMETER: [0x000b0052, "a session asks to encrypt a command that has no parameter to encrypt"],
  TSS_RC_NO_ENCRYPT_PARAMETER: [0x000b0053, "a session asks to encrypt a response that has no parameter to encrypt"],
  TSS_RC_BAD_DECRYPT_ALGORITHM: [0x000b0054, "the session's command encryption algorithm is not implemented"],
  TSS_RC_BAD_ENCRYPT_ALGORITHM: [0x000b0055, "the session's response encryption algorithm is not implemented"],
  TSS_RC_AES_ENCRYPT_FAILURE: [0x000b0056, "AES encryption failed"],
  TSS_RC_AES_DECRYPT_FAILURE: [0x000b0057, "AES decryption failed"],
  TSS_RC_BAD_ENCRYPT_SIZE: [0x000b0058, "the encrypted parameter has the wrong size"],
  TSS_RC_AES_KEYGEN_FAILURE: [0x000b0059, "an AES key could not be made"],
  TSS_RC_SESSION_NUMBER: [0x000b005a, "the session number is out of range"],
  TSS_RC_BAD_SALT_KEY: [0x000b0060, "the key given for salting cannot salt a session"],
  TSS_RC_KDFA_FAILED: [0x000b0070, "KDFa failed"],
  TSS_RC_HMAC: [0x000b0071, "an HMAC could not be computed"],
  TSS_RC_HMAC_SIZE: [0x000b0072, "the response HMAC has the wrong size"],
  TSS_RC_HMAC_VERIFY: [0x000b0073, "the response HMAC does not verify"],
  TSS_RC_BAD_HASH_ALGORITHM: [0x000b0074, "the hash algorithm is not implemented"],
  TSS_RC_HASH: [0x000b0075, "a hash could not be computed"],
  TSS_RC_RSA_KEY_CONVERT: [0x000b0076, "an RSA key could not be converted"],
  TSS_RC_RSA_PADDING: [0x000b0077, "RSA padding could not be added"],
  TSS_RC_RSA_ENCRYPT: [0x000b0078, "RSA public-key encryption failed"],
  TSS_RC_BIGNUM: [0x000b0079, "a big-number operation failed"],
  TSS_RC_RSA_SIGNATURE: [0x000b007a, "the RSA signature does not verify"],
  TSS_RC_EC_SIGNATURE: [0x000b007b, "the ECC signature does not verify"],
  TSS_RC_EC_KEY_CONVERT: [0x000b007c, "an ECC key could not be converted"],
  TSS_RC_BAD_SIGNATURE_ALGORITHM: [0x000b007d, "the signature algorithm is not implemented"],
  TSS_RC_X509_ERROR: [0x000b007e, "an X.509 certificate could not be parsed or verified"],
  TSS_RC_PEM_ERROR: [0x000b007f, "a PEM file could not be parsed"],
  TSS_RC_COMMAND_UNIMPLEMENTED: [0x000b0080, "the TSS does not implement this command"],
  TSS_RC_IN_PARAMETER: [0x000b0081, "a command's input parameters are not valid"],
  TSS_RC_OUT_PARAMETER: [0x000b0082, "a command's output parameters are not valid"],
  TSS_RC_BAD_HANDLE_NUMBER: [0x000b0083, "the command does not take this many handles"],
  TSS_RC_KDFE_FAILED: [0x000b0084, "KDFe failed"],
  TSS_RC_EC_EPHEMERAL_FAILURE: [0x000b0085, "an ECC ephemeral key could not be made or used"],
  TSS_RC_FAIL: [0x000b0086, "an internal TSS failure"],
  TSS_RC_NO_SESSION_SLOT: [0x000b0090, "the TSS context has no room for another session"],
  TSS_RC_NO_OBJECTPUBLIC_SLOT: [0x000b0091, "the TSS context has no room for another object public area"],
  TSS_RC_NO_NVPUBLIC_SLOT: [0x000b0092, "the TSS context has no room for another NV public area"],
};

const BY_VALUE = new Map<number, readonly [string, string]>(
  Object.entries(TSS_LAYER_CODES).map(([name, [value, text]]) => [value, [name, text]] as const),
);

/** The TSS_RC_* name and our text for a layer-11 code, or undefined. */
export function tssLayerCode(rc: number): { name: string; text: string } | undefined {
  const hit = BY_VALUE.get(rc >>> 0);
  return hit && { name: hit[0], text: hit[1] };
}
