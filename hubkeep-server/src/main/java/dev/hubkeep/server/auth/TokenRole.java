package dev.hubkeep.server.auth;

import dev.hubkeep.server.errors.InvalidInputException;
import java.util.Arrays;

/** What a token may do in general; {@link #FINE_GRAINED} means exactly its listed grants. */
public enum TokenRole {
    READ("read"),
    WRITE("write"),
    ADMIN("admin"),
    FINE_GRAINED("fineGrained");

    private final String wireName;

    TokenRole(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static TokenRole parse(String wireName) {
        return Arrays.stream(values())
                .filter(role -> role.wireName.equals(wireName))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException(
                        "'role' must be one of read, write, admin, fineGrained, not '" + wireName + "'."));
    }

    /** Whether a token of this role can do at least what one of {@code other} can (both not fine-grained). */
    boolean atLeast(TokenRole other) {
        return ordinal() >= other.ordinal();
    }
}
