package dev.hubkeep.server.oauth;

import dev.hubkeep.server.auth.NewToken;
import dev.hubkeep.server.auth.TokenService;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * An organization's service accounts, as trusted publishing needs them: an organization's publisher
 * acts as one of them, so its tokens belong to the organization, never to a person.
 */
public interface ServiceAccounts {

    /** A token made for a service account, with the account's user id (whose audit log, with the organization's, records it). */
    record Issued(String accountId, TokenService.Created created) {}

    /** The user id of the organization's service account {@code name}, if it has one. */
    Optional<String> find(String orgId, String name);

    /** A token for the service account, made on {@code handle}; empty when the account is gone. */
    Optional<Issued> issue(Handle handle, String orgId, String name, NewToken spec, String actor, String address);

    /** A hub without service accounts: organizations cannot register publishers. */
    ServiceAccounts NONE = new ServiceAccounts() {
        @Override
        public Optional<String> find(String orgId, String name) {
            return Optional.empty();
        }

        @Override
        public Optional<Issued> issue(Handle handle, String orgId, String name, NewToken spec, String actor, String address) {
            return Optional.empty();
        }
    };
}
