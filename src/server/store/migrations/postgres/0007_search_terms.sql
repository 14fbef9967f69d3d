-- lhs portal schema, version 7: free text by terms (domain::search) — each word folded and
-- its Italian stem — so "fattura" finds "fatture" and "scart" finds "scartata", the same as on
-- SQLite. `tickets.search` becomes to_tsvector('simple', terms), the terms computed by lhs
-- (right after this migration, for every existing ticket and content); queries ask for them
-- with prefixes (`:*`) through the same GIN index.
ALTER TABLE contents ADD COLUMN terms TEXT NOT NULL DEFAULT '';
