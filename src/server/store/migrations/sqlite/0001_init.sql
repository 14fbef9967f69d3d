-- lhs portal schema, version 1.
-- Timestamps are RFC 3339 UTC text with milliseconds, so text order is time order.

CREATE TABLE companies (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    account              TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role                 TEXT NOT NULL CHECK (role IN ('staff', 'admin', 'user')),
    staff_admin          INTEGER NOT NULL DEFAULT 0,
    company_id           INTEGER REFERENCES companies(id),
    name                 TEXT NOT NULL,
    surname              TEXT NOT NULL,
    email                TEXT NOT NULL,
    password_hash        TEXT NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    active               INTEGER NOT NULL DEFAULT 1,
    permissions          TEXT NOT NULL DEFAULT '{}',
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    CHECK ((role = 'staff') = (company_id IS NULL))
);
CREATE INDEX users_company ON users(company_id);
-- One Administrator per company.
CREATE UNIQUE INDEX users_one_admin ON users(company_id) WHERE role = 'admin';

-- Session tokens (kind 'session') and personal API tokens (kind 'api'); only hashes are kept.
CREATE TABLE tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('session', 'api')),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX tokens_user ON tokens(user_id, kind);

CREATE TABLE password_resets (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);

CREATE TABLE macro_areas (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE areas (
    id             INTEGER PRIMARY KEY,
    macro_area_id  INTEGER NOT NULL REFERENCES macro_areas(id),
    name           TEXT NOT NULL COLLATE NOCASE,
    UNIQUE (macro_area_id, name)
);
CREATE TABLE sections (
    id       INTEGER PRIMARY KEY,
    area_id  INTEGER NOT NULL REFERENCES areas(id),
    name     TEXT NOT NULL COLLATE NOCASE,
    UNIQUE (area_id, name)
);
-- Which sections each company's contract enables.
CREATE TABLE contract_sections (
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    section_id  INTEGER NOT NULL REFERENCES sections(id),
    PRIMARY KEY (company_id, section_id)
);

-- SMART package: the balance is the sum of the movements.
CREATE TABLE package_movements (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    minutes     INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('grant', 'consumption')),
    ticket_id   INTEGER REFERENCES tickets(id),
    note        TEXT,
    by_user_id  INTEGER REFERENCES users(id),
    created_at  TEXT NOT NULL
);
CREATE INDEX package_company ON package_movements(company_id, id);

-- AUTOINCREMENT: a ticket number is never reused, even after a deletion.
CREATE TABLE tickets (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id        INTEGER NOT NULL REFERENCES companies(id),
    creator_id        INTEGER NOT NULL REFERENCES users(id),
    section_id        INTEGER NOT NULL REFERENCES sections(id),
    subject           TEXT NOT NULL,
    description       TEXT NOT NULL,
    priority          TEXT NOT NULL CHECK (priority IN ('normale', 'bloccante', 'priority')),
    state             TEXT NOT NULL CHECK (state IN ('inserito', 'in_carico', 'risposto', 'chiuso')),
    technician_id     INTEGER REFERENCES users(id),
    minutes           INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    answered_at       TEXT,
    closed_at         TEXT,
    closed_by         TEXT CHECK (closed_by IN ('customer', 'staff', 'system'))
);
CREATE INDEX tickets_company ON tickets(company_id, id);
CREATE INDEX tickets_creator ON tickets(creator_id, id);
CREATE INDEX tickets_state ON tickets(state, answered_at);
-- Numbers start at 1001.
INSERT INTO sqlite_sequence (name, seq) VALUES ('tickets', 1000);

CREATE TABLE comments (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    author_id   INTEGER NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL CHECK (kind IN ('comment', 'reply')),
    body        TEXT NOT NULL,
    minutes     INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);
CREATE INDEX comments_ticket ON comments(ticket_id, id);

CREATE TABLE attachments (
    id            INTEGER PRIMARY KEY,
    ticket_id     INTEGER NOT NULL REFERENCES tickets(id),
    uploader_id   INTEGER NOT NULL REFERENCES users(id),
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    data          BLOB NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX attachments_ticket ON attachments(ticket_id, id);

-- Free-text search over subject, description and comments; rowid = tickets.id.
CREATE VIRTUAL TABLE ticket_fts USING fts5(
    subject, description, comments,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Idempotency-Key records: a repeated POST answers the first response.
CREATE TABLE idempotency_keys (
    user_id       INTEGER NOT NULL REFERENCES users(id),
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status        INTEGER NOT NULL,
    response      TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
);

-- Every e-mail is written here in the transaction of the change that causes it.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    to_addr          TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    kind             TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    next_attempt_at  TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    sent_at          TEXT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
