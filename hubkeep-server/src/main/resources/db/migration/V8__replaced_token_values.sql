-- The values a refresh replaced, by their keyed digest (never the value), so that whoever still
-- sends one is told it was replaced and when. Only the holder of that exact value can ask: the
-- lookup is by its digest.
CREATE TABLE access_token_replaced_values (
    digest      TEXT PRIMARY KEY,            -- hex HMAC-SHA256(pepper, old value)
    pepper_id   TEXT NOT NULL,
    token_id    TEXT NOT NULL REFERENCES access_tokens (id) ON DELETE CASCADE,
    replaced_at BIGINT NOT NULL
);
