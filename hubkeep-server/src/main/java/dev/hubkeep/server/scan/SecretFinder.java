package dev.hubkeep.server.scan;

import dev.hubkeep.protocol.TokenFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Finds Hubkeep access tokens in a file's bytes: {@code hf_} and 40 base62 characters, standing
 * alone (no letter or digit right before or after), whose checksum holds ({@link TokenFormat}).
 * The checksum is what makes this safe to run on every file: a made-up or mistyped string is not
 * taken for a token. Streams the content once, keeping only a token's length of overlap.
 */
final class SecretFinder {

    /** Distinct tokens reported per file; a file holding more is not a leak but a list, and these are enough to act on. */
    static final int MAX_TOKENS = 1000;

    private static final byte[] PREFIX = TokenFormat.PREFIX.getBytes(StandardCharsets.US_ASCII);
    private static final int BUFFER = 1 << 20;

    private SecretFinder() {}

    /** The well-formed tokens in {@code in}, in the order first met. */
    static Set<String> find(InputStream in) throws IOException {
        Set<String> found = new LinkedHashSet<>();
        int overlap = TokenFormat.LENGTH + 1; // one more byte: the one before a token, for the boundary check
        byte[] buffer = new byte[BUFFER + overlap];
        int kept = 0;
        boolean first = true;
        while (true) {
            int n = in.readNBytes(buffer, kept, BUFFER);
            int length = kept + n;
            boolean last = n < BUFFER;
            // Candidates must start where a whole token still fits, unless this is the end of the stream.
            int limit = last ? length : length - overlap + 1;
            scan(buffer, length, first ? 0 : 1, limit, found);
            if (last || found.size() >= MAX_TOKENS) {
                return found;
            }
            kept = Math.min(overlap, length);
            System.arraycopy(buffer, length - kept, buffer, 0, kept);
            first = false;
        }
    }

    /** Looks for a prefix starting at [from, limit) in buffer[0, length). */
    private static void scan(byte[] buffer, int length, int from, int limit, Set<String> found) {
        for (int i = from; i < limit && i + TokenFormat.LENGTH <= length; i++) {
            if (buffer[i] != PREFIX[0] || buffer[i + 1] != PREFIX[1] || buffer[i + 2] != PREFIX[2]) {
                continue;
            }
            if (i > 0 && isTokenChar(buffer[i - 1])) {
                continue;
            }
            int end = i + TokenFormat.LENGTH;
            if (end < length && isTokenChar(buffer[end])) {
                continue;
            }
            String candidate = new String(buffer, i, TokenFormat.LENGTH, StandardCharsets.ISO_8859_1);
            if (TokenFormat.isWellFormed(candidate) && found.size() < MAX_TOKENS) {
                found.add(candidate);
            }
        }
    }

    private static boolean isTokenChar(byte b) {
        return b >= '0' && b <= '9' || b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z';
    }
}
