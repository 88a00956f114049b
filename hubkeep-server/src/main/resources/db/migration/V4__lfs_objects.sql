-- Which LFS objects each repository holds. Objects are stored once, by sha256, under <data>/lfs;
-- a repository may serve an object only after it was uploaded (or pushed) through it.
CREATE TABLE lfs_objects (
    repo_id    TEXT NOT NULL REFERENCES repos (id) ON DELETE CASCADE,
    oid        TEXT NOT NULL,                 -- sha256, 64 lower-case hex
    size       BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (repo_id, oid)
);
