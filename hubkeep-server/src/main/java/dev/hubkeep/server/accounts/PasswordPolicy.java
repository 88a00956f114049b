package dev.hubkeep.server.accounts;

import dev.hubkeep.server.errors.InvalidInputException;

/** What a new password must satisfy. */
public final class PasswordPolicy {

    static final int MIN_LENGTH = 8;
    /** Argon2 hashes whatever it is given; a cap keeps one request from costing unbounded work. */
    static final int MAX_LENGTH = 256;

    private PasswordPolicy() {}

    public static void check(String password, String username, String email) {
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            throw new InvalidInputException("Password must be at least " + MIN_LENGTH + " characters long.");
        }
        if (length > MAX_LENGTH) {
            throw new InvalidInputException("Password must be at most " + MAX_LENGTH + " characters long.");
        }
        if (password.equalsIgnoreCase(username) || password.equalsIgnoreCase(email.strip())) {
            throw new InvalidInputException("Password must not be the same as your username or email.");
        }
    }
}
