package dev.hubkeep.server.xet;

import dev.hubkeep.server.access.Action;

/** What a Xet token lets its holder do on the CAS: read reconstructions, or also upload xorbs and shards. */
public enum XetScope {
    READ("read", Action.REPO_READ),
    WRITE("write", Action.REPO_WRITE);

    private final String wireName;
    private final Action action;

    XetScope(String wireName, Action action) {
        this.wireName = wireName;
        this.action = action;
    }

    public String wireName() {
        return wireName;
    }

    /** The hub action on the repository a caller must still be allowed to use this scope. */
    public Action action() {
        return action;
    }

    /** Whether a token of this scope may be used where {@code needed} is demanded (write includes read). */
    public boolean covers(XetScope needed) {
        return this == WRITE || needed == READ;
    }

    public static XetScope fromWireName(String name) {
        for (XetScope scope : values()) {
            if (scope.wireName.equals(name)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("no Xet scope " + name);
    }
}
