package dev.hubkeep.server.scan;

import java.util.Locale;

/**
 * Who may download a file found infected (setting {@code scan-infected-downloads}). By default the
 * repository's writers may (with a write-capable credential: they need to see what they pushed to
 * clean it up), and anonymous callers and read tokens may not; an operator can refuse everyone or
 * serve everyone (the {@code X-Scan-Status} header still says what the file is).
 */
public enum InfectedDownloads {
    WRITERS("writers", "The repository's writers may still download it, signed in or with a write token; a read token cannot."),
    NOBODY("nobody", "This hub serves infected files to no one (its scan-infected-downloads setting); the repository's writers"
            + " should delete it."),
    EVERYONE("everyone", "");

    private final String wireName;
    private final String whoMay;

    InfectedDownloads(String wireName, String whoMay) {
        this.wireName = wireName;
        this.whoMay = whoMay;
    }

    public String wireName() {
        return wireName;
    }

    String whoMay() {
        return whoMay;
    }

    boolean serves(boolean callerMayWrite) {
        return switch (this) {
            case WRITERS -> callerMayWrite;
            case NOBODY -> false;
            case EVERYONE -> true;
        };
    }

    /** The setting's value; IllegalArgumentException naming the values it takes. */
    public static InfectedDownloads fromWire(String text) {
        for (InfectedDownloads value : values()) {
            if (value.wireName.equals(text.strip().toLowerCase(Locale.ROOT))) {
                return value;
            }
        }
        throw new IllegalArgumentException("must be writers, nobody or everyone, not '" + text + "'");
    }
}
