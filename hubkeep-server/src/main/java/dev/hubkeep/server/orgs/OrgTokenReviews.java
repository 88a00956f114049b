package dev.hubkeep.server.orgs;

import dev.hubkeep.server.auth.AccessToken;
import dev.hubkeep.server.auth.AuditEvent;
import dev.hubkeep.server.auth.AuditRepository;
import dev.hubkeep.server.auth.FineGrained;
import dev.hubkeep.server.auth.GrantChanges;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.store.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * An organization approved a token for what it could do there; when the token's grants on the
 * organization's resources grow beyond that, the approval no longer covers them and goes back to
 * pending, in the same transaction as the change. Narrowing them keeps the approval; denials and
 * org-level revocations stand whatever the grants become.
 */
public final class OrgTokenReviews implements GrantChanges {

    private final Clock clock;
    private final Ids ids;

    public OrgTokenReviews(Clock clock) {
        this.clock = clock;
        this.ids = new Ids(clock);
    }

    @Override
    public void changed(Handle handle, Principal.Authenticated actor, AccessToken token, FineGrained before, FineGrained after) {
        OrgRepository orgs = new OrgRepository(handle);
        Instant now = clock.instant();
        for (Org org : orgs.orgsThatApproved(token.id())) {
            if (!before.on(org.name()).covers(after.on(org.name()))) {
                orgs.setReview(org.id(), token.id(), "pending", null, now);
                new AuditRepository(handle).insert(new AuditEvent(ids.next(), now, actor.userId(), actor.username(),
                        "org.token.pending", Optional.empty(), Optional.empty(),
                        Map.of("tokenId", token.id(), "reason", "its grants on the organization grew"), Optional.of(org.id())));
            }
        }
    }
}
