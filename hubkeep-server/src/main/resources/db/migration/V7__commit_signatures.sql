-- The signature status of each commit, fixed when the commit first reached the hub (or was first
-- asked about): a key deleted later does not rewrite history's badges.
CREATE TABLE commit_signatures (
    commit_id      TEXT PRIMARY KEY,        -- the commit's sha-1, 40 lower-case hex
    status         TEXT NOT NULL,           -- verified, unverified or none
    key_id         TEXT,
    signer_user_id TEXT,
    reason         TEXT,
    signed_by_hub  INTEGER NOT NULL DEFAULT 0, -- 1: the hub made the commit and signed it with its own key
    checked_at     BIGINT NOT NULL
);
