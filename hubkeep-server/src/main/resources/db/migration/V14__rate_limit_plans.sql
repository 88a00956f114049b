-- Rate-limit plans (docs/limits.md): a user's own plan, and an organization's plan, which applies
-- to each of its members. NULL is the default: free for a user, nothing for an organization.
ALTER TABLE users ADD COLUMN plan TEXT;
ALTER TABLE organizations ADD COLUMN plan TEXT;
