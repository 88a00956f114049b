package dev.hubkeep.server.access;

/** What a request wants to do; every guarded route names exactly one. */
public enum Action {
    /** See one's own account (whoami): any credential may. */
    ACCOUNT_READ,
    /** Change one's account (e.g. ask for a new verification mail): a session or an admin token. */
    ACCOUNT_MANAGE,
    /** List and show one's access tokens, and read one's audit log. */
    TOKENS_READ,
    /** Create tokens, rename them, change their grants, refresh or delete any of them. */
    TOKENS_MANAGE,
    /** Add or delete one's OpenPGP keys (for signed commits). */
    GPG_KEYS_MANAGE,
    /** Refresh or delete one given token: a token may always do this to itself. */
    TOKEN_RETIRE,
    /** Create an organization (its creator becomes its admin). */
    ORG_CREATE,
    /** Administer an organization: members, roles, token policy, token reviews, audit log, service accounts and their tokens, deletion. */
    ORG_ADMIN,
    /** Leave an organization one is a member of: a session or an admin token. */
    ORG_LEAVE,
    /** Administer the hub's accounts (deactivate, reactivate, delete): the hub's administrators only. */
    USERS_ADMIN,
    /** Create a repository in a namespace. */
    REPO_CREATE,
    /** Ask for access to a gated repository (or withdraw the request): any signed-in user who can see it. */
    REPO_REQUEST_ACCESS,
    /** Read a repository: metadata, files, clone. */
    REPO_READ,
    /** Write to a repository: push, commit, branches; handle its gated access requests. */
    REPO_WRITE,
    /**
     * Manage a repository: its settings (visibility, gating) and moving or renaming it. Needs write,
     * as the Hub's guides teach ("Write: create and manage repositories").
     */
    REPO_MANAGE,
    /** Delete a repository: needs admin ("Admin: delete repositories"). */
    REPO_ADMIN,
    /**
     * Call the inference gateway: on a model, read access to it and a credential that may call
     * inference (any role, a session, or a fine-grained token with {@code inference.serverless.write}
     * on its owner's account); on one's own account (the model list), only the latter.
     */
    INFERENCE
}
