package dev.hubkeep.server.errors;

/** The caller's view is stale, e.g. a commit's {@code parentCommit} is no longer the branch head (412). */
public final class PreconditionFailedException extends HubException {

    private static final long serialVersionUID = 1L;

    public PreconditionFailedException(String message) {
        super(message, null);
    }
}
