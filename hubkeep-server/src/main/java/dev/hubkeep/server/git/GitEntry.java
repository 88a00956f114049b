package dev.hubkeep.server.git;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The git smart HTTP and LFS entries: the binding table beside the route table. {@link GitHttp}
 * dispatches from it (an exhaustive switch gives every entry its handler), the request timers carry
 * its templates, and the route sweeps walk it, so an entry added here is guarded, timed and swept.
 *
 * <p>Repository entries resolve the repository from the path and ask {@code Access.decide}; the LFS
 * object entries are reached through the signed links the batch endpoint hands out, and check the
 * link's own authorization.
 */
public enum GitEntry {

    /** The ref advertisement: read, or write when {@code service=git-receive-pack}. */
    REFS("GET", Needs.READ_OR_WRITE_BY_SERVICE, Paths.REPO + "info/refs"),
    UPLOAD_PACK("POST", Needs.READ, Paths.REPO + "git-upload-pack"),
    RECEIVE_PACK("POST", Needs.WRITE, Paths.REPO + "git-receive-pack"),
    /** LFS's batch API: read to download, write to upload (the body's {@code operation}). */
    LFS_BATCH("POST", Needs.READ_OR_WRITE_BY_OPERATION, Paths.REPO + "info/lfs/objects/batch"),
    LFS_DOWNLOAD("GET", Needs.SIGNED_LINK, "/.lfs/objects/{oid}"),
    LFS_UPLOAD("PUT", Needs.SIGNED_LINK, "/.lfs/objects/{oid}"),
    LFS_PART_UPLOAD("PUT", Needs.SIGNED_LINK, "/.lfs/objects/{oid}/parts/{part}"),
    LFS_PART_STATUS("HEAD", Needs.SIGNED_LINK, "/.lfs/objects/{oid}/parts/{part}"),
    LFS_COMPLETE("POST", Needs.SIGNED_LINK, "/.lfs/objects/{oid}/complete"),
    LFS_VERIFY("POST", Needs.SIGNED_LINK, "/.lfs/verify");

    /** What a caller must hold for an entry. */
    public enum Needs { READ, WRITE, READ_OR_WRITE_BY_SERVICE, READ_OR_WRITE_BY_OPERATION, SIGNED_LINK }

    private final String method;
    private final Needs needs;
    private final String template;
    private final Pattern pattern;

    GitEntry(String method, Needs needs, String template) {
        this.method = method;
        this.needs = needs;
        this.template = template;
        this.pattern = Pattern.compile("^" + template
                .replace(Paths.REPO, Paths.REPO_REGEX)
                .replace(".lfs", "\\.lfs")
                .replace("{oid}", "([0-9a-f]{64})")
                .replace("{part}", "([1-9][0-9]{0,4})") + "$");
    }

    public String method() {
        return method;
    }

    public Needs needs() {
        return needs;
    }

    /**
     * The path template, as the request timers name it: {@code /[{type}s/]{ns}/{name}[.git]/…} for
     * repository entries (the type prefix and {@code .git} optional), {@code {oid}}, {@code {part}}.
     */
    public String template() {
        return template;
    }

    /** The entry a request is for, and the path's groups; null when none is (the route table's then). */
    static Match match(String method, String path) {
        if (!mayBeGit(path)) {
            return null;
        }
        for (GitEntry entry : values()) {
            if (entry.method.equals(method)) {
                Matcher m = entry.pattern.matcher(path);
                if (m.matches()) {
                    return new Match(entry, m);
                }
            }
        }
        return null;
    }

    /** A cheap first look, so that requests for the route table pay for no pattern matching here. */
    private static boolean mayBeGit(String path) {
        return path.startsWith("/.lfs/") || path.endsWith("/info/refs") || path.endsWith("/git-upload-pack")
                || path.endsWith("/git-receive-pack") || path.endsWith("/info/lfs/objects/batch");
    }

    /**
     * A request matched to an entry. For repository entries: {@link #type()}, {@link #namespace()},
     * {@link #name()}; for LFS object entries: {@link #oid()} and {@link #part()}.
     */
    record Match(GitEntry entry, Matcher groups) {

        String type() {
            String prefix = groups.group(1);
            return prefix == null ? "model" : prefix.equals("datasets") ? "dataset" : "space";
        }

        String namespace() {
            return groups.group(2);
        }

        String name() {
            return groups.group(3);
        }

        String oid() {
            return groups.group(1);
        }

        int part() {
            return Integer.parseInt(groups.group(2));
        }
    }

    /** Kept apart so the constants above can use them in their constructor calls. */
    private static final class Paths {
        static final String REPO = "/[{type}s/]{ns}/{name}[.git]/";
        static final String REPO_REGEX = "/(?:(datasets|spaces)/)?([A-Za-z0-9][A-Za-z0-9._-]*)/([A-Za-z0-9][A-Za-z0-9._-]*?)(?:\\.git)?/";
    }
}
