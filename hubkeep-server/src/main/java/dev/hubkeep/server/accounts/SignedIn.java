package dev.hubkeep.server.accounts;

/** The outcome of a good login: the session, and the cookie secret that only the response carries. */
public record SignedIn(User user, Session session, String cookieSecret) {}
