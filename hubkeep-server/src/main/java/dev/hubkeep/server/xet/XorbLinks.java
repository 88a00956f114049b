package dev.hubkeep.server.xet;

import dev.hubkeep.server.auth.PepperRing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The xorb range links a reconstruction hands out. Xet clients fetch them without credentials, so
 * each link authorizes itself: it names one xorb, one byte range of it and an expiry, signed with
 * the Xet key (HMAC-SHA256). It opens that range only, until it expires; a client that gets 403
 * asks for the reconstruction again.
 */
public final class XorbLinks {

    /** A valid link's grant: bytes {@code start} to {@code end} (inclusive) of the xorb. */
    public record Grant(XetHash xorb, long start, long end) {}

    private final PepperRing key;
    private final Duration validity;
    private final Clock clock;

    public XorbLinks(PepperRing key, Duration validity, Clock clock) {
        this.key = key;
        this.validity = validity;
        this.clock = clock;
    }

    /** The path and query (after the CAS URL) of a link to bytes {@code start}..{@code end} (inclusive) of the xorb. */
    public String sign(XetHash xorb, long start, long end) {
        long expires = clock.instant().plus(validity).getEpochSecond();
        return "/v1/xorb-ranges/" + xorb.hex() + "?range=" + start + "-" + end + "&exp=" + expires + "&sig="
                + signature(xorb.hex(), start, end, expires);
    }

    /** The grant of a link, if its signature holds and it has not expired. */
    public Optional<Grant> check(String xorb, String range, String expires, String signature) {
        if (xorb == null || range == null || expires == null || signature == null || !range.matches("\\d{1,18}-\\d{1,18}")
                || !expires.matches("\\d{1,12}")) {
            return Optional.empty();
        }
        long start = Long.parseLong(range.substring(0, range.indexOf('-')));
        long end = Long.parseLong(range.substring(range.indexOf('-') + 1));
        long exp = Long.parseLong(expires);
        byte[] expected = signature(xorb, start, end, exp).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))
                || exp <= clock.instant().getEpochSecond() || end < start) {
            return Optional.empty();
        }
        return Optional.of(new Grant(XetHash.fromHex(xorb), start, end));
    }

    private String signature(String xorb, long start, long end, long expires) {
        return key.current().hexDigest("xorb-range|" + xorb + "|" + start + "|" + end + "|" + expires);
    }
}
