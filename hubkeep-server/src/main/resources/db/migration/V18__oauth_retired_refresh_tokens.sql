-- The refresh tokens a device login's refresh grant replaced, kept until they would have expired:
-- one presented again means two parties hold the login (RFC 6749's security BCP, section 4.14.2),
-- so the hub ends it, revoking its access token. Digests only, like the current refresh token.
CREATE TABLE oauth_retired_refresh_tokens (
    refresh_digest TEXT PRIMARY KEY,
    token_id       TEXT NOT NULL REFERENCES access_tokens (id) ON DELETE CASCADE,
    expires_at     BIGINT NOT NULL
);
CREATE INDEX oauth_retired_refresh_tokens_by_token ON oauth_retired_refresh_tokens (token_id);
CREATE INDEX oauth_retired_refresh_tokens_by_expiry ON oauth_retired_refresh_tokens (expires_at);
