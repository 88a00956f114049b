package dev.hubkeep.cli;

import java.util.regex.Pattern;

/**
 * The ids a hub names commits and file contents by. In the Hub cache they become folder and file
 * names ({@code snapshots/<commit>}, {@code blobs/<id>}), so only their one true shape is
 * accepted: lowercase hex, 40 digits for a commit or a git blob, 64 for an LFS object's sha256.
 */
final class HubIds {

    private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private HubIds() {}

    static boolean isCommit(String id) {
        return SHA1.matcher(id).matches();
    }

    /** A git blob id for a file kept in git; the sha256 for an LFS file. */
    static boolean isBlob(String id, boolean lfs) {
        return (lfs ? SHA256 : SHA1).matcher(id).matches();
    }
}
