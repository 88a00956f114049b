package dev.hubkeep.server.limits;

import dev.hubkeep.server.auth.CidrRange;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.RateLimitedException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts a request against its bucket: per account for a signed-in caller (whatever token or session
 * it came with), per client address otherwise. Free of HTTP: the pipeline names the bucket.
 */
public final class RateLimiter {

    private final PlanService plans;
    private final FixedWindows windows;

    public RateLimiter(PlanService plans, FixedWindows windows) {
        this.plans = plans;
        this.windows = windows;
    }

    /** Counts a signed-in account's request; empty on an unlimited plan (nothing is counted or said). */
    public Optional<Verdict> countUser(String userId, Bucket bucket) {
        return count(plans.planOf(userId), "user:" + userId, bucket);
    }

    /** Counts an anonymous request from {@code clientAddress}; IPv6 per /64, the block one subscriber usually holds. */
    public Optional<Verdict> countAnonymous(String clientAddress, Bucket bucket) {
        return count(plans.plans().anonymous(), "address:" + addressKey(clientAddress), bucket);
    }

    private static String addressKey(String address) {
        if (!address.contains(":")) {
            return address;
        }
        try {
            return CidrRange.parse(address + "/64").text();
        } catch (InvalidInputException e) {
            return address;
        }
    }

    private Optional<Verdict> count(Plan plan, String subject, Bucket bucket) {
        if (plan.unlimited()) {
            return Optional.empty();
        }
        return Optional.of(windows.take(bucket, subject, plan.quota(bucket)));
    }

    /** The refusal of a spent bucket: what the JSON error says, and the {@code Retry-After}. */
    public static RateLimitedException refusal(Verdict verdict) {
        String bucket = verdict.bucket().wireName();
        long window = FixedWindows.WINDOW.toSeconds();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("bucket", bucket);
        details.put("quota", verdict.quota());
        details.put("window", window);
        details.put("reset", verdict.resetSeconds());
        return new RateLimitedException("You have reached your '" + bucket + "' rate limit of " + verdict.quota()
                + " requests per " + window + "s window. Retry after " + verdict.resetSeconds() + " seconds, when the"
                + " window resets; a plan with a higher quota (ask the hub's operator) raises the limit.",
                Duration.ofSeconds(verdict.resetSeconds()), Map.of("rateLimit", details));
    }
}
