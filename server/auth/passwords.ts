import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { Semaphore } from '../semaphore.ts';

/**
 * scrypt at OWASP's recommended cost: N = 2^17, r = 8, p = 1 (128 MiB and about 0.3 s per
 * hash on a 2-core machine). At most `maxConcurrent` hashes run at once, so a burst of
 * logins holds at most that many × 128 MiB and queues the rest.
 */
export const DEFAULT_SCRYPT_LOG_N = 17;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
/** No stored hash may make one verification take more memory than this. */
const MAX_MEMORY = 512 * 1024 * 1024;

/** The memory scrypt needs for a cost, with headroom (Node refuses above `maxmem`). */
function maxmemFor(n: number, r: number): number {
  return 128 * n * r + 16 * 1024 * 1024;
}

export interface PasswordCheck {
  valid: boolean;
  /** The stored hash used a lower cost (or older parameters) than today's: store a new one. */
  needsRehash: boolean;
}

interface StoredHash {
  n: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

/** `scrypt$N$r$p$salt$hash` (base64url); null for anything malformed or out of bounds. */
function parseStored(stored: string): StoredHash | null {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash || rest.length) return null;
  const parsed = { n: Number(n), r: Number(r), p: Number(p), salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
  const powerOfTwo = Number.isInteger(parsed.n) && parsed.n >= 2 && (parsed.n & (parsed.n - 1)) === 0;
  if (!powerOfTwo || !Number.isInteger(parsed.r) || parsed.r < 1 || parsed.r > 32 || !Number.isInteger(parsed.p) || parsed.p < 1 || parsed.p > 16) return null;
  if (parsed.hash.length !== KEY_LENGTH || maxmemFor(parsed.n, parsed.r) * parsed.p > MAX_MEMORY) return null;
  return parsed;
}

export class PasswordHasher {
  private readonly n: number;
  private readonly limiter: Semaphore;
  /** Spent on logins for unknown e-mail addresses, so they take as long as wrong passwords. */
  readonly decoyHash: string;

  constructor(options: { scryptLogN?: number; maxConcurrent?: number } = {}) {
    this.n = 2 ** (options.scryptLogN ?? DEFAULT_SCRYPT_LOG_N);
    this.limiter = new Semaphore(options.maxConcurrent ?? 2);
    this.decoyHash = ['scrypt', this.n, R, P, Buffer.alloc(16).toString('base64url'), Buffer.alloc(KEY_LENGTH).toString('base64url')].join('$');
  }

  /** A fresh hash at today's cost, with a new 16-byte salt. */
  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await this.derive(password, salt, { N: this.n, r: R, p: P });
    return ['scrypt', this.n, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  /** Constant-time comparison against a stored hash; invalid for anything malformed. */
  async verify(password: string, stored: string): Promise<PasswordCheck> {
    const parsed = parseStored(stored);
    if (!parsed) return { valid: false, needsRehash: false };
    const key = await this.derive(password, parsed.salt, { N: parsed.n, r: parsed.r, p: parsed.p });
    const valid = timingSafeEqual(key, parsed.hash);
    return { valid, needsRehash: valid && (parsed.n < this.n || parsed.r !== R || parsed.p !== P) };
  }

  private async derive(password: string, salt: Buffer, params: ScryptOptions & { N: number; r: number }): Promise<Buffer> {
    return this.limiter.run(
      () =>
        new Promise<Buffer>((resolve, reject) =>
          scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...params, maxmem: maxmemFor(params.N, params.r) }, (error, key) =>
            error ? reject(error) : resolve(key),
          ),
        ),
    );
  }
}
