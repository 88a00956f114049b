-- Organization setting: every repository of the organization requires signed commits, whatever
-- the repository's own setting says (the stricter of the two applies).
ALTER TABLE organizations ADD COLUMN require_signed_commits BOOLEAN NOT NULL DEFAULT FALSE;
