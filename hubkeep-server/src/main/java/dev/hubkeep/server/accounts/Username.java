package dev.hubkeep.server.accounts;

import dev.hubkeep.server.errors.InvalidInputException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules for account and organization names, as on the public Hub: 2–42 characters of
 * letters, digits, {@code -}, {@code _} and {@code .}, not starting or ending with a separator.
 * Two separators in a row are refused too: the Hub's client cache writes {@code models--ns--name},
 * which a name holding {@code --} would make ambiguous. Names are unique in any letter case.
 */
public final class Username {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,40}[A-Za-z0-9])?");
    private static final Pattern DOUBLE_SEPARATOR = Pattern.compile("[._-]{2}");

    /** Names that would clash with the hub's own URLs, or that pose as the hub itself. */
    private static final Set<String> RESERVED = Set.of(
            "about", "admin", "administrator", "anonymous", "api", "assets", "auth", "avatars", "blog",
            "collections", "commit", "commits", "dashboard", "datasets", "docs", "enterprise", "explore",
            "git", "healthz", "help", "hf-inference", "hubkeep", "huggingface", "join", "lfs", "login", "logout", "me",
            "metrics", "models", "new", "notifications", "null", "oauth", "organizations", "orgs",
            "papers", "posts", "pricing", "privacy", "raw", "readyz", "resolve", "root", "search",
            "security", "settings", "signup", "spaces", "static", "support", "system", "terms", "token",
            "tokens", "tree", "undefined", "user", "users", "v1", "verify-email", "www");

    private Username() {}

    /** Returns {@code name} unchanged if it is acceptable for a new account, else says why not. */
    public static String validate(String name) {
        if (name.length() < 2 || name.length() > 42) {
            throw new InvalidInputException("Username must be 2 to 42 characters long.");
        }
        if (!SHAPE.matcher(name).matches()) {
            throw new InvalidInputException(
                    "Username may contain only letters, digits, '-', '_' and '.', and must start and end"
                            + " with a letter or digit.");
        }
        if (DOUBLE_SEPARATOR.matcher(name).find()) {
            throw new InvalidInputException("Username must not contain two separators ('-', '_', '.') in a row.");
        }
        if (RESERVED.contains(key(name))) {
            throw new InvalidInputException("The username '" + name + "' is reserved.");
        }
        return name;
    }

    /** The form under which names are compared and indexed. */
    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
