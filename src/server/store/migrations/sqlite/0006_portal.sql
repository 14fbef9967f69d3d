-- lhs portal schema, version 6: the rest of the manual's portal.
-- Courses (Corsi on-line) with seats and enrolments, open to companies with a courses
-- subscription; the Store's packages of SMART minutes and their orders, whose confirmation
-- credits the package with a movement pointing at the order; a company's standing (the
-- banner "Accesso abilitato temporaneamente", or suspension); a notification address per
-- ticket; notices on catalog nodes for the new-ticket form; each user's mail language.

ALTER TABLE companies ADD COLUMN courses_subscription INTEGER NOT NULL DEFAULT 0;
ALTER TABLE companies ADD COLUMN standing TEXT NOT NULL DEFAULT 'ok'
    CHECK (standing IN ('ok', 'temporary', 'suspended'));
ALTER TABLE companies ADD COLUMN standing_message TEXT;
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'it' CHECK (language IN ('it', 'en'));
ALTER TABLE tickets ADD COLUMN notify_email TEXT;
ALTER TABLE macro_areas ADD COLUMN notice TEXT;
ALTER TABLE areas ADD COLUMN notice TEXT;
ALTER TABLE sections ADD COLUMN notice TEXT;

CREATE TABLE courses (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    starts_at    TEXT NOT NULL,
    seats        INTEGER NOT NULL CHECK (seats > 0),
    author_id    INTEGER NOT NULL REFERENCES users(id),
    created_at   TEXT NOT NULL
);
CREATE INDEX courses_starts ON courses(starts_at, id);

CREATE TABLE enrolments (
    course_id    INTEGER NOT NULL REFERENCES courses(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    enrolled_at  TEXT NOT NULL,
    PRIMARY KEY (course_id, user_id)
);
CREATE INDEX enrolments_user ON enrolments(user_id);

CREATE TABLE store_packages (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name         TEXT NOT NULL,
    minutes      INTEGER NOT NULL CHECK (minutes > 0),
    price_cents  INTEGER NOT NULL CHECK (price_cents >= 0),
    active       INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

-- An order keeps what was bought at the price of the day.
CREATE TABLE orders (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL REFERENCES companies(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    package_id   INTEGER NOT NULL REFERENCES store_packages(id),
    minutes      INTEGER NOT NULL,
    price_cents  INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected')),
    reason       TEXT,
    created_at   TEXT NOT NULL,
    decided_at   TEXT,
    decided_by   INTEGER REFERENCES users(id)
);
CREATE INDEX orders_company ON orders(company_id, id);
CREATE INDEX orders_status ON orders(status, id);

ALTER TABLE package_movements ADD COLUMN order_id INTEGER REFERENCES orders(id);
