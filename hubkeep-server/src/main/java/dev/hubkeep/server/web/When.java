package dev.hubkeep.server.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** Times as the pages show them: to the minute, in UTC, the same for every reader. */
final class When {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private When() {}

    static String format(Instant at) {
        return FORMAT.format(at);
    }

    static String format(Optional<Instant> at, String otherwise) {
        return at.map(When::format).orElse(otherwise);
    }
}
