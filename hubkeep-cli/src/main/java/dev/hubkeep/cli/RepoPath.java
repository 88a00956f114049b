package dev.hubkeep.cli;

import java.util.Optional;

/**
 * A file's path in a repository, as a hub lists it, checked before it names a local file. Git and
 * the Hub store paths relative, '/'-separated, without empty, '.' or '..' segments; anything else
 * (an absolute path, '..', a backslash, a control character) is a hub trying to reach outside the
 * folder a download goes to, or to name the folder itself, so it is refused rather than repaired.
 */
final class RepoPath {

    private RepoPath() {}

    /** Why {@code path} cannot name a file under a folder, if it cannot. */
    static Optional<String> problem(String path) {
        if (path.isEmpty()) {
            return Optional.of("it is empty");
        }
        if (path.startsWith("/")) {
            return Optional.of("it is absolute");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c >= 0x7f && c <= 0x9f) {
                return Optional.of("it contains a control character");
            }
            if (c == '\\') {
                return Optional.of("it contains a backslash");
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) {
                return Optional.of("it has an empty segment (// or a trailing /)");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("it has a '" + segment + "' segment");
            }
        }
        return Optional.empty();
    }
}
