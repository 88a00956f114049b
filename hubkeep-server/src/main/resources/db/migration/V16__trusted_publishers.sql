-- Trusted publishers (docs/trusted-publishers.md): a CI system's OIDC identity, by issuer, audience
-- and rules on its token's claims, that may exchange its ID token at POST /oauth/token for a
-- short-lived token on the listed repositories of the publisher's owner, a user or an organization.
CREATE TABLE trusted_publishers (
    id               TEXT PRIMARY KEY,
    user_id          TEXT REFERENCES users (id) ON DELETE CASCADE,           -- a user's publisher: its tokens are theirs
    org_id           TEXT REFERENCES organizations (id) ON DELETE CASCADE,   -- an organization's publisher
    service_account  TEXT,                    -- an organization's: the service account its tokens belong to
    owner_key        TEXT NOT NULL,           -- user_id or org_id: names are unique per owner
    name             TEXT NOT NULL,
    name_key         TEXT NOT NULL,           -- lower-cased
    issuer           TEXT NOT NULL,           -- the iss the token must carry, exactly
    audience         TEXT,                    -- the aud it must carry; NULL: the hub's public URL
    claims           TEXT NOT NULL,           -- JSON object: claim name -> the value it must equal
    repositories     TEXT NOT NULL,           -- JSON array of repository ids as the Hub's clients write them
    access           TEXT NOT NULL,           -- read | write
    lifetime_seconds INTEGER NOT NULL,        -- of each token it gets, at most an hour
    created_by       TEXT NOT NULL,           -- the username of the admin who registered it
    created_at       BIGINT NOT NULL,
    CHECK ((user_id IS NULL) <> (org_id IS NULL))
);
CREATE UNIQUE INDEX trusted_publishers_name ON trusted_publishers (owner_key, name_key);
CREATE INDEX trusted_publishers_by_issuer ON trusted_publishers (issuer);

-- The tokens each publisher's exchanges made, so deleting the publisher revokes them and expired
-- ones leave the owner's token list.
CREATE TABLE trusted_publisher_tokens (
    token_id     TEXT PRIMARY KEY REFERENCES access_tokens (id) ON DELETE CASCADE,
    publisher_id TEXT NOT NULL REFERENCES trusted_publishers (id) ON DELETE CASCADE,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX trusted_publisher_tokens_by_publisher ON trusted_publisher_tokens (publisher_id, expires_at);
