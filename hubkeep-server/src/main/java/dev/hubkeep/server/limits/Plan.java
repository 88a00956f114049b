package dev.hubkeep.server.limits;

import java.util.Comparator;

/**
 * A named set of quotas, in requests per {@link FixedWindows#WINDOW window}: one per bucket.
 * {@link #unlimited} counts nothing (service accounts, benchmarks).
 */
public record Plan(String name, long api, long resolvers, long pages, long inference, boolean unlimited) {

    public static final String ANONYMOUS = "anonymous";
    public static final String FREE = "free";
    public static final String UNLIMITED = "unlimited";

    /** The better of two plans: unlimited first, then the larger quotas (api, resolvers, pages, then inference). */
    public static final Comparator<Plan> GENEROSITY = Comparator.comparing(Plan::unlimited)
            .thenComparingLong(Plan::api)
            .thenComparingLong(Plan::resolvers)
            .thenComparingLong(Plan::pages)
            .thenComparingLong(Plan::inference);

    public Plan {
        if (!unlimited && (api < 1 || resolvers < 1 || pages < 1 || inference < 1)) {
            throw new IllegalArgumentException("quotas must be at least 1");
        }
    }

    /** A plan whose inference quota is its api quota (tests of the other buckets). */
    public static Plan limited(String name, long api, long resolvers, long pages) {
        return limited(name, api, resolvers, pages, api);
    }

    public static Plan limited(String name, long api, long resolvers, long pages, long inference) {
        return new Plan(name, api, resolvers, pages, inference, false);
    }

    public long quota(Bucket bucket) {
        return switch (bucket) {
            case API -> api;
            case RESOLVERS -> resolvers;
            case PAGES -> pages;
            case INFERENCE -> inference;
        };
    }
}
