import { createHash, hkdfSync } from 'node:crypto';
import type { PiiConfig } from '../../config';

export interface PiiKey {
  /** 8 hex characters derived from the key itself: stored with every value, names no secret. */
  id: string;
  key: Buffer;
}

/**
 * The keys for personal fields: the current AES-256-GCM key encrypts every new value; earlier
 * keys remain for decrypting values written under them until they are re-encrypted. One
 * HMAC-SHA256 key makes lookup hashes; it never changes with rotation (or every hash would).
 */
export interface PiiKeyring {
  readonly current: PiiKey;
  /** Every key able to decrypt, by id (current included). */
  readonly byId: ReadonlyMap<string, Buffer>;
  readonly hashKey: Buffer;
}

/** A key's id: the first 4 bytes of SHA-256 over a label and the key (no key material leaks). */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('huigu-pii-key-id\0').update(key).digest('hex').slice(0, 8);
}

/**
 * The lookup-hash key used when PII_HMAC_KEY is unset: HKDF-SHA256 from the encryption key.
 * Config refuses rotation (PII_ENCRYPTION_KEYS) without PII_HMAC_KEY, so a derived hash key
 * never silently changes; before the first rotation, pin this value as PII_HMAC_KEY.
 */
export function derivedHashKey(encryptionKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', encryptionKey, Buffer.alloc(0), 'huigu pii lookup hash v1', 32));
}

/** A key for another purpose, derived from the hash key (e.g. rate-limit bucket names). */
export function derivePurposeKey(keyring: PiiKeyring, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', keyring.hashKey, Buffer.alloc(0), `huigu ${purpose} v1`, 32));
}

export function createKeyring(options: { currentKey: Buffer; previousKeys?: Buffer[]; hashKey?: Buffer | null }): PiiKeyring {
  const all = [options.currentKey, ...(options.previousKeys ?? [])];
  const byId = new Map<string, Buffer>();
  for (const key of all) {
    if (key.length !== 32) throw new RangeError('PII keys must be 32 bytes (AES-256)');
    const id = keyIdOf(key);
    if (byId.has(id) && !byId.get(id)!.equals(key)) throw new Error(`two PII keys share the id ${id}`);
    byId.set(id, key);
  }
  const hashKey = options.hashKey ?? derivedHashKey(options.currentKey);
  if (hashKey.length !== 32) throw new RangeError('the PII hash key must be 32 bytes');
  return Object.freeze({ current: { id: keyIdOf(options.currentKey), key: options.currentKey }, byId, hashKey });
}

export function keyringFromConfig(pii: PiiConfig): PiiKeyring {
  return createKeyring({
    currentKey: pii.encryptionKey.reveal(),
    previousKeys: pii.previousKeys.map((k) => k.reveal()),
    hashKey: pii.hashKey?.reveal() ?? null,
  });
}
