package dev.hubkeep.server.access;

/**
 * What an organization's token policy says about the token making a request, for that
 * organization's resources. Anything but {@link #OPEN} takes the token's access to them away
 * (public reads still work as for anyone).
 */
public enum TokenGate {
    OPEN(null),
    FINE_GRAINED_REQUIRED("%s accepts only fine-grained tokens for its resources."),
    PENDING_APPROVAL("This token is waiting for an administrator of %s to approve it for the organization's resources."),
    DENIED("An administrator of %s denied this token access to the organization's resources."),
    REVOKED_BY_ORG("An administrator of %s revoked this token's access to the organization's resources."),
    LIFETIME_TOO_LONG("%s accepts only tokens that expire within its maximum lifetime.");

    private final String message;

    TokenGate(String message) {
        this.message = message;
    }

    public String message(String org) {
        return String.format(message, org);
    }
}
