/**
 * Callback crypto shared by WeCom and the official account's safe mode (platform-apis §1.1): AES-256-CBC with the
 * key from the EncodingAESKey, IV = first 16 key bytes, PKCS#7 padding to 32 bytes, the plaintext framed as
 * random(16) ‖ length(4, big-endian) ‖ message ‖ receive-id; signatures are sha1 over the sorted strings.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The official library's error codes (callback/errorCode.php). */
export const CRYPTO_ERROR = {
  ValidateSignatureError: -40001,
  ParseXmlError: -40002,
  ComputeSignatureError: -40003,
  IllegalAesKey: -40004,
  ValidateCorpidError: -40005,
  EncryptAESError: -40006,
  DecryptAESError: -40007,
  IllegalBuffer: -40008,
  EncodeBase64Error: -40009,
  DecodeBase64Error: -40010,
} as const;

export type CryptoErrorName = keyof typeof CRYPTO_ERROR;

export class CryptoError extends Error {
  readonly code: number;
  constructor(readonly kind: CryptoErrorName, message: string) {
    super(message);
    this.name = 'CryptoError';
    this.code = CRYPTO_ERROR[kind];
  }
}

const BLOCK = 32;

/** EncodingAESKey (43 characters) → the 32-byte AES key. */
export function aesKeyFrom(encodingAESKey: string): Buffer {
  const key = /^[A-Za-z0-9]{43}$/.test(encodingAESKey) ? Buffer.from(`${encodingAESKey}=`, 'base64') : Buffer.alloc(0);
  if (key.length !== 32) throw new CryptoError('IllegalAesKey', 'the EncodingAESKey must be 43 letters or digits');
  return key;
}

/** Encrypts `message` for `receiveId`; `random` is 16 bytes (fixed only in tests). Returns base64. */
export function encryptMessage(key: Buffer, message: string, receiveId: string, random: Buffer = randomBytes(16)): string {
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const unpadded = Buffer.concat([random, length, body, Buffer.from(receiveId, 'utf8')]);
  const pad = BLOCK - (unpadded.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([unpadded, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

export interface Decrypted {
  message: string;
  receiveId: string;
}

/** Decrypts base64 ciphertext; when `expectReceiveId` is given the receive-id must equal it. */
export function decryptMessage(key: Buffer, encrypted: string, expectReceiveId?: string): Decrypted {
  // Node's decoder skips characters it does not know; re-encoding must give the input back exactly.
  const data = Buffer.from(encrypted, 'base64');
  if (data.length === 0 || data.toString('base64') !== encrypted) throw new CryptoError('DecodeBase64Error', 'the ciphertext is not base64');
  if (data.length % 16 !== 0) throw new CryptoError('IllegalBuffer', 'the ciphertext is not a whole number of AES blocks');
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
    plain = Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new CryptoError('DecryptAESError', 'the ciphertext could not be decrypted');
  }
  const pad = plain[plain.length - 1];
  if (pad < 1 || pad > BLOCK || pad > plain.length || !plain.subarray(plain.length - pad).every((b) => b === pad)) {
    throw new CryptoError('IllegalBuffer', 'the padding is not PKCS#7 to 32 bytes');
  }
  const framed = plain.subarray(0, plain.length - pad);
  if (framed.length < 20) throw new CryptoError('IllegalBuffer', 'the plaintext is too short');
  const length = framed.readUInt32BE(16);
  if (20 + length > framed.length) throw new CryptoError('IllegalBuffer', 'the message length is larger than the plaintext');
  const message = framed.subarray(20, 20 + length).toString('utf8');
  const receiveId = framed.subarray(20 + length).toString('utf8');
  if (expectReceiveId !== undefined && receiveId !== expectReceiveId) {
    throw new CryptoError('ValidateCorpidError', 'the receive-id does not match our corp id / app id');
  }
  return { message, receiveId };
}

/** sha1 (lowercase hex) of the strings sorted and joined: msg_signature with four parts, the plain signature with three. */
export function sortedSignature(...parts: string[]): string {
  return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

/** Constant-time comparison of two signatures (false for different lengths). */
export function signatureMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The JS-SDK signature (wx.config / ww.register): sha1 of `jsapi_ticket=…&noncestr=…&timestamp=…&url=…`. */
export function jsapiSignature(ticket: string, nonceStr: string, timestamp: number | string, url: string): string {
  const pageUrl = url.split('#')[0];
  return createHash('sha1').update(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${pageUrl}`).digest('hex');
}

export interface CallbackCryptoOptions {
  token: string;
  encodingAESKey: string;
  /** The corp id (WeCom) or app id (official account) every message must carry. */
  receiveId: string;
}

/** One app's callback crypto with the key derived once. */
export class CallbackCrypto {
  readonly receiveId: string;
  private readonly token: string;
  private readonly key: Buffer;

  constructor(opts: CallbackCryptoOptions) {
    this.token = opts.token;
    this.key = aesKeyFrom(opts.encodingAESKey);
    this.receiveId = opts.receiveId;
  }

  sign(timestamp: string, nonce: string, encrypted: string): string {
    return sortedSignature(this.token, timestamp, nonce, encrypted);
  }

  /** Throws ValidateSignatureError unless `signature` is the msg_signature of the other three. */
  verify(signature: string, timestamp: string, nonce: string, encrypted: string): void {
    if (!signatureMatches(this.sign(timestamp, nonce, encrypted), signature.toLowerCase())) {
      throw new CryptoError('ValidateSignatureError', 'msg_signature does not match');
    }
  }

  encrypt(message: string, random?: Buffer): string {
    return encryptMessage(this.key, message, this.receiveId, random);
  }

  /** Decrypts and checks the receive-id; returns the message. */
  decrypt(encrypted: string): string {
    return decryptMessage(this.key, encrypted, this.receiveId).message;
  }
}
