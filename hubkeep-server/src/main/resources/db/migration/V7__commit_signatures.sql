-- The signature status of each commit, fixed when the commit first reached the hub (or was first
-- asked about): a key deleted later does not rewrite history's badges.
CREATE TABLE commit_signatures (
    commit_id      TEXT PRIMARY KEY,        -- the commit's sha-1, 40 lower-case hex
    status         TEXT NOT NULL,           -- verified, unverified or none
    key_id         TEXT,
    signer_user_id TEXT,
    reason         TEXT,
    checked_at     BIGINT NOT NULL
);
