package dev.hubkeep.server.access;

/** What an action is done to, with the facts the decision needs about it. */
public sealed interface Resource {

    /** A user's account and what hangs off it (tokens, audit log, settings). */
    record Account(String userId) implements Resource {}

    /** One access token of a user. */
    record Token(String ownerId, String tokenId) implements Resource {}

    /** A namespace: to create repositories in, or (an organization's) to administer. */
    record Namespace(NamespaceFacts facts) implements Resource {}

    /** The hub itself (its accounts), for its administrators. */
    record Instance(boolean callerIsAdmin) implements Resource {}

    /** A repository, existing or not. */
    record Repo(RepoFacts facts) implements Resource {}
}
