package dev.hubkeep.server.limits;

/** The public Hub's rate-limit buckets: each counts its own requests in its own window. */
public enum Bucket {
    /** The Hub API: everything under {@code /api/}. */
    API("api"),
    /** Every URL with a {@code /resolve/} segment: file downloads, the most frequent and the highest quota. */
    RESOLVERS("resolvers"),
    /** Web pages and their forms. */
    PAGES("pages"),
    /** The inference gateway: every route whose guard decides {@code INFERENCE} (docs/inference.md). */
    INFERENCE("inference");

    private final String wireName;

    Bucket(String wireName) {
        this.wireName = wireName;
    }

    /** The name clients see in the {@code RateLimit} headers and errors. */
    public String wireName() {
        return wireName;
    }
}
