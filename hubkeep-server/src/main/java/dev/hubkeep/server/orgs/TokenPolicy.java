package dev.hubkeep.server.orgs;

import java.util.Optional;

/**
 * What an organization demands of tokens used on its resources.
 *
 * @param fineGrainedOnly only fine-grained tokens may be used
 * @param requireApproval each token waits for an admin's approval before it may be used
 * @param maxLifetimeDays tokens must expire within this many days of their creation
 */
public record TokenPolicy(boolean fineGrainedOnly, boolean requireApproval, Optional<Integer> maxLifetimeDays) {

    public static final TokenPolicy OPEN = new TokenPolicy(false, false, Optional.empty());
}
