package dev.hubkeep.server.web;

import java.nio.charset.StandardCharsets;

/** Paths and revisions as parts of a page's links: each segment percent-encoded, the slashes kept. */
final class Urls {

    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

    private Urls() {}

    /** {@code a b/c#d} becomes {@code a%20b/c%23d}. */
    static String path(String path) {
        StringBuilder out = new StringBuilder(path.length() + 16);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c == '/' || UNRESERVED.indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** One segment: slashes encoded too (a revision such as {@code refs/pr/1}). */
    static String segment(String segment) {
        return path(segment).replace("/", "%2F");
    }
}
