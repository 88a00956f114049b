package dev.hubkeep.server.oauth;

import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.oidc.IdToken;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What an ID token's claims must say for a trusted publisher to match: each named claim equal to
 * its value, exactly (case and all). Nothing else: no patterns, no "any of", so what a rule admits
 * reads off the rule. At least one rule names a claim that tells projects apart ({@link #IDENTIFYING}),
 * since any repository on GitHub or GitLab.com can get a token from the same issuer.
 */
public record ClaimRules(Map<String, String> equal) {

    static final int MAX_RULES = 16;
    static final int MAX_VALUE_LENGTH = 512;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    /**
     * Claims that name a project, a namespace or a workload: {@code sub} everywhere (Kubernetes:
     * {@code system:serviceaccount:NS:NAME}), GitHub's {@code repository*}, GitLab's {@code project_*}
     * and {@code namespace_*}.
     */
    static final Set<String> IDENTIFYING = Set.of("sub", "repository", "repository_id", "repository_owner",
            "repository_owner_id", "job_workflow_ref", "project_path", "project_id", "namespace_path", "namespace_id");

    /** Claims the exchange checks itself: a rule on them would be ignored or contradict the publisher's settings. */
    private static final Set<String> RESERVED = Set.of("iss", "aud", "exp", "nbf", "iat");

    public ClaimRules {
        equal = java.util.Collections.unmodifiableMap(new TreeMap<>(equal));
    }

    /** The rules a registration sends, checked: names, values, bounds, an identifying claim. */
    public static ClaimRules of(Map<String, String> rules) {
        if (rules.isEmpty() || rules.size() > MAX_RULES) {
            throw new InvalidInputException("'claims' must hold 1 to " + MAX_RULES + " rules, each a claim name and the value"
                    + " it must equal, such as {\"repository\": \"acme/train\", \"ref\": \"refs/heads/main\"}.");
        }
        Map<String, String> checked = new LinkedHashMap<>();
        rules.forEach((name, value) -> {
            if (!NAME.matcher(name).matches()) {
                throw new InvalidInputException("Claim name '" + shortened(name) + "' must be 1 to 64 letters, digits,"
                        + " '_', '.', ':' or '-'.");
            }
            if (RESERVED.contains(name)) {
                throw new InvalidInputException("A rule on '" + name + "' is not needed: the hub checks the issuer, the"
                        + " audience and the token's times itself (set 'issuer' and 'audience' instead).");
            }
            if (value.isEmpty() || value.length() > MAX_VALUE_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
                throw new InvalidInputException("The value for claim '" + name + "' must be 1 to " + MAX_VALUE_LENGTH
                        + " characters, without control characters.");
            }
            checked.put(name, value);
        });
        if (checked.keySet().stream().noneMatch(IDENTIFYING::contains)) {
            throw new InvalidInputException("Name at least one claim that identifies the project or workload, or any"
                    + " repository with the same issuer would match: one of " + String.join(", ", new java.util.TreeSet<>(IDENTIFYING)) + ".");
        }
        return new ClaimRules(checked);
    }

    /** Which rule the token fails, said for the publisher's admins; empty when it passes them all. */
    public Optional<String> failure(IdToken token) {
        for (Map.Entry<String, String> rule : equal.entrySet()) {
            Optional<String> actual = token.text(rule.getKey());
            if (actual.isEmpty()) {
                return Optional.of("claim '" + rule.getKey() + "' is missing (the rule wants '" + rule.getValue() + "')");
            }
            if (!actual.get().equals(rule.getValue())) {
                return Optional.of("claim '" + rule.getKey() + "' is '" + shortened(actual.get()) + "', the rule wants '"
                        + rule.getValue() + "'");
            }
        }
        return Optional.empty();
    }

    private static String shortened(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}
