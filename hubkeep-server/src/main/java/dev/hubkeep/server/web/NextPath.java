package dev.hubkeep.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where to go after signing in: only a path on this hub. {@code //evil.example}, {@code /\evil},
 * {@code https://…} and anything with control characters would leave the site, so they become
 * {@code /}.
 */
final class NextPath {

    static final int MAX_LENGTH = 2000;

    private NextPath() {}

    static String safe(String next) {
        if (next == null || next.isEmpty() || next.length() > MAX_LENGTH || !next.startsWith("/")
                || next.startsWith("//") || next.startsWith("/\\")) {
            return "/";
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c < 0x21 || c == 0x7f || c == '\\') {
                return "/";
            }
        }
        return next;
    }

    /** The sign-in page, returning to {@code next} afterwards. */
    static String login(String next) {
        String safe = safe(next);
        return safe.equals("/") ? "/login" : "/login?next=" + URLEncoder.encode(safe, StandardCharsets.UTF_8);
    }
}
