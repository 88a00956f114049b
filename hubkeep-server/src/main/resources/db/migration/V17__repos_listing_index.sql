-- The repository listing's order (newest change first, then id) within a type, so a page is read
-- from the index in order and stops at its limit instead of sorting every repository.
CREATE INDEX repos_listing ON repos (type, updated_at, id);
