package dev.hubkeep.server.scan;

import java.util.Locale;

/**
 * A file's scan status (trust.md). {@code pending} until every engine has looked at it; then
 * {@code ok}, {@code infected} (an engine named a signature or a dangerous import),
 * {@code suspicious} (something unusual, said what) or {@code error} (the reason; retried while
 * the cause may pass).
 */
public enum ScanStatus {
    PENDING,
    OK,
    INFECTED,
    SUSPICIOUS,
    ERROR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ScanStatus fromWire(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }

    /** The word the public Hub's clients read in {@code securityFileStatus.status}. */
    public String hubWord() {
        return switch (this) {
            case PENDING -> "queued";
            case OK -> "safe";
            case INFECTED -> "unsafe";
            case SUSPICIOUS -> "suspicious";
            case ERROR -> "error";
        };
    }

    /** Of two engines' verdicts, the one that decides the file's status. */
    static ScanStatus worst(ScanStatus a, ScanStatus b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(ScanStatus status) {
        return switch (status) {
            case OK -> 0;
            case ERROR -> 1;
            case SUSPICIOUS -> 2;
            case INFECTED -> 3;
            case PENDING -> -1;
        };
    }
}
