-- The Xet CAS (issue 14). Xorb bytes are stored once, by hash, under <data>/xet/xorbs; their chunk
-- offsets here are always those of the stored copy (two clients can send different bytes for one
-- xorb hash). Files are recorded from shards: their terms, size and SHA-256. Xorbs and files are
-- shared across repositories (clients reuse xorbs uploaded through other repositories); which
-- repositories uploaded or referenced them is recorded, and nothing is collected.
CREATE TABLE xet_xorbs (
    hash        TEXT NOT NULL PRIMARY KEY,   -- Xet hash text, 64 lower-case hex
    stored_size BIGINT NOT NULL,
    chunk_count INTEGER NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE xet_xorb_chunks (
    xorb_hash  TEXT NOT NULL REFERENCES xet_xorbs (hash),
    idx        INTEGER NOT NULL,
    chunk_hash TEXT NOT NULL,
    byte_start BIGINT NOT NULL,              -- in the stored xorb, chunk header included
    byte_end   BIGINT NOT NULL,              -- exclusive
    raw_length BIGINT NOT NULL,
    PRIMARY KEY (xorb_hash, idx)
);

CREATE TABLE xet_xorb_repos (
    xorb_hash  TEXT NOT NULL REFERENCES xet_xorbs (hash),
    repo_id    TEXT NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (xorb_hash, repo_id)
);

CREATE TABLE xet_files (
    file_hash  TEXT NOT NULL PRIMARY KEY,
    size       BIGINT NOT NULL,
    sha256     TEXT,                         -- from the shard's metadata extension, when sent
    created_at BIGINT NOT NULL
);

CREATE INDEX xet_files_sha256 ON xet_files (sha256);

CREATE TABLE xet_file_terms (
    file_hash   TEXT NOT NULL REFERENCES xet_files (file_hash),
    idx         INTEGER NOT NULL,
    xorb_hash   TEXT NOT NULL REFERENCES xet_xorbs (hash),
    chunk_start INTEGER NOT NULL,
    chunk_end   INTEGER NOT NULL,            -- exclusive
    raw_length  BIGINT NOT NULL,
    PRIMARY KEY (file_hash, idx)
);

CREATE TABLE xet_file_repos (
    file_hash  TEXT NOT NULL REFERENCES xet_files (file_hash),
    repo_id    TEXT NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (file_hash, repo_id)
);
