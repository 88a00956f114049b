package dev.hubkeep.server.scan;

import java.util.regex.Pattern;

/**
 * What a scan result is kept under: the identity of a file's content, the same in every
 * repository. A file git holds is its blob id ({@code git:<sha1>}); a file stored in LFS is its
 * object's sha256 ({@code sha256:<oid>}), whichever pointer blob names it. Files stored through
 * Xet will be keyed by their sha256 too, so they share results with LFS copies of the same bytes.
 */
public record ScanKey(String text) {

    private static final Pattern FORM = Pattern.compile("git:[0-9a-f]{40}|sha256:[0-9a-f]{64}");

    public ScanKey {
        if (!FORM.matcher(text).matches()) {
            throw new IllegalArgumentException("not a scan key: " + text);
        }
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
