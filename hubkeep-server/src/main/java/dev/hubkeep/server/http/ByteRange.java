package dev.hubkeep.server.http;

import dev.hubkeep.server.errors.RangeNotSatisfiableException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one byte range of a {@code Range} header that downloads honour ({@code bytes=a-b},
 * {@code bytes=a-}, {@code bytes=-n}). Anything else (several ranges, other units, nonsense) is
 * ignored and the whole file is sent, as HTTP allows; a range that starts past the end is a 416.
 */
public record ByteRange(long start, long length) {

    private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

    public long end() {
        return start + length - 1;
    }

    public String contentRange(long size) {
        return "bytes " + start + "-" + end() + "/" + size;
    }

    /** The range {@code header} asks for within a file of {@code size} bytes; empty means the whole file. */
    public static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return Optional.empty();
        }
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            if (suffix == 0) {
                throw new RangeNotSatisfiableException(size);
            }
            long length = Math.min(suffix, size);
            return length == 0 ? Optional.empty() : Optional.of(new ByteRange(size - length, length));
        }
        long start = Long.parseLong(m.group(1));
        long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
        if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < start) {
            return Optional.empty(); // syntactically invalid: ignored
        }
        if (start >= size) {
            throw new RangeNotSatisfiableException(size);
        }
        return Optional.of(new ByteRange(start, last - start + 1));
    }
}
