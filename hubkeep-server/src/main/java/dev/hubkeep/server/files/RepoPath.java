package dev.hubkeep.server.files;

import dev.hubkeep.server.errors.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A path inside a repository, as clients send it in URLs and commit bodies. Everything that could
 * reach outside the repository's tree or into git's own files is refused before any work is done:
 * {@code ..} and {@code .} segments, absolute paths, backslashes, empty segments, control
 * characters (NUL among them), a {@code .git} segment in any spelling a file system reads as it,
 * and paths longer than git hosts accept.
 */
public final class RepoPath {

    /** The longest path accepted, in UTF-8 bytes (GitHub's and the Hub's limits are near this). */
    static final int MAX_BYTES = 1024;
    /** The longest single segment, in UTF-8 bytes: what common file systems allow. */
    static final int MAX_SEGMENT_BYTES = 255;

    private RepoPath() {}

    /** {@code path} unchanged if it names a file or folder inside the repository; else a 400 naming the problem. */
    public static String validate(String path) {
        if (path == null || path.isEmpty()) {
            throw invalid(path, "it is empty");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw invalid(path, "it is longer than " + MAX_BYTES + " bytes");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw invalid(path, "it contains a control character");
            }
            if (c == '\\') {
                throw invalid(path, "it contains a backslash");
            }
        }
        if (path.startsWith("/")) {
            throw invalid(path, "it is absolute");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                throw invalid(path, "it has an empty segment");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw invalid(path, "it has a '" + segment + "' segment");
            }
            if (isDotGit(segment)) {
                throw invalid(path, "it names git's own .git folder");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw invalid(path, "one of its segments is longer than " + MAX_SEGMENT_BYTES + " bytes");
            }
        }
        return path;
    }

    /**
     * Whether a segment is {@code .git} as git, Windows or macOS would read it: in any case, with
     * trailing dots or spaces (which Windows drops), as the short name {@code git~1}, or with the
     * invisible characters HFS+ ignores. Git refuses all of these in trees, and so does a push here.
     */
    static boolean isDotGit(String segment) {
        StringBuilder visible = new StringBuilder(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (!ignoredByHfs(c)) {
                if (visible.isEmpty() && c != '.' && c != 'g' && c != 'G') {
                    return false; // every spelling starts with '.' or 'g' (most names stop here, unfolded)
                }
                visible.append(c);
            }
        }
        String folded = visible.toString().toLowerCase(Locale.ROOT);
        int end = folded.length();
        while (end > 0 && (folded.charAt(end - 1) == '.' || folded.charAt(end - 1) == ' ')) {
            end--;
        }
        return folded.substring(0, end).equals(".git") || folded.equals("git~1");
    }

    /** Zero-width and direction marks HFS+ leaves out when comparing names. */
    private static boolean ignoredByHfs(char c) {
        return c >= '\u200C' && c <= '\u200F' || c >= '\u202A' && c <= '\u202E' || c >= '\u206A' && c <= '\u206F'
                || c == '\uFEFF';
    }

    /** A folder path: as {@link #validate}, with one trailing slash allowed and dropped. */
    public static String validateFolder(String path) {
        return validate(path != null && path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    }

    private static InvalidInputException invalid(String path, String why) {
        String shown = path == null ? "" : path.length() > 80 ? path.substring(0, 80) + "…" : path;
        return new InvalidInputException("Invalid path '" + shown.replaceAll("\\p{Cntrl}", "?") + "': " + why + ".");
    }
}
