-- The scanning pipeline (trust.md, "Malware scanning"; docs/scanning.md). One row per file content,
-- keyed by its object id, shared by every repository: an unchanged file is never scanned twice.
-- The row is also the queue entry: due_at says when a worker should (re)scan it (NULL once its status
-- is final); claimed_at marks a scan under way, and a claim older than the lease (a crash) expires.
CREATE TABLE scan_files (
    object_key  TEXT NOT NULL PRIMARY KEY,     -- git:<blob sha1> or sha256:<LFS oid>
    status      TEXT NOT NULL,                 -- pending, ok, infected, suspicious, error
    report      TEXT,                          -- JSON: each engine's finding, pickle imports
    size        BIGINT NOT NULL,
    repo_id     TEXT NOT NULL,                 -- where the content was first seen, and is read from
    commit_id   TEXT,                          -- the commit that brought it (none for an LFS upload)
    path        TEXT,                          -- its path in that commit
    attempts    INTEGER NOT NULL DEFAULT 0,
    due_at      BIGINT,
    claimed_at  BIGINT,
    created_at  BIGINT NOT NULL,
    scanned_at  BIGINT
);

CREATE INDEX scan_files_due ON scan_files (due_at);

-- Pushes (and API commits, ref updates) whose new files are still to be listed into scan_files:
-- written in the post-receive hook, so a push is queued durably without walking its history first.
CREATE TABLE scan_pushes (
    id          TEXT NOT NULL PRIMARY KEY,
    repo_id     TEXT NOT NULL,
    updates     TEXT NOT NULL,                 -- one "<old> <new> <ref>" line per ref update
    created_at  BIGINT NOT NULL,
    claimed_at  BIGINT
);
