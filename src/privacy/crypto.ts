import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Residents' personal data at rest: AES-256-GCM for values that must be read back (name, phone), and a keyed
 * HMAC for lookups (find a resident's requests by phone) so the database never holds a plain phone number.
 */
export type Vault = {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  hash(value: string): string;
};

function decodeKey(raw: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new Error('BANSHI_SECRET_KEY must be 32 bytes, as 64 hex digits or base64');
  return key;
}

/** The configured key, or one generated once and kept (mode 0600) in the data folder. */
export function resolveSecretKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return decodeKey(configured);
  const file = path.join(dataDir, 'secret.key');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return decodeKey(fs.readFileSync(file, 'utf8').trim());
}

export function createVault(secret: Buffer): Vault {
  const derive = (info: string) => Buffer.from(crypto.hkdfSync('sha256', secret, Buffer.alloc(0), info, 32));
  const encKey = derive('banshi pii encryption');
  const macKey = derive('banshi pii lookup');
  return {
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', encKey, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1.${Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url')}`;
    },
    decrypt(sealed) {
      const raw = Buffer.from(sealed.replace(/^v1\./, ''), 'base64url');
      const decipher = crypto.createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    hash(value) {
      return crypto.createHmac('sha256', macKey).update(value).digest('base64url');
    },
  };
}
