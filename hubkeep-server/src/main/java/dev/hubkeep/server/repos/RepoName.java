package dev.hubkeep.server.repos;

import dev.hubkeep.server.errors.InvalidInputException;
import java.util.regex.Pattern;

/**
 * Repository names, as on the public Hub: 1–96 letters, digits, {@code -}, {@code _} and {@code .},
 * starting and ending with a letter or digit, no two separators in a row (the client cache writes
 * {@code models--ns--name}), and not ending in {@code .git}.
 */
public final class RepoName {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?");
    private static final Pattern DOUBLE_SEPARATOR = Pattern.compile("[._-]{2}");

    private RepoName() {}

    public static String validate(String name) {
        if (name.isEmpty() || name.length() > 96) {
            throw new InvalidInputException("Repository name must be 1 to 96 characters long.");
        }
        if (!SHAPE.matcher(name).matches() || DOUBLE_SEPARATOR.matcher(name).find()) {
            throw new InvalidInputException("Repository name may contain only letters, digits, '-', '_' and '.',"
                    + " must start and end with a letter or digit, and must not hold two separators in a row.");
        }
        if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".git")) {
            throw new InvalidInputException("Repository name must not end in '.git'.");
        }
        return name;
    }
}
