-- User access tokens and the audit log. Only a keyed digest of a token's value is stored.

CREATE TABLE access_tokens (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    name_key      TEXT NOT NULL,              -- lower-cased: names are unique per owner in any case
    role          TEXT NOT NULL,              -- read | write | admin | fineGrained
    fine_grained  TEXT,                       -- JSON, for role fineGrained
    digest        TEXT NOT NULL UNIQUE,       -- hex HMAC-SHA256(pepper, token)
    pepper_id     TEXT NOT NULL,              -- which pepper made the digest
    hint          TEXT NOT NULL,              -- first 6 and last 4 characters
    allowed_cidrs TEXT,                       -- JSON array of networks; NULL: from anywhere
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT,
    refreshed_at  BIGINT,
    last_used_at  BIGINT,
    last_used_ip  TEXT,
    expiry_seen_at BIGINT,                    -- when an expired use was first refused (audited once)
    revoked_at    BIGINT,
    revoked_by    TEXT                        -- owner | leak | operator
);

-- A name may be reused once the token holding it is revoked.
CREATE UNIQUE INDEX access_tokens_live_name ON access_tokens (user_id, name_key) WHERE revoked_at IS NULL;
CREATE INDEX access_tokens_by_user ON access_tokens (user_id, created_at);

-- Addresses each token was used from, to audit the first use from a new one.
CREATE TABLE access_token_addresses (
    token_id      TEXT NOT NULL REFERENCES access_tokens (id) ON DELETE CASCADE,
    address       TEXT NOT NULL,
    first_seen_at BIGINT NOT NULL,
    PRIMARY KEY (token_id, address)
);

CREATE TABLE audit_events (
    id            TEXT PRIMARY KEY,
    at            BIGINT NOT NULL,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,   -- whose event it is
    actor         TEXT NOT NULL,              -- who did it: a username, or leak-report / operator / system
    action        TEXT NOT NULL,              -- token.create, token.refresh, …
    token_id      TEXT,
    address       TEXT,
    details       TEXT                        -- JSON
);

CREATE INDEX audit_events_by_user ON audit_events (user_id, at);
