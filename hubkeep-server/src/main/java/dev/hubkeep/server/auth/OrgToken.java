package dev.hubkeep.server.auth;

import java.util.Optional;

/**
 * A live token of one of an organization's service accounts: an organization token.
 *
 * @param serviceAccount the owning account's name, {@code org/name}
 * @param createdBy who made it (an admin of the organization, the operator, a trusted publisher)
 */
public record OrgToken(AccessToken token, String serviceAccount, Optional<String> createdBy) {}
