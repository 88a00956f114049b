package dev.hubkeep.server.access;

/** How much someone may do with a repository or organization, in increasing order. */
public enum Right {
    NONE,
    READ,
    WRITE,
    ADMIN;

    public boolean atLeast(Right other) {
        return compareTo(other) >= 0;
    }

    public static Right min(Right a, Right b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public static Right max(Right a, Right b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
