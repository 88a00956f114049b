package dev.hubkeep.server.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading the hub's HTML pages in tests: the CSRF token a page's forms carry, a field's value. */
public final class Pages {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern TOKEN_VALUE = Pattern.compile("id=\"token-value\" value=\"([^\"]+)\"");

    private Pages() {}

    /** The CSRF token of the first form on the page. */
    public static String csrf(Response page) {
        Matcher m = CSRF.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("No form with a CSRF token on the page: " + page.status() + " " + page.body());
        }
        return m.group(1);
    }

    /** The new token's value, shown once on the page that made or refreshed it. */
    public static String tokenValue(Response page) {
        Matcher m = TOKEN_VALUE.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("No token value on the page: " + page.status() + " " + page.body());
        }
        return m.group(1);
    }

    /** Signs {@code username} in through the sign-in form (password {@code password-of-<username>}). */
    public static Response signIn(Browser browser, String username) {
        String csrf = csrf(browser.page("/login"));
        return browser.postForm("/login", "_csrf", csrf, "username", username, "password", "password-of-" + username, "next", "/");
    }
}
