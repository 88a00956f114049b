package dev.hubkeep.server.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code hubkeep_rate_limit_requests_total{bucket, plan, outcome}}: the requests each bucket let
 * through ({@code allowed}, unlimited plans included) and refused with 429 ({@code refused}), per
 * plan. Plans are the operator's few configured names, so the series stay few.
 */
final class RateLimitMetrics {

    private record Key(Bucket bucket, String plan, boolean allowed) {}

    private final MeterRegistry registry;
    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

    RateLimitMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(Bucket bucket, Plan plan, boolean allowed) {
        counters.computeIfAbsent(new Key(bucket, plan.name(), allowed), key -> Counter.builder("hubkeep.rate_limit.requests")
                        .description("Requests counted by the rate limits, by bucket, plan and outcome")
                        .tag("bucket", key.bucket().wireName())
                        .tag("plan", key.plan())
                        .tag("outcome", key.allowed() ? "allowed" : "refused")
                        .register(registry))
                .increment();
    }
}
