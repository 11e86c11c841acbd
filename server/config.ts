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
  WS_MAX_PAYLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .max(64 * 1024 * 1024)
    .optional(),
  COMPACT_AFTER_UPDATES: z.coerce.number().int().min(1).optional(),
  COLLAB_FLUSH_DELAY_MS: z.coerce.number().int().min(0).max(100).optional(),
  SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).optional(),
  SERVE_CLIENT: booleanish.optional(),
  MAX_UPDATE_BYTES: z.coerce.number().int().min(1024).optional(),
  MAX_UPDATE_STRUCTS: z.coerce.number().int().min(16).optional(),
  MAX_UPDATE_DELETE_RANGES: z.coerce.number().int().min(16).optional(),
  MAX_CLOCK_JUMP: z.coerce.number().int().min(1024).optional(),
  MAX_DOCUMENT_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .optional(),
  ADMISSION_GAP_WAIT_MS: z.coerce.number().int().min(0).max(30_000).optional(),
  MAX_AWARENESS_BYTES: z.coerce
    .number()
    .int()
    .min(256)
    .max(1024 * 1024)
    .optional(),
  AWARENESS_PER_SECOND: z.coerce.number().min(1).optional(),
  MAX_UNAUTHENTICATED_SOCKETS: z.coerce.number().int().min(1).optional(),
  MAX_UNAUTHENTICATED_SOCKETS_PER_ADDRESS: z.coerce.number().int().min(1).optional(),
  PREAUTH_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).optional(),
  INBOUND_FRAMES_PER_SECOND: z.coerce.number().min(1).optional(),
  INBOUND_BYTES_PER_SECOND: z.coerce.number().int().min(1024).optional(),
  MAX_OUTBOUND_BUFFER_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .optional(),
  MAX_CONNECTIONS_PER_USER: z.coerce.number().int().min(1).optional(),
  TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/,
      'TRUST_PROXY is true, false, a hop count, or a comma-separated list of proxy addresses/CIDRs',
    )
    .transform((v): TrustProxy => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v.split(',').map((a) => a.trim())))
    .optional(),
  PASSWORD_SCRYPT_LOG_N: z.coerce.number().int().min(14).max(20).optional(),
  SIGNUPS_PER_ADDRESS: z.coerce.number().int().min(1).optional(),
  LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).optional(),
  ANONYMOUS_REQUESTS_PER_SECOND: z.coerce.number().min(0.1).optional(),
  ANONYMOUS_BURST: z.coerce.number().int().min(1).optional(),
  PUBLIC_PAGE_CACHE_BYTES: z.coerce.number().int().min(0).optional(),
  MAX_IMPORT_UNCOMPRESSED_BYTES: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .max(1024 * 1024 * 1024)
    .optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'SMTP_URL is smtp://user:pass@host:port (or smtps://)' }).optional(),
  MAIL_FROM: z.string().min(3).optional(),
});

/**
 * Which peers may tell Jointly the client's address (X-Forwarded-For): false (none, the
 * default: the socket's address is the client's), true (any), a number of proxy hops, or
 * the proxies' addresses/CIDRs. Rate limits and login throttling key on that address.
 */
export type TrustProxy = boolean | number | string[];

/**
 * Account throttles. Login failures slow down, they never lock: see server/auth/login-throttle.ts.
 */
export interface AccountLimits {
  /** Sign-ups per client address per window (an office of a coalition signs up together). */
  readonly signupsPerAddress: number;
  readonly signupWindowMs: number;
  /** Failed logins per client address per window, over all accounts (credential stuffing). */
  readonly loginFailuresPerAddress: number;
  readonly loginWindowMs: number;
}

/** Requests per client address on routes anyone may call without signing in (see server/http/anonymous-rate-limit.ts). */
export interface AnonymousLimits {
  /** Sustained requests per second per address, after a burst of `burst` requests. */
  readonly requestsPerSecond: number;
  readonly burst: number;
  /** Addresses tracked at once (memory bound); the least recently seen is forgotten first. */
  readonly maxAddresses: number;
}

/**
 * What admission lets into a document (see server/collab/admission/). Every update is
 * checked against these caps before it is logged; an update over one is refused whole.
 */
export interface AdmissionLimits {
  /** Largest update (bytes of the Yjs update) a client may send in one frame. */
  readonly maxUpdateBytes: number;
  /** Most structs (items, GC and skip ranges) one update may carry. */
  readonly maxUpdateStructs: number;
  /** Most delete ranges one update may carry (a reconnect's sync step 2 carries every deletion it knows). */
  readonly maxUpdateDeleteRanges: number;
  /** Longest run of clock a struct may take without carrying content (GC, skip, deleted content). */
  readonly maxClockJump: number;
  /** Largest a document may grow to (stored snapshot plus logged updates, in bytes). */
  readonly maxDocumentBytes: number;
  /**
   * How long an update that builds on edits the server has not received yet (a gap: sent on a
   * connection that dropped, or still in the client's sync step 2) is held, unapplied and
   * unstored, while the client is asked for what is missing. Past it the update is refused.
   */
  readonly gapWaitMs: number;
  /** Largest awareness (presence) state one client may publish, as JSON bytes. */
  readonly maxAwarenessBytes: number;
  /** Sustained awareness changes per second per connection (bursts of 4 s worth pass). */
  readonly awarenessPerSecond: number;
}

/** Limits on sockets before and after authentication (see server/collab/extensions/connection-limits.ts). */
export interface SocketLimits {
  /** Sockets that have not authenticated yet, on this instance. */
  readonly maxUnauthenticated: number;
  /** Sockets that have not authenticated yet, from one remote address. */
  readonly maxUnauthenticatedPerAddress: number;
  /** A socket that has not authenticated a document by then is closed. */
  readonly preAuthTimeoutMs: number;
  /** Frames and bytes a socket may hold queued before it authenticates (Hocuspocus's own queue). */
  readonly preAuthQueueMessages: number;
  readonly preAuthQueueBytes: number;
  /** Sustained inbound frames per second per socket; a burst of 10 s worth passes (an offline session's replay). */
  readonly inboundFramesPerSecond: number;
  /** Sustained inbound bytes per second per socket; a burst of 10 s worth passes. */
  readonly inboundBytesPerSecond: number;
  /** A socket whose unsent outbound data passes this is closed (a client that does not read). */
  readonly maxOutboundBufferBytes: number;
  /** Open document connections one user may hold on this instance. */
  readonly maxConnectionsPerUser: number;
}

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
  /** Longest a Markdown/HTML/Word conversion may run (in a worker thread) before it is refused. */
  readonly seedTimeoutMs: number;
  /**
   * Most bytes a Word file may unpack to, all its parts together, as its zip directory declares
   * them (checked before anything inflates) and as they really inflate (checked in the worker).
   */
  readonly maxImportUncompressedBytes: number;
  /** How long after typing pauses the content hash is recomputed and sent to clients. */
  readonly hashDelayMs: number;
  readonly admission: AdmissionLimits;
  readonly socketLimits: SocketLimits;
  readonly trustProxy: TrustProxy;
  /** log2 of scrypt's N for new password hashes; older, cheaper hashes are upgraded at login. */
  readonly passwordScryptLogN: number;
  readonly accountLimits: AccountLimits;
  readonly anonymousLimits: AnonymousLimits;
  /** Bytes of rendered public pages and downloads kept in memory; 0 renders every request. */
  readonly publicPageCacheBytes: number;
  /** Outgoing mail (smtp://user:pass@host:port); without it, notifications are in-app only and password reset is unavailable. */
  readonly smtpUrl: string | undefined;
  /** The From address of Jointly's e-mails ("Jointly <jointly@example.org>"). */
  readonly mailFrom: string;
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
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.keys(EnvSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]])));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  if (e.SMTP_URL && !e.MAIL_FROM) {
    throw new ConfigError(["MAIL_FROM: set the sender of Jointly's e-mails (an address your mail server may send as) when SMTP_URL is set"]);
  }
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
    trustProxy: e.TRUST_PROXY,
    passwordScryptLogN: e.PASSWORD_SCRYPT_LOG_N,
    publicPageCacheBytes: e.PUBLIC_PAGE_CACHE_BYTES,
    maxImportUncompressedBytes: e.MAX_IMPORT_UNCOMPRESSED_BYTES,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
  };
  const accountLimits: Partial<AccountLimits> = {
    signupsPerAddress: e.SIGNUPS_PER_ADDRESS,
    loginFailuresPerAddress: e.LOGIN_FAILURES_PER_ADDRESS,
  };
  const admission: Partial<AdmissionLimits> = {
    maxUpdateBytes: e.MAX_UPDATE_BYTES,
    maxUpdateStructs: e.MAX_UPDATE_STRUCTS,
    maxUpdateDeleteRanges: e.MAX_UPDATE_DELETE_RANGES,
    maxClockJump: e.MAX_CLOCK_JUMP,
    maxDocumentBytes: e.MAX_DOCUMENT_BYTES,
    gapWaitMs: e.ADMISSION_GAP_WAIT_MS,
    maxAwarenessBytes: e.MAX_AWARENESS_BYTES,
    awarenessPerSecond: e.AWARENESS_PER_SECOND,
  };
  const socketLimits: Partial<SocketLimits> = {
    maxUnauthenticated: e.MAX_UNAUTHENTICATED_SOCKETS,
    maxUnauthenticatedPerAddress: e.MAX_UNAUTHENTICATED_SOCKETS_PER_ADDRESS,
    preAuthTimeoutMs: e.PREAUTH_TIMEOUT_MS,
    inboundFramesPerSecond: e.INBOUND_FRAMES_PER_SECOND,
    inboundBytesPerSecond: e.INBOUND_BYTES_PER_SECOND,
    maxOutboundBufferBytes: e.MAX_OUTBOUND_BUFFER_BYTES,
    maxConnectionsPerUser: e.MAX_CONNECTIONS_PER_USER,
  };
  return defineConfig({
    dataDir: e.DATA_DIR,
    ...withoutUndefined(given),
    admission: { ...DEFAULTS.admission, ...withoutUndefined(admission) },
    socketLimits: { ...DEFAULTS.socketLimits, ...withoutUndefined(socketLimits) },
    accountLimits: { ...DEFAULTS.accountLimits, ...withoutUndefined(accountLimits) },
    anonymousLimits: { ...DEFAULTS.anonymousLimits, ...withoutUndefined({ requestsPerSecond: e.ANONYMOUS_REQUESTS_PER_SECOND, burst: e.ANONYMOUS_BURST }) },
  });
}

function withoutUndefined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}

const DEFAULTS: Omit<Config, 'dataDir' | 'publicUrl' | 'allowedOrigins'> = {
  port: 3000,
  host: '127.0.0.1',
  smtpUrl: undefined,
  mailFrom: 'Jointly <jointly@localhost>',
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
  maxImportUncompressedBytes: 50 * 1024 * 1024,
  hashDelayMs: 250,
  admission: {
    maxUpdateBytes: 2 * 1024 * 1024,
    maxUpdateStructs: 50_000,
    maxUpdateDeleteRanges: 50_000,
    maxClockJump: 1_000_000,
    maxDocumentBytes: 32 * 1024 * 1024,
    gapWaitMs: 10_000,
    maxAwarenessBytes: 4 * 1024,
    awarenessPerSecond: 30,
  },
  socketLimits: {
    maxUnauthenticated: 256,
    maxUnauthenticatedPerAddress: 32,
    preAuthTimeoutMs: 5_000,
    preAuthQueueMessages: 64,
    preAuthQueueBytes: 256 * 1024,
    inboundFramesPerSecond: 500,
    inboundBytesPerSecond: 2 * 1024 * 1024,
    maxOutboundBufferBytes: 16 * 1024 * 1024,
    maxConnectionsPerUser: 32,
  },
  trustProxy: false,
  passwordScryptLogN: 17,
  accountLimits: {
    signupsPerAddress: 30,
    signupWindowMs: 10 * 60 * 1000,
    loginFailuresPerAddress: 100,
    loginWindowMs: 15 * 60 * 1000,
  },
  // A burst of 200: a newsroom or campus behind one address opens a fresh link at once; 20/s after it.
  anonymousLimits: { requestsPerSecond: 20, burst: 200, maxAddresses: 10_000 },
  publicPageCacheBytes: 32 * 1024 * 1024,
};

/** A complete, frozen Config from defaults and overrides (tests and benchmarks build theirs this way). */
export type ConfigOverrides = Omit<Partial<Config>, 'admission' | 'socketLimits' | 'accountLimits' | 'anonymousLimits'> &
  Pick<Config, 'dataDir'> & {
    admission?: Partial<AdmissionLimits>;
    socketLimits?: Partial<SocketLimits>;
    accountLimits?: Partial<AccountLimits>;
    anonymousLimits?: Partial<AnonymousLimits>;
  };

export function defineConfig(overrides: ConfigOverrides): Config {
  const port = overrides.port ?? DEFAULTS.port;
  const publicUrl = overrides.publicUrl ?? `http://localhost:${port}`;
  const allowedOrigins =
    overrides.allowedOrigins ??
    (overrides.publicUrl ? [new URL(publicUrl).origin] : [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`]);
  return Object.freeze({
    ...DEFAULTS,
    ...overrides,
    publicUrl,
    allowedOrigins: Object.freeze([...allowedOrigins]),
    dataDir: resolve(overrides.dataDir),
    admission: Object.freeze({ ...DEFAULTS.admission, ...overrides.admission }),
    socketLimits: Object.freeze({ ...DEFAULTS.socketLimits, ...overrides.socketLimits }),
    anonymousLimits: Object.freeze({ ...DEFAULTS.anonymousLimits, ...overrides.anonymousLimits }),
    accountLimits: Object.freeze({ ...DEFAULTS.accountLimits, ...overrides.accountLimits }),
  });
}
