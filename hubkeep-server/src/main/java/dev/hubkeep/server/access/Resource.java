package dev.hubkeep.server.access;

/** What an action is done to. */
public sealed interface Resource {

    /** A user's account and what hangs off it (tokens, audit log, settings). */
    record Account(String userId) implements Resource {}

    /** One access token of a user. */
    record Token(String ownerId, String tokenId) implements Resource {}
}
