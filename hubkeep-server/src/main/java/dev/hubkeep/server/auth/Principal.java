package dev.hubkeep.server.auth;

/** Who is making a request, as established once per request by the {@link Authenticator}. */
public sealed interface Principal permits Principal.Anonymous, Principal.Authenticated {

    /** No credentials were presented. */
    record Anonymous() implements Principal {}

    /** A known user, and how they proved it. */
    record Authenticated(String userId, String username, Credential credential) implements Principal {}

    /** How an authenticated user proved who they are. */
    enum Credential {
        /** A web session cookie, obtained by signing in with the password. */
        SESSION
    }

    Anonymous ANONYMOUS = new Anonymous();
}
