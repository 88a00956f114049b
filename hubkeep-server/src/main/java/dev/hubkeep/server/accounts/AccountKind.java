package dev.hubkeep.server.accounts;

import java.util.Arrays;

/** What an account is: a person, or a service account (a machine identity owned by an organization). */
public enum AccountKind {
    PERSON("user"),
    SERVICE("service");

    private final String stored;

    AccountKind(String stored) {
        this.stored = stored;
    }

    /** The value of {@code users.kind}. */
    public String stored() {
        return stored;
    }

    public static AccountKind fromStored(String stored) {
        return Arrays.stream(values())
                .filter(k -> k.stored.equals(stored))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Unknown account kind '" + stored + "'"));
    }
}
