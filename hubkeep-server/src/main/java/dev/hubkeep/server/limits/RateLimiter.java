package dev.hubkeep.server.limits;

import dev.hubkeep.server.auth.CidrRange;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.RateLimitedException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts a request against its bucket: per account for a signed-in caller (whatever token or session
 * it came with), per client address otherwise. Free of HTTP: the pipeline names the bucket.
 */
public final class RateLimiter {

    private final PlanService plans;
    private final WindowCounts windows;
    private final RateLimitMetrics metrics;

    public RateLimiter(PlanService plans, WindowCounts windows, MeterRegistry registry) {
        this.plans = plans;
        this.windows = windows;
        this.metrics = new RateLimitMetrics(registry);
    }

    /** Counts a signed-in account's request; empty on an unlimited plan (nothing is counted or said). */
    public Optional<Verdict> countUser(String userId, Bucket bucket) {
        return count(plans.planOf(userId), userSubject(userId), bucket);
    }

    /** Counts an anonymous request from {@code clientAddress}; IPv6 per /64, the block one subscriber usually holds. */
    public Optional<Verdict> countAnonymous(String clientAddress, Bucket bucket) {
        return count(plans.plans().anonymous(), "address:" + addressKey(clientAddress), bucket);
    }

    /** What the account {@code userId} has used of its plan in the current window (counts nothing). */
    public Usage usageOf(String userId) {
        Plan plan = plans.planOf(userId);
        Window window = windows.window();
        long seconds = FixedWindows.WINDOW.toSeconds();
        if (plan.unlimited()) {
            return new Usage(plan, seconds, window.resetSeconds(), List.of());
        }
        Map<Bucket, Long> used = windows.used(userSubject(userId));
        List<Usage.Gauge> gauges = new ArrayList<>();
        for (Bucket bucket : Bucket.values()) {
            long quota = plan.quota(bucket);
            long n = used.getOrDefault(bucket, 0L);
            gauges.add(new Usage.Gauge(bucket, quota, n, Math.max(0, quota - n)));
        }
        return new Usage(plan, seconds, window.resetSeconds(), gauges);
    }

    private static String userSubject(String userId) {
        return "user:" + userId;
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
            metrics.record(bucket, plan, true);
            return Optional.empty();
        }
        Verdict verdict = windows.take(bucket, subject, plan.quota(bucket));
        metrics.record(bucket, plan, verdict.allowed());
        return Optional.of(verdict);
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
