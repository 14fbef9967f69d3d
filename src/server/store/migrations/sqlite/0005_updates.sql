-- lhs portal schema, version 5: software updates (Aggiornamenti software). An update is a
-- version of a product of the catalog (a macro area) with release notes and files; it is
-- visible to the customers whose contract includes that product. Files can be hundreds of MB:
-- they are stored in chunks of 1 MiB, written as the upload streams in and read back the same
-- way, so neither side ever holds a whole file. A file is attached to its update only when the
-- upload completes; files left without an update (an upload cut short) are swept away.

CREATE TABLE updates (
    id              INTEGER PRIMARY KEY,
    macro_area_id   INTEGER NOT NULL REFERENCES macro_areas(id),
    version         TEXT NOT NULL,
    notes           TEXT NOT NULL,
    author_id       INTEGER NOT NULL REFERENCES users(id),
    published_at    TEXT NOT NULL,
    unpublished_at  TEXT,
    UNIQUE (macro_area_id, version)
);
CREATE INDEX updates_product ON updates(macro_area_id, id);

CREATE TABLE update_files (
    id          INTEGER PRIMARY KEY,
    update_id   INTEGER REFERENCES updates(id),
    filename    TEXT NOT NULL,
    size        INTEGER NOT NULL DEFAULT 0,
    sha256      TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX update_files_update ON update_files(update_id, id);

CREATE TABLE update_chunks (
    file_id  INTEGER NOT NULL REFERENCES update_files(id),
    seq      INTEGER NOT NULL,
    data     BLOB NOT NULL,
    PRIMARY KEY (file_id, seq)
);
