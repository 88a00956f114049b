package dev.hubkeep.server.oauth;

import dev.hubkeep.server.auth.NewToken;
import dev.hubkeep.server.auth.TokenService;
import dev.hubkeep.server.orgs.ServiceAccount;
import dev.hubkeep.server.orgs.ServiceAccountService;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * An organization's service accounts, as trusted publishing needs them: an organization's publisher
 * acts as one of them, so its tokens belong to the organization, never to a person.
 */
public interface ServiceAccounts {

    /** A token made for a service account, with the account's id (whose row, in the organization's log, records it). */
    record Issued(String accountId, TokenService.Created created) {}

    /** The account id of the organization's service account {@code name}, if it has one. */
    Optional<String> find(String orgName, String name);

    /**
     * A token for the service account, made on {@code handle} within the organization's rules (its
     * token policy, the account's role); empty when the account is gone. A token the rules refuse
     * throws their refusal, and the caller's transaction is rolled back.
     */
    Optional<Issued> issue(Handle handle, String orgName, String name, NewToken spec, String actor, String address);

    /** The organizations' service accounts of {@code service}: a publisher's token is issued as by a machine, approved by the configuration an admin made. */
    static ServiceAccounts of(ServiceAccountService service) {
        return new ServiceAccounts() {
            @Override
            public Optional<String> find(String orgName, String name) {
                return service.find(orgName, name).map(ServiceAccount::id);
            }

            @Override
            public Optional<Issued> issue(Handle handle, String orgName, String name, NewToken spec, String actor,
                    String address) {
                return service.find(orgName, name).map(account -> new Issued(account.id(), service.issueToken(handle, account,
                        spec, ServiceAccountService.Issuer.machine(actor), address)));
            }
        };
    }
}
