package dev.hubkeep.protocol;

/**
 * The {@code X-Error-Code} values the Hub's clients recognise. Their spelling is fixed by those
 * clients, so it must not change.
 */
public enum ErrorCode {
    REPO_NOT_FOUND("RepoNotFound"),
    GATED_REPO("GatedRepo"),
    REVISION_NOT_FOUND("RevisionNotFound"),
    ENTRY_NOT_FOUND("EntryNotFound");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
