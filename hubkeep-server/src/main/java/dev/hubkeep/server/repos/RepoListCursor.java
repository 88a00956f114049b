package dev.hubkeep.server.repos;

import dev.hubkeep.server.errors.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a repository listing goes on: the last row handed out, by the listing's order (last change,
 * then id). Opaque to clients, who get it inside the {@code Link: <…>; rel="next"} URL as the Hub's
 * clients follow it; a made-up one can only skip rows, never show one the caller may not read.
 */
public record RepoListCursor(Instant updatedAt, String id) {

    static RepoListCursor after(Repo repo) {
        return new RepoListCursor(repo.updatedAt(), repo.id());
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((updatedAt.toEpochMilli() + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    public static RepoListCursor decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = plain.indexOf(':');
            String id = plain.substring(colon + 1);
            if (colon < 1 || id.isEmpty() || id.length() > 64) {
                throw new IllegalArgumentException("no id");
            }
            return new RepoListCursor(Instant.ofEpochMilli(Long.parseLong(plain.substring(0, colon))), id);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("'cursor' is not one this hub handed out; start the listing again without it.");
        }
    }
}
