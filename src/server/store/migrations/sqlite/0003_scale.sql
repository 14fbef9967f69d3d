-- lhs portal schema, version 3: listings and search that cost the same at a million tickets,
-- throttles shared through the database.

-- Keyset listings, newest first, for each scope (all, company, creator) with and without a
-- state, and by technician; creation time for date ranges; the sweep's answered tickets.
DROP INDEX tickets_state;
CREATE INDEX tickets_state_id ON tickets(state, id);
CREATE INDEX tickets_company_state ON tickets(company_id, state, id);
CREATE INDEX tickets_creator_state ON tickets(creator_id, state, id);
CREATE INDEX tickets_technician ON tickets(technician_id, state, id);
CREATE INDEX tickets_created ON tickets(created_at, id);
CREATE INDEX tickets_answered ON tickets(answered_at) WHERE state = 'risposto';

-- Search: whole words (no prefix scans), case and accents ignored. `scope` holds the tokens
-- `co<company id>` and `us<creator id>`, so a company's or a user's search walks only their
-- own tickets.
DROP TABLE ticket_fts;
CREATE VIRTUAL TABLE ticket_search USING fts5(
    subject, description, comments, scope,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO ticket_search (rowid, subject, description, comments, scope)
SELECT t.id, t.subject, t.description,
       coalesce((SELECT group_concat(body, char(10))
                 FROM (SELECT body FROM comments WHERE ticket_id = t.id ORDER BY id)), ''),
       'co' || t.company_id || ' us' || t.creator_id
FROM tickets t;

-- Login and reset throttles, seen by every process that shares the database.
CREATE TABLE throttle_events (
    id     INTEGER PRIMARY KEY,
    key    TEXT NOT NULL,
    at_ms  INTEGER NOT NULL
);
CREATE INDEX throttle_events_key ON throttle_events(key, at_ms);
CREATE INDEX throttle_events_at ON throttle_events(at_ms);

CREATE INDEX idempotency_created ON idempotency_keys(created_at);
