package dev.hubkeep.server.auth;

import org.jdbi.v3.core.Handle;

/**
 * Told, inside the transaction that changes them, that a fine-grained token's grants changed, so
 * that what others decided about the token (an organization's approval) can follow in the same
 * transaction.
 */
@FunctionalInterface
public interface GrantChanges {

    void changed(Handle handle, Principal.Authenticated actor, AccessToken token, FineGrained before, FineGrained after);

    GrantChanges NONE = (handle, actor, token, before, after) -> {};
}
