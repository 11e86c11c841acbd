import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The server's signing secret: COLLAB_SECRET when configured, otherwise a random key kept
 * in DATA_DIR/collab-secret (created once, mode 0600) so tokens survive restarts.
 */
export function loadSigningSecret(dataDir: string, configured: string | undefined): Uint8Array {
  if (configured) return Buffer.from(configured, 'utf8');
  const file = join(dataDir, 'collab-secret');
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32);
  writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}
