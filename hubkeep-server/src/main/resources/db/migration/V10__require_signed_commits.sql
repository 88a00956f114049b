-- Repository setting: every commit a push or a ref update brings must be signed and verified
-- (trust.md, "require signed commits"). Off for existing repositories.
ALTER TABLE repos ADD COLUMN require_signed_commits BOOLEAN NOT NULL DEFAULT FALSE;
