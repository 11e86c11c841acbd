/** Forward-only migrations for the SQLite store; index + 1 is the version. Never edit one that has shipped. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX sessions_by_user ON sessions (user_id);

  CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE memberships (
    org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'signatory', 'admin')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (org_id, user_id)
  );
  CREATE INDEX memberships_by_user ON memberships (user_id);
  CREATE TABLE invites (
    token_hash TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'signatory', 'admin')),
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    accepted_by TEXT REFERENCES users (id),
    accepted_at TEXT
  );

  CREATE TABLE statements (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    lead_org_id TEXT NOT NULL REFERENCES organizations (id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE statement_participants (
    statement_id TEXT NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organizations (id),
    required INTEGER NOT NULL CHECK (required IN (0, 1)),
    added_at TEXT NOT NULL,
    PRIMARY KEY (statement_id, org_id)
  );
  CREATE INDEX participants_by_org ON statement_participants (org_id);

  CREATE TABLE document_snapshots (
    name TEXT PRIMARY KEY,
    state BLOB NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE document_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    "update" BLOB NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX document_updates_by_name ON document_updates (name, seq);
  CREATE TABLE quarantined_updates (
    seq INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    "update" BLOB NOT NULL,
    reason TEXT NOT NULL,
    quarantined_at TEXT NOT NULL
  );

  CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL,
    count INTEGER NOT NULL
  );
  `,
  `
  ALTER TABLE statements ADD COLUMN status TEXT NOT NULL DEFAULT 'drafting' CHECK (status IN ('drafting', 'locked', 'published'));
  ALTER TABLE statements ADD COLUMN content_hash TEXT;
  ALTER TABLE statements ADD COLUMN published_hash TEXT;
  ALTER TABLE statements ADD COLUMN published_at TEXT;
  ALTER TABLE statements ADD COLUMN signatory_order TEXT;

  CREATE TABLE versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    statement_id TEXT NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    document_json TEXT NOT NULL,
    yjs_snapshot BLOB NOT NULL,
    yjs_state BLOB NOT NULL,
    reason TEXT NOT NULL,
    created_by TEXT REFERENCES users (id),
    created_at TEXT NOT NULL,
    UNIQUE (statement_id, content_hash)
  );
  CREATE TABLE signoffs (
    statement_id TEXT NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    org_id TEXT NOT NULL REFERENCES organizations (id),
    content_hash TEXT NOT NULL,
    signed_by TEXT NOT NULL REFERENCES users (id),
    signed_at TEXT NOT NULL,
    PRIMARY KEY (statement_id, org_id)
  );
  CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    statement_id TEXT NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    user_id TEXT REFERENCES users (id),
    org_id TEXT REFERENCES organizations (id),
    action TEXT NOT NULL,
    content_hash TEXT,
    details TEXT
  );
  CREATE INDEX audit_events_by_statement ON audit_events (statement_id, id);
  CREATE TRIGGER audit_events_append_only_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
  CREATE TRIGGER audit_events_append_only_delete BEFORE DELETE ON audit_events
    WHEN (SELECT count(*) FROM statements WHERE id = OLD.statement_id) > 0
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
  `,
  `
  CREATE TABLE client_bindings (
    document_name TEXT NOT NULL,
    client_id INTEGER NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    bound_at TEXT NOT NULL,
    PRIMARY KEY (document_name, client_id)
  );
  `,
  `
  ALTER TABLE invites ADD COLUMN id TEXT;
  ALTER TABLE invites ADD COLUMN revoked_at TEXT;
  UPDATE invites SET id = lower(hex(randomblob(16))) WHERE id IS NULL;
  -- From now on an invitation dies with its creator's admin role (setRole/removeMember revoke
  -- it); links made by someone who is no longer an admin die here.
  UPDATE invites SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
    WHERE accepted_by IS NULL AND NOT EXISTS (
      SELECT 1 FROM memberships m WHERE m.org_id = invites.org_id AND m.user_id = invites.created_by AND m.role = 'admin');
  CREATE UNIQUE INDEX invites_by_id ON invites (id);
  CREATE INDEX invites_by_org ON invites (org_id);
  `,
  `
  -- Login throttling (server/auth/login-throttle.ts): failures per key, forgotten after a quiet spell.
  CREATE TABLE failure_counts (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL
  );
  `,
  `
  -- Organization names are unique by their lookalike key (shared/org-name.ts, registered as the
  -- SQL function org_name_key). Where earlier versions let two organizations take one name, the
  -- older keeps the key and the later ones keep their names without a key (nobody is renamed);
  -- no new organization can take any of them.
  ALTER TABLE organizations ADD COLUMN name_key TEXT;
  UPDATE organizations SET name_key = org_name_key(name) WHERE id IN (
    SELECT id FROM (
      SELECT id, ROW_NUMBER() OVER (PARTITION BY org_name_key(name) ORDER BY created_at, id) AS rank FROM organizations)
    WHERE rank = 1);
  CREATE UNIQUE INDEX organizations_by_name_key ON organizations (name_key) WHERE name_key IS NOT NULL;
  `,
  `
  -- The coalition around the text (issue 14).
  -- Statements: a sign-off deadline (UTC), an archive mark, and a pending lock (countdown).
  ALTER TABLE statements ADD COLUMN signoff_deadline TEXT;
  ALTER TABLE statements ADD COLUMN archived_at TEXT;
  ALTER TABLE statements ADD COLUMN lock_at TEXT;
  ALTER TABLE statements ADD COLUMN lock_requested_by TEXT REFERENCES users (id);
  -- The signer's title as it appears in the certificate ("Executive Director").
  ALTER TABLE signoffs ADD COLUMN signer_title TEXT;
  -- Each person may turn e-mail notifications off (in-app ones always arrive).
  ALTER TABLE users ADD COLUMN email_notifications INTEGER NOT NULL DEFAULT 1 CHECK (email_notifications IN (0, 1));

  -- Invitations of a partner organization into one statement (single use, expiring, revocable).
  CREATE TABLE statement_invites (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    statement_id TEXT NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    required INTEGER NOT NULL CHECK (required IN (0, 1)),
    email TEXT,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    accepted_by TEXT REFERENCES users (id),
    accepted_org_id TEXT REFERENCES organizations (id),
    accepted_at TEXT,
    revoked_at TEXT
  );
  CREATE INDEX statement_invites_by_statement ON statement_invites (statement_id);

  -- Workflow events written in the same transaction as the change they announce
  -- (server/storage/sqlite/outbox.ts); the notifier turns each into notifications once.
  CREATE TABLE outbox_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    statement_id TEXT REFERENCES statements (id) ON DELETE CASCADE,
    org_id TEXT,
    actor_id TEXT,
    details TEXT,
    created_at TEXT NOT NULL,
    processed_at TEXT
  );
  CREATE INDEX outbox_events_pending ON outbox_events (id) WHERE processed_at IS NULL;

  -- Password reset links: single use, short-lived; only the token's hash is kept.
  CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
  );
  CREATE INDEX password_resets_by_user ON password_resets (user_id);
  `,
  `
  -- Notifications (server/notifications/). Each outbox event becomes at most one notification per
  -- person (UNIQUE), in the transaction that marks the event processed.
  -- E-mails waiting to leave: one row per message (a single notification, or a digest of
  -- several); a row is sent once (sent_at) or given up (abandoned_at), retried meanwhile.
  CREATE TABLE mail_queue (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('single', 'digest')),
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    html TEXT NOT NULL,
    message_id TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    leased_until TEXT,
    sent_at TEXT,
    abandoned_at TEXT
  );
  CREATE INDEX mail_queue_due ON mail_queue (due_at) WHERE sent_at IS NULL AND abandoned_at IS NULL;
  CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    event_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    statement_id TEXT REFERENCES statements (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT,
    mail_id INTEGER REFERENCES mail_queue (id) ON DELETE SET NULL,
    UNIQUE (event_id, user_id)
  );
  CREATE INDEX notifications_by_user ON notifications (user_id, id);
  CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
  CREATE INDEX notifications_by_mail ON notifications (mail_id) WHERE mail_id IS NOT NULL;
  -- Per person, the current digest window: the first e-mails in it leave one by one, the rest
  -- join one digest sent when it ends.
  CREATE TABLE mail_windows (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    ends_at TEXT NOT NULL,
    singles INTEGER NOT NULL,
    digest_mail_id INTEGER REFERENCES mail_queue (id) ON DELETE SET NULL
  );
  -- An event the notifier could not turn into notifications (a bug, not a busy database) is
  -- marked processed with the reason, so it never blocks the ones after it.
  ALTER TABLE outbox_events ADD COLUMN failure TEXT;
  `,
  `
  -- When the sign-off deadline was last set: a reminder is only sent for a time span the
  -- deadline really covered ("a day before" only when it was set more than a day ahead).
  ALTER TABLE statements ADD COLUMN signoff_deadline_set_at TEXT;
  UPDATE statements SET signoff_deadline_set_at = created_at WHERE signoff_deadline IS NOT NULL;
  CREATE INDEX outbox_events_by_statement_kind ON outbox_events (statement_id, kind);
  CREATE INDEX statements_pending_locks ON statements (lock_at) WHERE lock_at IS NOT NULL;
  CREATE INDEX statements_deadlines ON statements (signoff_deadline) WHERE signoff_deadline IS NOT NULL;
  `,
];
