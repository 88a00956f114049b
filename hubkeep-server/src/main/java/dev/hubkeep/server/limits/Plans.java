package dev.hubkeep.server.limits;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plans a hub offers, by name. The public Hub's (September 2025) are the defaults for api,
 * resolvers and pages; the inference quotas are Hubkeep's own (the public Hub bills inference in
 * credits, not requests). An operator may change them all (docs/configuration.md). {@code unlimited}
 * is always there.
 */
public record Plans(Map<String, Plan> byName) {

    /** The names an operator may set quotas for, in the order the docs list them. */
    public static final List<String> CONFIGURABLE = List.of(Plan.ANONYMOUS, Plan.FREE, "pro", "team", "enterprise");

    public static final Plans DEFAULTS = new Plans(List.of(
            Plan.limited(Plan.ANONYMOUS, 500, 3_000, 100, 50),
            Plan.limited(Plan.FREE, 1_000, 5_000, 200, 200),
            Plan.limited("pro", 2_500, 12_000, 400, 1_000),
            Plan.limited("team", 3_000, 20_000, 400, 1_000),
            Plan.limited("enterprise", 6_000, 50_000, 600, 2_000)));

    public Plans {
        byName = Map.copyOf(byName);
        if (!byName.containsKey(Plan.ANONYMOUS) || !byName.containsKey(Plan.FREE)) {
            throw new IllegalArgumentException("the anonymous and free plans must exist");
        }
    }

    public Plans(List<Plan> plans) {
        this(withUnlimited(plans));
    }

    private static Map<String, Plan> withUnlimited(List<Plan> plans) {
        Map<String, Plan> byName = new LinkedHashMap<>();
        plans.forEach(plan -> byName.put(plan.name(), plan));
        byName.put(Plan.UNLIMITED, new Plan(Plan.UNLIMITED, 0, 0, 0, 0, true));
        return byName;
    }

    /** These plans with {@code plan} in place of the one of its name. */
    public Plans with(Plan plan) {
        Map<String, Plan> copy = new LinkedHashMap<>(byName);
        copy.put(plan.name(), plan);
        return new Plans(copy);
    }

    /** Every plan at {@code quota} requests per window in every bucket (tests that must never hit a limit). */
    public static Plans allAt(long quota) {
        return new Plans(CONFIGURABLE.stream().map(name -> Plan.limited(name, quota, quota, quota, quota)).toList());
    }

    public Optional<Plan> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Plan anonymous() {
        return byName.get(Plan.ANONYMOUS);
    }

    public Plan free() {
        return byName.get(Plan.FREE);
    }
}
