-- Accounts, email verification and web sessions.
-- Written once for SQLite and PostgreSQL: ids are made by the application (TEXT), instants are
-- epoch milliseconds (BIGINT), secrets are stored only as hex digests (TEXT).

CREATE TABLE users (
    id                TEXT PRIMARY KEY,
    username          TEXT NOT NULL,
    username_key      TEXT NOT NULL UNIQUE,   -- lower-cased: names are unique in any case
    email             TEXT NOT NULL,
    email_key         TEXT NOT NULL UNIQUE,   -- lower-cased
    fullname          TEXT NOT NULL,
    password_hash     TEXT NOT NULL,          -- Argon2id, PHC string
    email_verified_at BIGINT,
    is_admin          BOOLEAN NOT NULL DEFAULT FALSE,
    created_at        BIGINT NOT NULL
);

CREATE TABLE email_verifications (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email        TEXT NOT NULL,
    token_digest TEXT NOT NULL UNIQUE,        -- SHA-256 of the link's secret
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    used_at      BIGINT
);

CREATE INDEX email_verifications_by_user ON email_verifications (user_id, created_at);

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_digest TEXT NOT NULL UNIQUE,        -- SHA-256 of the cookie's secret
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    revoked_at   BIGINT,
    created_ip   TEXT NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (user_id);
