-- Rate-limit counters when rate-limit-store = database (docs/limits.md): one row per subject
-- ("user:<id>" or "address:<ip>"), bucket and 5-minute window (its number since the epoch), so
-- every node on the database counts against one quota and a restart keeps the window. Rows of
-- ended windows are deleted in the background.
CREATE TABLE rate_limit_counts (
    subject TEXT NOT NULL,
    bucket TEXT NOT NULL,
    window_no BIGINT NOT NULL,
    used BIGINT NOT NULL,
    PRIMARY KEY (subject, bucket, window_no)
);
CREATE INDEX rate_limit_counts_window ON rate_limit_counts (window_no);

-- Changes committed by operator commands (another process) on SQLite, where there is no NOTIFY:
-- a running server reads the rows after the last it saw and drops what its caches hold of them
-- (docs/performance.md). On PostgreSQL the commands NOTIFY instead, and this table stays empty.
CREATE TABLE change_log (
    seq BIGINT PRIMARY KEY,
    change TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
