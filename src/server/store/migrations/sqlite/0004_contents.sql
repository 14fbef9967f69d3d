-- lhs portal schema, version 4: the portal's reading areas — technical documents, technical
-- and commercial news, videos, fiscal notices, FAQ — published by the help desk for all
-- customers, for chosen customers, or for those whose contract includes a catalog node.

CREATE TABLE contents (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL CHECK (kind IN ('documents', 'news-tech', 'news-sales', 'videos', 'fiscal', 'faq')),
    title             TEXT NOT NULL,
    summary           TEXT NOT NULL DEFAULT '',
    body              TEXT NOT NULL DEFAULT '',
    video_url         TEXT,
    duration_seconds  INTEGER,
    audience          TEXT NOT NULL CHECK (audience IN ('all', 'customers', 'contract')),
    macro_area_id     INTEGER REFERENCES macro_areas(id),
    area_id           INTEGER REFERENCES areas(id),
    author_id         INTEGER NOT NULL REFERENCES users(id),
    published_at      TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    unpublished_at    TEXT
);
CREATE INDEX contents_kind ON contents(kind, id);

-- The customers a `customers` audience names.
CREATE TABLE content_customers (
    content_id  INTEGER NOT NULL REFERENCES contents(id),
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    PRIMARY KEY (content_id, company_id)
);
CREATE INDEX content_customers_company ON content_customers(company_id);

CREATE TABLE content_files (
    id            INTEGER PRIMARY KEY,
    content_id    INTEGER NOT NULL REFERENCES contents(id),
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    data          BLOB NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX content_files_content ON content_files(content_id, id);
