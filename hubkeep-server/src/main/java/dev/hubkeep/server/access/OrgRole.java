package dev.hubkeep.server.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A member's role in an organization. */
public enum OrgRole {
    READ(Right.READ),
    WRITE(Right.WRITE),
    ADMIN(Right.ADMIN);

    private final Right right;

    OrgRole(Right right) {
        this.right = right;
    }

    public Right right() {
        return right;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OrgRole> parse(String wireName) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(wireName)).findFirst();
    }
}
