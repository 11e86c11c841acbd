import { resolve } from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const booleanish = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/**
 * Environment variables Jointly reads (README's configuration table mirrors this). Absent
 * variables fall back to DEFAULTS below, the one place defaults are written.
 */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  HOST: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  COLLAB_SECRET: z.string().min(32, 'COLLAB_SECRET must be at least 32 characters').optional(),
  COLLAB_TOKEN_TTL_SECONDS: z.coerce.number().int().min(10).max(3600).optional(),
  WS_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(64 * 1024).max(64 * 1024 * 1024).optional(),
  COMPACT_AFTER_UPDATES: z.coerce.number().int().min(1).optional(),
  COLLAB_FLUSH_DELAY_MS: z.coerce.number().int().min(0).max(100).optional(),
  SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).optional(),
  SERVE_CLIENT: booleanish.optional(),
});

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Address users reach Jointly at. */
  readonly publicUrl: string;
  /**
   * Browser origins allowed to make mutating requests and open websockets: PUBLIC_URL's
   * origin, plus the loopback aliases of the default address when PUBLIC_URL is not set.
   */
  readonly allowedOrigins: readonly string[];
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** HMAC key for collab tokens; generated and kept in DATA_DIR when not given. Set it when running several instances. */
  readonly collabSecret: string | undefined;
  readonly collabTokenTtlSeconds: number;
  readonly wsMaxPayloadBytes: number;
  readonly compactAfterUpdates: number;
  /**
   * Broadcast batching on busy documents (see BroadcastBatching): on a document with at
   * least `collabBatchFromConnections` connections, edits and presence changes within this
   * window go out as one message per connection. 8 ms: on a hot statement this cuts the
   * server's CPU per keystroke by about a third (docs/PERFORMANCE.md).
   */
  readonly collabFlushDelayMs: number;
  readonly collabBatchFromConnections: number;
  readonly sqliteSynchronous: 'NORMAL' | 'FULL';
  /** Serve the built client from dist/ (off in development, where Vite serves it). */
  readonly serveClient: boolean;
  /**
   * `debounced` is the stock Hocuspocus store (acknowledge first, store later). It is not
   * reachable from the environment: only tests and benchmarks set it, to show what the
   * durable log prevents.
   */
  readonly persistence: 'durable-log' | 'debounced';
  /** Hocuspocus debounce before onStoreDocument (compaction, title refresh). */
  readonly storeDebounceMs: number;
  /** How often every open connection's rights are re-read from the database (changes made on another instance). */
  readonly accessSweepMs: number;
  /** Longest a Markdown/HTML conversion may run (in a worker thread) before it is refused. */
  readonly seedTimeoutMs: number;
  /** How long after typing pauses the content hash is recomputed and sent to clients. */
  readonly hashDelayMs: number;
}

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Parses the environment once, listing every problem at the same time, and returns a frozen Config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(
    Object.fromEntries(Object.keys(EnvSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]])),
  );
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const given: Partial<Config> = {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    collabSecret: e.COLLAB_SECRET,
    collabTokenTtlSeconds: e.COLLAB_TOKEN_TTL_SECONDS,
    wsMaxPayloadBytes: e.WS_MAX_PAYLOAD_BYTES,
    compactAfterUpdates: e.COMPACT_AFTER_UPDATES,
    collabFlushDelayMs: e.COLLAB_FLUSH_DELAY_MS,
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    serveClient: e.SERVE_CLIENT,
  };
  return defineConfig({
    dataDir: e.DATA_DIR,
    ...Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)),
  });
}

const DEFAULTS: Omit<Config, 'dataDir' | 'publicUrl' | 'allowedOrigins'> = {
  port: 3000,
  host: '127.0.0.1',
  logLevel: 'info',
  collabSecret: undefined,
  collabTokenTtlSeconds: 300,
  wsMaxPayloadBytes: 4 * 1024 * 1024,
  compactAfterUpdates: 500,
  collabFlushDelayMs: 8,
  collabBatchFromConnections: 10,
  sqliteSynchronous: 'NORMAL',
  serveClient: true,
  persistence: 'durable-log',
  storeDebounceMs: 2_000,
  accessSweepMs: 5_000,
  seedTimeoutMs: 5_000,
  hashDelayMs: 250,
};

/** A complete, frozen Config from defaults and overrides (tests and benchmarks build theirs this way). */
export function defineConfig(overrides: Partial<Config> & Pick<Config, 'dataDir'>): Config {
  const port = overrides.port ?? DEFAULTS.port;
  const publicUrl = overrides.publicUrl ?? `http://localhost:${port}`;
  const allowedOrigins =
    overrides.allowedOrigins ??
    (overrides.publicUrl
      ? [new URL(publicUrl).origin]
      : [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`]);
  return Object.freeze({
    ...DEFAULTS,
    ...overrides,
    publicUrl,
    allowedOrigins: Object.freeze([...allowedOrigins]),
    dataDir: resolve(overrides.dataDir),
  });
}
