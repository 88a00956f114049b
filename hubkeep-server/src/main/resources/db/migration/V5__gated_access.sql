-- Requests for access to gated repositories, one per user and repository: pending, accepted
-- (the user may read the repository) or rejected.
CREATE TABLE repo_access_requests (
    repo_id          TEXT NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status           TEXT NOT NULL,
    fields           TEXT,                    -- what the requester filled in, JSON
    rejection_reason TEXT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (repo_id, user_id)
);
CREATE INDEX repo_access_requests_by_status ON repo_access_requests (repo_id, status, updated_at);
