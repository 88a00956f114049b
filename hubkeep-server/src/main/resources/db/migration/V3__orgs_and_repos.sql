-- Organizations, their members, repositories, and organizations' token policies.

-- User and organization names share one namespace: a name is taken by at most one of them.
CREATE TABLE namespaces (
    name_key  TEXT PRIMARY KEY,               -- lower-cased name
    kind      TEXT NOT NULL,                  -- user | org
    owner_id  TEXT NOT NULL                   -- users.id or organizations.id
);
INSERT INTO namespaces (name_key, kind, owner_id) SELECT username_key, 'user', id FROM users;

CREATE TABLE organizations (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL UNIQUE,
    fullname   TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE org_members (
    org_id     TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT NOT NULL,                 -- read | write | admin
    created_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX org_members_by_user ON org_members (user_id);

CREATE TABLE repos (
    id            TEXT PRIMARY KEY,           -- also names the storage directory, so a move keeps it
    type          TEXT NOT NULL,              -- model | dataset | space
    namespace     TEXT NOT NULL,
    namespace_key TEXT NOT NULL,
    name          TEXT NOT NULL,
    name_key      TEXT NOT NULL,
    is_private    BOOLEAN NOT NULL,
    gated         TEXT,                       -- NULL (not gated) | auto | manual
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    UNIQUE (type, namespace_key, name_key)
);
CREATE INDEX repos_by_namespace ON repos (namespace_key);

CREATE TABLE org_token_policies (
    org_id            TEXT PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
    fine_grained_only BOOLEAN NOT NULL,
    require_approval  BOOLEAN NOT NULL,
    max_lifetime_days INTEGER                 -- NULL: no limit
);

-- An org admin's decision about one token's access to the org's resources.
CREATE TABLE org_token_reviews (
    org_id     TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    token_id   TEXT NOT NULL REFERENCES access_tokens (id) ON DELETE CASCADE,
    status     TEXT NOT NULL,                 -- pending | approved | denied | revoked
    updated_by TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, token_id)
);

-- Organization events: user_id is the acting user, org_id the organization whose admins see it.
ALTER TABLE audit_events ADD COLUMN org_id TEXT;
CREATE INDEX audit_events_by_org ON audit_events (org_id, id);
