package dev.hubkeep.server.store;

/**
 * Something that changed in the data a cache may hold, announced by the service that changed it
 * once the change is committed ({@link Changes}). Named by id only: a listener drops what it keeps
 * of that id and reads the new state when next asked.
 */
public sealed interface Change {

    /** An access token: revoked, refreshed, edited, deleted. */
    record Token(String tokenId) implements Change {}

    /** An account: its email verified, its sessions, anything a cached user or principal shows. */
    record Account(String userId) implements Change {}

    /** An organization: its members and their roles, its profile, token policy and token reviews. */
    record Org(String orgId) implements Change {}

    /** A repository's row or who may read it: visibility, gating, grants, name, deletion, lastModified. */
    record Repo(String repoId) implements Change {}

    /** A repository's refs: a push, a commit, a branch or tag made or deleted through the API. */
    record Refs(String repoId) implements Change {}

    /** Anything at all (a node that may have missed announcements drops every cache). */
    record Everything() implements Change {}

    Change EVERYTHING = new Everything();
}
