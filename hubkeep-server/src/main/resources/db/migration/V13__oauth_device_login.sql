-- Browser login for the Hub's CLI (RFC 8628 device flow, docs/api.md). A device code is asked for by
-- a client, approved or denied by a signed-in user at the verification page, and redeemed once for
-- an access token. Secrets are kept as SHA-256 digests only.
CREATE TABLE oauth_device_codes (
    id                 TEXT PRIMARY KEY,
    device_code_digest TEXT NOT NULL UNIQUE,
    user_code          TEXT NOT NULL UNIQUE,   -- 8 letters, without the dash
    client_id          TEXT NOT NULL,
    requested_from     TEXT NOT NULL,          -- the client's address, shown on the verification page
    created_at         BIGINT NOT NULL,
    expires_at         BIGINT NOT NULL,
    interval_seconds   INTEGER NOT NULL,       -- grows by 5 with each poll that came too early
    last_polled_at     BIGINT,
    status             TEXT NOT NULL,          -- pending | approved | denied | redeemed
    user_id            TEXT REFERENCES users (id) ON DELETE CASCADE,
    role               TEXT,                   -- the role the user picked: read | write
    decided_at         BIGINT
);
CREATE INDEX oauth_device_codes_by_expiry ON oauth_device_codes (expires_at);

-- One row per access token a device login made: its client and its current refresh token. The
-- refresh grant replaces both the token's value and the refresh token; an old one is refused.
CREATE TABLE oauth_device_grants (
    token_id           TEXT PRIMARY KEY REFERENCES access_tokens (id) ON DELETE CASCADE,
    user_id            TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_id          TEXT NOT NULL,
    refresh_digest     TEXT NOT NULL UNIQUE,
    refresh_expires_at BIGINT NOT NULL,
    created_at         BIGINT NOT NULL,
    refreshed_at       BIGINT
);
CREATE INDEX oauth_device_grants_by_user ON oauth_device_grants (user_id);
