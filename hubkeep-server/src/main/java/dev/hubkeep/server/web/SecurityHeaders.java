package dev.hubkeep.server.web;

import io.javalin.http.Context;

/**
 * The headers every page carries. The policy admits only the hub's own scripts and styles (no
 * inline script, no eval: htmx is told so in the page's meta config), images from the hub and
 * data URLs (a README's links to images elsewhere do not load, so reading one tells nobody),
 * forms that post to the hub only, and no framing.
 */
final class SecurityHeaders {

    static final String POLICY = String.join("; ",
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'");

    private SecurityHeaders() {}

    static void apply(Context ctx) {
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    }
}
