package dev.hubkeep.server.scan;

/**
 * What a scan result is kept under: the identity of a file's content, the same in every
 * repository. A file git holds is its blob id ({@code git:<sha1>}); a file stored in LFS is its
 * object's sha256 ({@code sha256:<oid>}), whichever pointer blob names it. Files stored through
 * Xet will be keyed by their sha256 too, so they share results with LFS copies of the same bytes.
 */
public record ScanKey(String text) {

    public ScanKey {
        if (!isHexAfter(text, "git:", 40) && !isHexAfter(text, "sha256:", 64)) {
            throw new IllegalArgumentException("not a scan key: " + text);
        }
    }

    /** {@code kind} then exactly {@code digits} lowercase hex digits (checked by hand: it runs on every download). */
    private static boolean isHexAfter(String text, String kind, int digits) {
        if (text.length() != kind.length() + digits || !text.startsWith(kind)) {
            return false;
        }
        for (int i = kind.length(); i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    public static ScanKey gitBlob(String sha1) {
        return new ScanKey("git:" + sha1);
    }

    public static ScanKey sha256(String oid) {
        return new ScanKey("sha256:" + oid);
    }

    public boolean isGitBlob() {
        return text.startsWith("git:");
    }

    /** The blob id or sha256, without the kind. */
    public String id() {
        return text.substring(text.indexOf(':') + 1);
    }

    @Override
    public String toString() {
        return text;
    }
}
