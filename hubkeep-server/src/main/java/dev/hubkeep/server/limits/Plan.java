package dev.hubkeep.server.limits;

import java.util.Comparator;

/**
 * A named set of quotas, in requests per {@link FixedWindows#WINDOW window}: one per bucket.
 * {@link #unlimited} counts nothing (service accounts, benchmarks).
 */
public record Plan(String name, long api, long resolvers, long pages, boolean unlimited) {

    public static final String ANONYMOUS = "anonymous";
    public static final String FREE = "free";
    public static final String UNLIMITED = "unlimited";

    /** The better of two plans: unlimited first, then the larger quotas (api, then resolvers, then pages). */
    public static final Comparator<Plan> GENEROSITY = Comparator.comparing(Plan::unlimited)
            .thenComparingLong(Plan::api)
            .thenComparingLong(Plan::resolvers)
            .thenComparingLong(Plan::pages);

    public Plan {
        if (!unlimited && (api < 1 || resolvers < 1 || pages < 1)) {
            throw new IllegalArgumentException("quotas must be at least 1");
        }
    }

    public static Plan limited(String name, long api, long resolvers, long pages) {
        return new Plan(name, api, resolvers, pages, false);
    }

    public long quota(Bucket bucket) {
        return switch (bucket) {
            case API -> api;
            case RESOLVERS -> resolvers;
            case PAGES -> pages;
        };
    }
}
