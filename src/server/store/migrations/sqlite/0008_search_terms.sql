-- lhs portal schema, version 8: free text by terms (domain::search) — each word folded and
-- its Italian stem — so "fattura" finds "fatture" and "scart" finds "scartata", the same as on
-- PostgreSQL. The columns hold terms, not the text; the store fills them (and, right after
-- this migration, refills them for every existing ticket and content). Prefixes of 3 to 6
-- letters have an index of their own, so partial words are looked up, not scanned.
DROP TABLE ticket_search;
CREATE VIRTUAL TABLE ticket_search USING fts5(
    subject, description, comments, scope,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '3 4 5 6'
);
-- The terms longer than the longest indexed prefix, so that such a prefix is looked up as
-- the words it stands for (FTS5 would merge every matching list before the first row).
CREATE TABLE ticket_search_vocab (term TEXT PRIMARY KEY) WITHOUT ROWID;
ALTER TABLE contents ADD COLUMN terms TEXT NOT NULL DEFAULT '';
