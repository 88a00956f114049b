-- Service accounts (docs/organizations.md): accounts owned by an organization, for machines. They are
-- rows of users, so that tokens, audit events and org roles work for them as for anyone, but they have
-- no password, no email, no namespace, and never a session. Their name is "org/name", which no person
-- or organization can take ('/' is not allowed in those).
ALTER TABLE users ADD COLUMN kind TEXT NOT NULL DEFAULT 'user';   -- user | service
ALTER TABLE users ADD COLUMN owner_org_id TEXT;                   -- for a service account: its organization
-- Lifecycle (docs/operations.md): a deactivated account cannot sign in and has no live token or
-- session; a deleted one is deactivated for good. Rows stay, so that the audit trail (whose events
-- name the account) and the repositories under its namespace stay until moved or deleted.
ALTER TABLE users ADD COLUMN deactivated_at BIGINT;
ALTER TABLE users ADD COLUMN deleted_at BIGINT;
CREATE INDEX users_by_owner_org ON users (owner_org_id);

-- Who made a token when it was not its owner (a service account's tokens: an org admin, the operator,
-- a trusted publisher), as shown to the organization's admins.
ALTER TABLE access_tokens ADD COLUMN created_by TEXT;
