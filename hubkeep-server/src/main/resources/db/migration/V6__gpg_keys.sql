-- OpenPGP public keys on accounts, for verifying signed commits. A key (by its primary key's
-- fingerprint) belongs to at most one account.
CREATE TABLE gpg_keys (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL UNIQUE,      -- primary key, 40 upper-case hex
    key_id      TEXT NOT NULL,             -- its long key id, 16 upper-case hex
    emails      TEXT NOT NULL,             -- the emails of its self-certified user IDs, one per line
    armored     TEXT NOT NULL,             -- the public key as added
    created_at  BIGINT NOT NULL,           -- when the key was made
    expires_at  BIGINT,                    -- when it stops being valid, if ever
    added_at    BIGINT NOT NULL
);
CREATE INDEX gpg_keys_by_user ON gpg_keys (user_id, added_at);

-- Every key id of a key (the primary key and its subkeys): a signature names the one it was made with.
CREATE TABLE gpg_key_ids (
    key_id     TEXT PRIMARY KEY,
    gpg_key_id TEXT NOT NULL REFERENCES gpg_keys (id) ON DELETE CASCADE
);
CREATE INDEX gpg_key_ids_by_key ON gpg_key_ids (gpg_key_id);
