import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/config';
import { createKeyring, derivedHashKey, derivePurposeKey, keyIdOf, keyringFromConfig } from '../src/shared/pii/keyring';
import {
  decryptPersonal,
  encryptPersonal,
  lookupHash,
  needsReencryption,
  normalizePersonal,
  PersonalDataError,
} from '../src/shared/pii/personal-data-cipher';

const ID = '11011719800101123X';
const PHONE = '13800138000';
const key = () => randomBytes(32);

function failure(run: () => unknown): PersonalDataError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PersonalDataError);
    return error as PersonalDataError;
  }
  throw new Error('expected decryption to fail');
}

/** Flips one base64url character of the stored value's given part (2: iv, 3: ciphertext+tag). */
function tamper(stored: string, part: 2 | 3, at: 'start' | 'end' = 'start'): string {
  const parts = stored.split(':');
  const text = parts[part];
  const i = at === 'start' ? 0 : text.length - 2;
  parts[part] = text.slice(0, i) + (text[i] === 'A' ? 'B' : 'A') + text.slice(i + 1);
  return parts.join(':');
}

describe('personal-field encryption (AES-256-GCM with a key id)', () => {
  const keyring = createKeyring({ currentKey: key(), hashKey: key() });

  it('round-trips ID numbers and phones, in the documented format', () => {
    const id = encryptPersonal(keyring, 'idNumber', ID);
    const phone = encryptPersonal(keyring, 'phone', PHONE);
    expect(id).toMatch(new RegExp(`^v1:${keyring.current.id}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$`));
    expect(id).toHaveLength(75);
    expect(phone).toHaveLength(65);
    expect(decryptPersonal(keyring, 'idNumber', id)).toBe(ID);
    expect(decryptPersonal(keyring, 'phone', phone)).toBe(PHONE);
  });

  it('never repeats a ciphertext for the same value (fresh IV every time)', () => {
    const values = new Set(Array.from({ length: 10_000 }, () => encryptPersonal(keyring, 'idNumber', ID)));
    expect(values.size).toBe(10_000);
    const ivs = new Set([...values].map((v) => v.split(':')[2]));
    expect(ivs.size).toBe(10_000);
  });

  it('stores the normalized form', () => {
    expect(decryptPersonal(keyring, 'idNumber', encryptPersonal(keyring, 'idNumber', ' 11011719800101123x '))).toBe(ID);
    expect(decryptPersonal(keyring, 'phone', encryptPersonal(keyring, 'phone', '+86 138-0013-8000'))).toBe(PHONE);
  });

  it.each<[string, (stored: string) => string]>([
    ['a flipped ciphertext byte', (s) => tamper(s, 3, 'start')],
    ['a flipped tag byte', (s) => tamper(s, 3, 'end')],
    ['a flipped IV byte', (s) => tamper(s, 2)],
    ['a truncated tag', (s) => s.slice(0, -4)],
  ])('detects tampering: %s', (_name, mutate) => {
    const stored = encryptPersonal(keyring, 'idNumber', ID);
    const error = failure(() => decryptPersonal(keyring, 'idNumber', mutate(stored)));
    expect(error.message).not.toContain(ID);
  });

  it('refuses a value moved to another column (the field is authenticated data)', () => {
    const phone = encryptPersonal(keyring, 'phone', PHONE);
    expect(failure(() => decryptPersonal(keyring, 'idNumber', phone)).message).toMatch(/failed authentication/);
  });

  it('refuses plaintext and unknown formats without echoing them', () => {
    expect(failure(() => decryptPersonal(keyring, 'idNumber', ID)).message).not.toContain(ID);
    expect(() => decryptPersonal(keyring, 'idNumber', `v2:${keyring.current.id}:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAAAAAA`)).toThrow(PersonalDataError);
  });

  it('refuses a value under a key it does not hold, naming only the key id', () => {
    const other = createKeyring({ currentKey: key() });
    const stored = encryptPersonal(other, 'idNumber', ID);
    expect(failure(() => decryptPersonal(keyring, 'idNumber', stored)).message).toMatch(new RegExp(`no key with id ${other.current.id}`));
  });
});

describe('key rotation', () => {
  it('a value encrypted under the old key decrypts after a new current key is added', () => {
    const oldKey = key();
    const hashKey = key();
    const before = createKeyring({ currentKey: oldKey, hashKey });
    const stored = encryptPersonal(before, 'idNumber', ID);
    const hashBefore = lookupHash(before, 'idNumber', ID);

    const after = createKeyring({ currentKey: key(), previousKeys: [oldKey], hashKey });
    expect(after.current.id).not.toBe(before.current.id);
    expect(decryptPersonal(after, 'idNumber', stored)).toBe(ID);
    expect(needsReencryption(after, stored)).toBe(true);

    const rewritten = encryptPersonal(after, 'idNumber', decryptPersonal(after, 'idNumber', stored));
    expect(rewritten.split(':')[1]).toBe(after.current.id);
    expect(needsReencryption(after, rewritten)).toBe(false);
    // The lookup hash does not move with the encryption key.
    expect(lookupHash(after, 'idNumber', ID)).toBe(hashBefore);
  });

  it('key ids are derived from the keys and never collide silently', () => {
    const k = key();
    expect(keyIdOf(k)).toMatch(/^[0-9a-f]{8}$/);
    expect(keyIdOf(k)).toBe(keyIdOf(Buffer.from(k)));
    expect(keyIdOf(k)).not.toBe(keyIdOf(key()));
    expect(() => createKeyring({ currentKey: Buffer.alloc(16) })).toThrow(/32 bytes/);
  });

  it('from configuration: current key, older keys for decryption, a pinned hash key', () => {
    const [oldKey, newKey, hashKey] = [key(), key(), key()];
    const b64 = (b: Buffer) => b.toString('base64');
    const oldRing = keyringFromConfig(loadConfig({ PII_ENCRYPTION_KEY: b64(oldKey), PII_HMAC_KEY: b64(hashKey) }).pii);
    const stored = encryptPersonal(oldRing, 'phone', PHONE);
    const config = loadConfig({ PII_ENCRYPTION_KEY: b64(newKey), PII_ENCRYPTION_KEYS: `${b64(oldKey)}, ${b64(key())}`, PII_HMAC_KEY: b64(hashKey) });
    const ring = keyringFromConfig(config.pii);
    expect(ring.byId.size).toBe(3);
    expect(decryptPersonal(ring, 'phone', stored)).toBe(PHONE);
    expect(lookupHash(ring, 'phone', PHONE)).toBe(lookupHash(oldRing, 'phone', PHONE));
  });

  it('configuration refuses rotation without a pinned hash key (hashes would silently change)', () => {
    expect(() => loadConfig({ PII_ENCRYPTION_KEY: key().toString('base64'), PII_ENCRYPTION_KEYS: key().toString('base64') })).toThrow(/PII_ENCRYPTION_KEYS \(rotation\) needs PII_HMAC_KEY/);
  });

  it('without PII_HMAC_KEY the hash key is derived from the encryption key (the value to pin before rotating)', () => {
    const k = key();
    const ring = keyringFromConfig(loadConfig({ PII_ENCRYPTION_KEY: k.toString('base64') }).pii);
    expect(ring.hashKey.equals(derivedHashKey(k))).toBe(true);
    const pinned = keyringFromConfig(loadConfig({ PII_ENCRYPTION_KEY: key().toString('base64'), PII_ENCRYPTION_KEYS: k.toString('base64'), PII_HMAC_KEY: derivedHashKey(k).toString('base64') }).pii);
    expect(lookupHash(pinned, 'idNumber', ID)).toBe(lookupHash(ring, 'idNumber', ID));
  });
});

describe('lookup hashes (HMAC-SHA256)', () => {
  const keyring = createKeyring({ currentKey: key(), hashKey: key() });

  it('are stable, 64 hex characters, and equal for equal normalized values', () => {
    const hash = lookupHash(keyring, 'idNumber', ID);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(lookupHash(keyring, 'idNumber', ID)).toBe(hash);
    expect(lookupHash(keyring, 'idNumber', '11011719800101123x')).toBe(hash);
    expect(lookupHash(keyring, 'idNumber', ` ${ID}\n`)).toBe(hash);
    for (const phone of ['13800138000', '138 0013 8000', '138-0013-8000', '+86 138 0013 8000', '008613800138000']) {
      expect(lookupHash(keyring, 'phone', phone)).toBe(lookupHash(keyring, 'phone', PHONE));
    }
  });

  it('differ between fields, values and keys', () => {
    expect(lookupHash(keyring, 'phone', '13800138000')).not.toBe(lookupHash(keyring, 'idNumber', '13800138000'));
    expect(lookupHash(keyring, 'phone', '13800138001')).not.toBe(lookupHash(keyring, 'phone', PHONE));
    expect(lookupHash(createKeyring({ currentKey: key(), hashKey: key() }), 'phone', PHONE)).not.toBe(lookupHash(keyring, 'phone', PHONE));
  });

  it('a known answer, so a change of construction cannot pass unnoticed', () => {
    const fixed = createKeyring({ currentKey: Buffer.alloc(32, 1), hashKey: Buffer.alloc(32, 2) });
    const expected = require('node:crypto').createHmac('sha256', Buffer.alloc(32, 2)).update(`idNumber\0${ID}`).digest('hex');
    expect(lookupHash(fixed, 'idNumber', ID.toLowerCase())).toBe(expected);
  });

  it('normalization: ID numbers upper-cased, phones digits only without +86', () => {
    expect(normalizePersonal('idNumber', ' 11011719800101123x')).toBe(ID);
    expect(normalizePersonal('phone', '(010) 6996-1234')).toBe('01069961234');
    expect(normalizePersonal('phone', '+86 138 0013 8000')).toBe(PHONE);
  });

  it('purpose keys derived from the hash key are separate from it', () => {
    const rateLimitKey = derivePurposeKey(keyring, 'rate-limit');
    expect(rateLimitKey).toHaveLength(32);
    expect(rateLimitKey.equals(keyring.hashKey)).toBe(false);
    expect(derivePurposeKey(keyring, 'rate-limit').equals(rateLimitKey)).toBe(true);
  });
});
