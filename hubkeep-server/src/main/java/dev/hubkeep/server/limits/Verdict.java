package dev.hubkeep.server.limits;

/**
 * The answer for one request in one bucket: what the {@code RateLimit} headers say, and whether it
 * may go on.
 *
 * @param remaining requests left in this window after this one
 * @param resetSeconds whole seconds until the window ends (at least 1)
 */
public record Verdict(Bucket bucket, long quota, long remaining, long resetSeconds, boolean allowed) {}
