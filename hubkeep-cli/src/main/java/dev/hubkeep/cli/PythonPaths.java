package dev.hubkeep.cli;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's {@code os.path} on POSIX, as far as the Hub's Python client uses it to find its files
 * ({@code expanduser}, {@code expandvars}, {@code join}): hubkeep must name the very same token file
 * in every environment, or a login made by one tool is not found by the other. Java's
 * {@code user.home} comes from the password database and ignores {@code $HOME}; Python prefers
 * {@code $HOME}, so that is what is followed here.
 */
final class PythonPaths {

    /** {@code $name} or {@code ${name}}, where a bare name is ASCII letters, digits and underscores (Python's {@code \w} with re.ASCII). */
    private static final Pattern VARIABLE = Pattern.compile("\\$([A-Za-z0-9_]+|\\{[^}]*})");

    private PythonPaths() {}

    /**
     * {@code os.path.expanduser}: a leading {@code ~} (alone or before {@code /}) becomes
     * {@code $HOME} when it is set, even to an empty value, else {@code accountHome}. {@code ~user}
     * is left as it is (Python would look that user up; no setting here uses it).
     */
    static String expandUser(String path, Map<String, String> variables, String accountHome) {
        if (!path.startsWith("~")) {
            return path;
        }
        int slash = path.indexOf('/', 1);
        int end = slash < 0 ? path.length() : slash;
        if (end != 1) {
            return path;
        }
        String home = variables.containsKey("HOME") ? variables.get("HOME") : accountHome;
        home = stripTrailingSlashes(home);
        String expanded = home + path.substring(end);
        return expanded.isEmpty() ? "/" : expanded;
    }

    /** {@code os.path.expandvars}: {@code $NAME} and {@code ${NAME}} of set variables are replaced; others stay as written. */
    static String expandVars(String path, Map<String, String> variables) {
        if (!path.contains("$")) {
            return path;
        }
        StringBuilder out = new StringBuilder();
        Matcher m = VARIABLE.matcher(path);
        int copied = 0;
        while (m.find()) {
            String name = m.group(1);
            if (name.startsWith("{")) {
                name = name.substring(1, name.length() - 1);
            }
            String value = variables.get(name);
            if (value != null) {
                out.append(path, copied, m.start()).append(value);
                copied = m.end();
            }
        }
        return out.append(path.substring(copied)).toString();
    }

    /** {@code os.path.join(a, b)} for two parts: {@code b} if it is absolute or {@code a} is empty. */
    static String join(String first, String second) {
        if (second.startsWith("/") || first.isEmpty()) {
            return second;
        }
        return first.endsWith("/") ? first + second : first + "/" + second;
    }

    private static String stripTrailingSlashes(String path) {
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(0, end);
    }
}
