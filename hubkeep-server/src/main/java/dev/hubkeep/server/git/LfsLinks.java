package dev.hubkeep.server.git;

import dev.hubkeep.server.auth.PepperRing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The upload, download and verify links an LFS batch answer hands out, and the part and
 * completion links of a multipart upload. The Hub's clients send no
 * credentials on them, so each link authorizes itself: it names the repository, the object, the
 * operation, the size and an expiry, signed with a server key (HMAC-SHA256) kept beside the token
 * pepper. A link works for exactly what it names, until it expires: an hour for uploads, and
 * {@code downloadValidity} (minutes) for downloads, because a download link keeps working for
 * whoever holds it after the holder's access ends (a gated repository's approval withdrawn).
 */
public final class LfsLinks {

    /** How long upload, verify, part and completion links work. */
    static final Duration VALIDITY = Duration.ofHours(1);

    /** What a valid link grants. */
    public record Grant(String operation, String repoId, String oid, long size) {}

    private final PepperRing key;
    private final Duration downloadValidity;
    private final Clock clock;

    public LfsLinks(PepperRing key, Duration downloadValidity, Clock clock) {
        this.key = key;
        this.downloadValidity = downloadValidity;
        this.clock = clock;
    }

    /** How long a link for {@code operation} works from when it is signed. */
    public Duration validity(String operation) {
        return operation.equals("download") ? downloadValidity : VALIDITY;
    }

    /** The path and query of a signed link (the caller puts the public URL in front). */
    public String sign(String operation, String repoId, String oid, long size) {
        String path = operation.equals("verify") ? "/.lfs/verify" : "/.lfs/objects/" + oid;
        return signed(path, operation, repoId, oid, size, "");
    }

    /** The link that receives part {@code part} (from 1) of a multipart upload cut in {@code partSize} pieces. */
    public String signPart(String repoId, String oid, long size, long partSize, int part) {
        return signed("/.lfs/objects/" + oid + "/parts/" + part, "part", repoId, oid, size, partDetail(partSize, part))
                + "&chunk=" + partSize;
    }

    /** The link that assembles the parts of a multipart upload into the object. */
    public String signCompletion(String repoId, String oid, long size, long partSize) {
        return signed("/.lfs/objects/" + oid + "/complete", "complete", repoId, oid, size, "chunk=" + partSize)
                + "&chunk=" + partSize;
    }

    static String partDetail(long partSize, int part) {
        return "chunk=" + partSize + ";part=" + part;
    }

    private String signed(String path, String operation, String repoId, String oid, long size, String detail) {
        long expires = clock.instant().plus(validity(operation)).getEpochSecond();
        String query = "repo=" + repoId + "&size=" + size + "&exp=" + expires;
        return path + "?op=" + operation + "&" + query + "&sig=" + signature(operation, repoId, oid, size, expires, detail);
    }

    /** The grant of a link, if its signature holds and it has not expired. */
    public Optional<Grant> check(String operation, String repoId, String oid, String size, String expires, String signature) {
        return check(operation, "", repoId, oid, size, expires, signature);
    }

    /** As {@link #check}, for a link whose signature also covers {@code detail} (a part's size and number). */
    public Optional<Grant> check(String operation, String detail, String repoId, String oid, String size, String expires,
            String signature) {
        if (repoId == null || size == null || expires == null || signature == null || !size.matches("\\d{1,18}")
                || !expires.matches("\\d{1,12}")) {
            return Optional.empty();
        }
        long sizeValue = Long.parseLong(size);
        long expiresValue = Long.parseLong(expires);
        String expected = signature(operation, repoId, oid, sizeValue, expiresValue, detail);
        boolean valid = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
        if (!valid || expiresValue < clock.instant().getEpochSecond()) {
            return Optional.empty();
        }
        return Optional.of(new Grant(operation, repoId, oid, sizeValue));
    }

    private String signature(String operation, String repoId, String oid, long size, long expires, String detail) {
        // Links without a detail keep the signature they always had, so links handed out before an upgrade still work.
        String signed = operation + "|" + repoId + "|" + oid + "|" + size + "|" + expires;
        return key.current().hexDigest(detail.isEmpty() ? signed : signed + "|" + detail);
    }
}
