package dev.hubkeep.server.auth;

import dev.hubkeep.protocol.TokenFormat;
import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.User;
import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.ForbiddenException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.mail.MailException;
import dev.hubkeep.server.mail.Mailer;
import dev.hubkeep.server.mail.OutgoingMail;
import dev.hubkeep.server.store.Change;
import dev.hubkeep.server.store.Changes;
import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.store.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of an access token: create, list, show, rename, change grants, refresh, delete, and
 * revocation of leaked values. Each change is one transaction together with its audit event, and
 * evicts the token from the verification cache once committed. The token's value exists only in
 * the {@link Created} result of create and refresh; only its keyed digest is stored.
 */
public final class TokenService {

    static final int MAX_NAME_LENGTH = 64;
    static final int MAX_CIDRS = 20;
    private static final Logger log = LoggerFactory.getLogger(TokenService.class);

    /** A token with its value, which exists nowhere else. */
    public record Created(AccessToken token, String value) {}

    private final Database database;
    private final TokenVerifier verifier;
    private final AccountService accounts;
    private final Mailer mailer;
    private final Clock clock;
    private final Ids ids;
    private final GrantChanges grantChanges;
    private final Changes changes;

    public TokenService(Database database, TokenVerifier verifier, AccountService accounts, Mailer mailer, Clock clock,
            GrantChanges grantChanges, Changes changes) {
        this.changes = changes;
        this.database = database;
        this.verifier = verifier;
        this.accounts = accounts;
        this.mailer = mailer;
        this.clock = clock;
        this.ids = new Ids(clock);
        this.grantChanges = grantChanges;
    }

    public Created create(Principal.Authenticated actor, NewToken requested, String address) {
        NewToken spec = normalized(requested);
        User owner = accounts.findUser(actor.userId()).orElseThrow(() -> new NotFoundException("Not found."));
        if (!owner.emailVerified()) {
            throw new ForbiddenException("Verify your email address before creating access tokens.");
        }
        validate(spec);
        NewToken effective = new NewToken(spec.name(), spec.role(), spec.fineGrained(), spec.expiresAt(),
                TokenPower.inheritedNetworks(actor.credential(), spec.allowedCidrs()));
        TokenPower.checkMay(actor.credential(), "create", new TokenPower.Shape(effective.role(), effective.fineGrained(),
                effective.expiresAt(), effective.allowedCidrs()));
        return insert(owner.id(), effective, actor.username() + via(actor), address);
    }

    /** For the operator command: no verified-email or escalation checks, the operator is trusted. */
    public Created createByOperator(String username, NewToken requested) {
        NewToken spec = normalized(requested);
        User owner = accounts.findByUsername(username)
                .orElseThrow(() -> new NotFoundException("No user named '" + username + "'."));
        if (!owner.active()) {
            throw new ConflictException(username + " is deactivated: reactivate it first"
                    + " ('hubkeep admin user reactivate').");
        }
        if (owner.isService()) {
            throw new InvalidInputException(username + " is a service account: make its tokens with"
                    + " 'hubkeep admin service-account token create', which applies its organization's rules.");
        }
        validate(spec);
        return insert(owner.id(), spec, "operator", "local");
    }

    private Created insert(String ownerId, NewToken spec, String actor, String address) {
        String value = TokenFormat.generate();
        PepperRing.Pepper pepper = verifier.peppers().current();
        Instant now = clock.instant();
        AccessToken token = new AccessToken(ids.next(), ownerId, spec.name().strip(), spec.role(), spec.fineGrained(),
                TokenFormat.hint(value), now, spec.expiresAt(), spec.allowedCidrs(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        inTransaction(handle -> {
            TokenRepository tokens = new TokenRepository(handle);
            if (tokens.nameTaken(ownerId, token.name())) {
                throw nameTaken(token.name());
            }
            tokens.insert(token, pepper.hexDigest(value), pepper.id());
            audit(handle, ownerId, actor, "token.create", token, address, describe(token));
        }, token.name());
        return new Created(token, value);
    }

    /**
     * A device login's token (the oauth package's device flow), made inside that flow's transaction
     * on {@code handle}, so that the code's redemption and the token are one change. The user
     * approved it from a signed-in session; the same checks as {@link #create} apply.
     */
    public Created createForDeviceLogin(Handle handle, String ownerId, NewToken requested, String actor, String address) {
        return createWithin(handle, ownerId, requested, actor, address);
    }

    /**
     * A token another flow makes for {@code ownerId} inside its own transaction on {@code handle}
     * (a device login's, a trusted publisher's exchange), audited as made by {@code actor}. The owner
     * must have verified their email address, as for {@link #create}.
     */
    public Created createWithin(Handle handle, String ownerId, NewToken requested, String actor, String address) {
        NewToken spec = normalized(requested);
        User owner = accounts.findUser(ownerId).orElseThrow(() -> new NotFoundException("Not found."));
        if (!owner.emailVerified()) {
            throw new ForbiddenException("Verify your email address before creating access tokens.");
        }
        validate(spec);
        String value = TokenFormat.generate();
        PepperRing.Pepper pepper = verifier.peppers().current();
        AccessToken token = new AccessToken(ids.next(), ownerId, spec.name().strip(), spec.role(), spec.fineGrained(),
                TokenFormat.hint(value), clock.instant(), spec.expiresAt(), spec.allowedCidrs(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        TokenRepository tokens = new TokenRepository(handle);
        if (tokens.nameTaken(ownerId, token.name())) {
            throw nameTaken(token.name());
        }
        tokens.insert(token, pepper.hexDigest(value), pepper.id());
        audit(handle, ownerId, actor, "token.create", token, address, describe(token));
        return new Created(token, value);
    }

    /**
     * A service account's token, made in the caller's transaction on {@code handle} by the orgs
     * package's {@code ServiceAccountService}, which has checked the organization's own rules (grants
     * on its repositories only, its token policy). The checks every token passes hold here too: a
     * valid name and spec, and the rule against escalation for the credential of the person asking,
     * if any ({@code asking}: a token can only make a token it could make for itself, and passes its
     * networks on). Remembered as made by {@code actor} and audited in the organization's log as done
     * by {@code actorUserId}. Nothing to publish: a new token is in no cache.
     */
    public Created createForServiceAccount(Handle handle, String serviceAccountId, NewToken requested,
            Optional<Principal.Credential> asking, String actorUserId, String actor, String orgId, String address) {
        NewToken spec = normalized(requested);
        validate(spec);
        List<CidrRange> networks = asking.map(c -> TokenPower.inheritedNetworks(c, spec.allowedCidrs()))
                .orElse(spec.allowedCidrs());
        NewToken effective = new NewToken(spec.name(), spec.role(), spec.fineGrained(), spec.expiresAt(), networks);
        asking.ifPresent(c -> TokenPower.checkMay(c, "create", new TokenPower.Shape(effective.role(),
                effective.fineGrained(), effective.expiresAt(), effective.allowedCidrs())));
        String value = TokenFormat.generate();
        PepperRing.Pepper pepper = verifier.peppers().current();
        AccessToken token = new AccessToken(ids.next(), serviceAccountId, effective.name().strip(), effective.role(),
                effective.fineGrained(), TokenFormat.hint(value), clock.instant(), effective.expiresAt(),
                effective.allowedCidrs(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        TokenRepository tokens = new TokenRepository(handle);
        if (tokens.nameTaken(serviceAccountId, token.name())) {
            throw new ConflictException("This service account already has a token named '" + token.name() + "'.");
        }
        tokens.insert(token, pepper.hexDigest(value), pepper.id(), Optional.of(actor));
        new AuditRepository(handle).insert(new AuditEvent(ids.next(), clock.instant(), actorUserId, actor, "token.create",
                Optional.of(token.id()), Optional.of(address), describe(token), Optional.of(orgId)));
        return new Created(token, value);
    }

    /** The live tokens of an organization's service accounts, with whose they are and who made them; at most {@code limit}. */
    public List<OrgToken> serviceAccountTokens(String orgId, int limit) {
        return database.jdbi().withHandle(h -> new TokenRepository(h).liveOfServiceAccounts(orgId, limit));
    }

    /** The live token {@code tokenId} of {@code ownerId}, read on the caller's handle. */
    public Optional<AccessToken> findLive(Handle handle, String ownerId, String tokenId) {
        return new TokenRepository(handle).findLive(ownerId, tokenId);
    }

    /**
     * Revokes token {@code tokenId} of {@code ownerId} in the caller's transaction, with its audit
     * event ({@code auditUserId}, {@code actor}, and the organization's log when {@code orgId} is
     * given). False when there is no such live token. Announced to every cache (on every node) when
     * the transaction commits.
     */
    public boolean revokeOn(Handle handle, String ownerId, String tokenId, String by, String auditUserId, String actor,
            Optional<String> orgId, String address) {
        TokenRepository tokens = new TokenRepository(handle);
        Optional<AccessToken> token = tokens.findLive(ownerId, tokenId);
        if (token.isEmpty() || !tokens.revoke(tokenId, clock.instant(), by)) {
            return false;
        }
        new AuditRepository(handle).insert(new AuditEvent(ids.next(), clock.instant(), auditUserId, actor, "token.revoke",
                Optional.of(tokenId), Optional.of(address), Map.of("name", token.get().name(), "by", by), orgId));
        changes.publishOnCommit(handle, new Change.Token(tokenId));
        return true;
    }

    /**
     * Revokes every live token of {@code ownerId} in the caller's transaction (an account deactivated
     * or deleted, a service account or its organization deleted), each with its audit event. Returns
     * their ids; each is announced when the transaction commits.
     */
    public List<String> revokeAllOn(Handle handle, String ownerId, String by, String auditUserId, String actor,
            Optional<String> orgId, String address) {
        List<String> revoked = new ArrayList<>();
        for (AccessToken token : new TokenRepository(handle).listLive(ownerId)) {
            if (revokeOn(handle, ownerId, token.id(), by, auditUserId, actor, orgId, address)) {
                revoked.add(token.id());
            }
        }
        return revoked;
    }

    /**
     * A device login's refresh grant, on the flow's {@code handle}: a new value and a new expiry for
     * the same token; the old value stops working. Empty when the token is gone (revoked, expired
     * by its owner's hand). Announced to every cache when the transaction commits.
     */
    public Optional<Created> renewForDeviceLogin(Handle handle, String ownerId, String tokenId, Instant expiresAt,
            String address) {
        TokenRepository tokens = new TokenRepository(handle);
        Optional<AccessToken> found = tokens.findLive(ownerId, tokenId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        AccessToken token = found.get();
        String value = TokenFormat.generate();
        PepperRing.Pepper pepper = verifier.peppers().current();
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Instant at = token.refreshedAt().filter(previous -> !now.isAfter(previous)).map(p -> p.plusMillis(1)).orElse(now);
        if (!tokens.replaceValue(ownerId, tokenId, token.refreshedAt(), pepper.hexDigest(value), pepper.id(),
                TokenFormat.hint(value), at)) {
            return Optional.empty();
        }
        tokens.setExpiry(tokenId, expiresAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        audit(handle, ownerId, "device login", "token.refresh", token, address, Map.of("name", token.name()));
        changes.publishOnCommit(handle, new Change.Token(tokenId));
        return Optional.of(new Created(tokens.findLive(ownerId, tokenId).orElseThrow(), value));
    }

    /**
     * A device login's token revoked on the flow's {@code handle}: its refresh token was replayed (the
     * flow ends the login), with its audit event; announced to every cache when the transaction commits.
     */
    public void revokeForDeviceLogin(Handle handle, String ownerId, String tokenId, String address) {
        TokenRepository tokens = new TokenRepository(handle);
        Optional<AccessToken> found = tokens.findLive(ownerId, tokenId);
        if (found.isPresent() && tokens.revoke(tokenId, clock.instant(), "refresh-reuse")) {
            audit(handle, ownerId, "device login", "token.revoke", found.get(), address,
                    Map.of("name", found.get().name(), "by", "refresh-reuse"));
            changes.publishOnCommit(handle, new Change.Token(tokenId));
        }
    }

    /**
     * Revokes token {@code tokenId} inside another service's transaction on {@code handle} (a trusted
     * publisher deleted, say), recording {@code by}; false when it was revoked already. Announced to
     * every cache (on every node) when the transaction commits.
     */
    public boolean revokeWithin(Handle handle, String tokenId, String by) {
        boolean revoked = new TokenRepository(handle).revoke(tokenId, clock.instant(), by);
        if (revoked) {
            changes.publishOnCommit(handle, new Change.Token(tokenId));
        }
        return revoked;
    }

    public List<AccessToken> list(String userId) {
        return database.jdbi().withHandle(h -> new TokenRepository(h).listLive(userId));
    }

    public AccessToken get(String userId, String id) {
        return database.jdbi().withHandle(h -> new TokenRepository(h).findLive(userId, id)).orElseThrow(TokenService::notFound);
    }

    /** Renames and/or changes the grants of a token; its value stays the same. */
    public AccessToken update(
            Principal.Authenticated actor, String id, Optional<String> name, Optional<FineGrained> grants, String address) {
        name.ifPresent(TokenService::validateName);
        String newName = name.map(String::strip).orElse(null);
        inTransaction(handle -> {
            TokenRepository tokens = new TokenRepository(handle);
            AccessToken token = tokens.findLive(actor.userId(), id).orElseThrow(TokenService::notFound);
            // Only a token no more powerful than the actor may be touched at all.
            TokenPower.checkMay(actor.credential(), "change", TokenPower.Shape.of(token));
            if (newName != null && !newName.equals(token.name())) {
                if (!newName.equalsIgnoreCase(token.name()) && tokens.nameTaken(actor.userId(), newName)) {
                    throw nameTaken(newName);
                }
                tokens.rename(actor.userId(), id, newName);
                audit(handle, actor.userId(), actor.username() + via(actor), "token.rename", token, address,
                        Map.of("from", token.name(), "to", newName));
            }
            if (grants.isPresent()) {
                if (token.role() != TokenRole.FINE_GRAINED) {
                    throw new InvalidInputException("Only fine-grained tokens have grants to change; this one is "
                            + token.role().wireName() + ".");
                }
                TokenPower.checkMay(actor.credential(), "change", TokenPower.Shape.of(token).withGrants(grants.get()));
                tokens.setGrants(actor.userId(), id, grants.get());
                grantChanges.changed(handle, actor, token, token.fineGrained().orElseThrow(), grants.get());
                audit(handle, actor.userId(), actor.username() + via(actor), "token.grants_change", token, address,
                        Map.of("grants", FineGrainedJson.toText(grants.get())));
            }
            changes.publishOnCommit(handle, new Change.Token(id));
        }, newName);
        return get(actor.userId(), id);
    }

    /**
     * A new value for the same token (id, name, role, grants, expiry); the old value fails at once.
     * Refreshes of one token never overlap: of two at once, one gets the new value and the other a
     * 409, so no caller is ever handed a value that was already replaced. A token refreshing itself
     * must present its current value: one replaced meanwhile, even by a request still in flight, gets
     * the 409 too.
     */
    public Created refresh(Principal.Authenticated actor, String id, String address) {
        String value = TokenFormat.generate();
        PepperRing.Pepper pepper = verifier.peppers().current();
        inTransaction(handle -> {
            TokenRepository tokens = new TokenRepository(handle);
            AccessToken token = tokens.findLive(actor.userId(), id).orElseThrow(TokenService::notFound);
            Optional<Instant> issuedAt = token.refreshedAt();
            if (actor.credential() instanceof Principal.TokenCredential self && self.tokenId().equals(id)) {
                issuedAt = self.refreshedAt(); // the value this request presented
            } else {
                // The new value goes to the caller: another token may only obtain one no more powerful than itself.
                TokenPower.checkMay(actor.credential(), "refresh", TokenPower.Shape.of(token));
            }
            // Strictly later than the value it replaces, so that each value has its own issue time.
            Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            Instant at = token.refreshedAt().filter(previous -> !now.isAfter(previous)).map(p -> p.plusMillis(1)).orElse(now);
            if (!tokens.replaceValue(actor.userId(), id, issuedAt, pepper.hexDigest(value), pepper.id(), TokenFormat.hint(value), at)) {
                throw new ConflictException("This token was refreshed by another request at the same time, so the value"
                        + " used here no longer works. Use the value that request returned; if it is lost, refresh the"
                        + " token from a signed-in session.");
            }
            audit(handle, actor.userId(), actor.username() + via(actor), "token.refresh", token, address, Map.of("name", token.name()));
            changes.publishOnCommit(handle, new Change.Token(id));
        }, null);
        return new Created(get(actor.userId(), id), value);
    }

    public void delete(Principal.Authenticated actor, String id, String address) {
        inTransaction(handle -> {
            TokenRepository tokens = new TokenRepository(handle);
            AccessToken token = tokens.findLive(actor.userId(), id).orElseThrow(TokenService::notFound);
            tokens.revoke(id, clock.instant(), "owner");
            audit(handle, actor.userId(), actor.username() + via(actor), "token.revoke", token, address,
                    Map.of("name", token.name(), "by", "owner"));
            changes.publishOnCommit(handle, new Change.Token(id));
        }, null);
    }

    /**
     * Revokes every live Hubkeep token among {@code values}, as reported leaked, and tells each
     * owner by mail. Says nothing about which values were tokens: the caller is anonymous.
     */
    public void revokeLeaked(List<String> values, String address) {
        List<String> digests = new ArrayList<>();
        PepperRing ring = verifier.peppers();
        for (String value : values) {
            if (TokenFormat.isWellFormed(value)) {
                digests.add(ring.current().hexDigest(value));
                ring.previous().forEach(p -> digests.add(p.hexDigest(value)));
            }
        }
        for (String digest : digests) {
            Optional<TokenRepository.Found> revoked = database.jdbi().inTransaction(handle -> {
                TokenRepository tokens = new TokenRepository(handle);
                Optional<TokenRepository.Found> found = tokens.findByDigest(digest)
                        .filter(f -> f.token().revokedAt().isEmpty());
                found.ifPresent(f -> {
                    tokens.revoke(f.token().id(), clock.instant(), "leak");
                    audit(handle, f.token().userId(), "leak-report", "token.revoke", f.token(), address,
                            Map.of("name", f.token().name(), "by", "leak-report"));
                    changes.publishOnCommit(handle, new Change.Token(f.token().id()));
                });
                return found;
            });
            revoked.ifPresent(f -> notifyLeak(f.token()));
        }
    }

    /**
     * Revokes every live Hubkeep token among {@code values}, found in a file pushed to a repository
     * (the scanning pipeline's secret scan): at once, with an audit event naming the repository,
     * commit and path, and a mail to each owner saying where it was found. Other tokens stay live.
     */
    public void revokeExposed(Set<String> values, String repository, Optional<String> commit, Optional<String> path) {
        Map<String, String> where = new HashMap<>();
        where.put("by", "secret-scan");
        where.put("repository", repository);
        commit.ifPresent(c -> where.put("commit", c));
        path.ifPresent(p -> where.put("path", p));
        for (String value : values) {
            if (!TokenFormat.isWellFormed(value)) {
                continue;
            }
            List<String> digests = new ArrayList<>();
            PepperRing ring = verifier.peppers();
            digests.add(ring.current().hexDigest(value));
            ring.previous().forEach(p -> digests.add(p.hexDigest(value)));
            for (String digest : digests) {
                Optional<TokenRepository.Found> revoked = database.jdbi().inTransaction(handle -> {
                    TokenRepository tokens = new TokenRepository(handle);
                    Optional<TokenRepository.Found> found = tokens.findByDigest(digest)
                            .filter(f -> f.token().revokedAt().isEmpty());
                    found.ifPresent(f -> {
                        tokens.revoke(f.token().id(), clock.instant(), "secret-scan");
                        Map<String, String> details = new HashMap<>(where);
                        details.put("name", f.token().name());
                        new AuditRepository(handle).insert(new AuditEvent(ids.next(), clock.instant(), f.token().userId(),
                                "secret-scan", "token.revoke", Optional.of(f.token().id()), Optional.empty(), details));
                    });
                    return found;
                });
                revoked.ifPresent(f -> {
                    verifier.evict(f.token().id());
                    notifyExposed(f.token(), repository, commit, path);
                });
            }
        }
    }

    private void notifyExposed(AccessToken token, String repository, Optional<String> commit, Optional<String> path) {
        accounts.findUser(token.userId()).filter(owner -> !owner.isService()).ifPresent(owner -> {
            try {
                mailer.send(new OutgoingMail(owner.email(), "Your access token \"" + token.name() + "\" was revoked",
                        "Hello " + owner.username() + ",\n\nyour access token \"" + token.name() + "\" (" + token.hint()
                                + ") was found in a file pushed to " + repository
                                + path.map(p -> ", in " + p).orElse("") + commit.map(c -> " (commit " + c + ")").orElse("")
                                + ", and has been revoked: it no longer works. Anyone who can read that repository could have"
                                + " copied it.\nRemove it from the file, and if you still need a token, create a new one in"
                                + " your settings.\n"));
            } catch (MailException e) {
                log.error("Could not tell user {} that an exposed token was revoked", owner.username(), e);
            }
        });
    }

    /**
     * The principal a credential derived from token {@code tokenId} of {@code userId} acts as now, if
     * that token is still live (not revoked, not expired) and may be used from {@code address}: a
     * Xet token re-checks its originating hub token with this on every use.
     */
    public Optional<Principal.Authenticated> principalOf(String userId, String tokenId, String address) {
        Optional<AccessToken> live = database.jdbi().withHandle(h -> new TokenRepository(h).findLive(userId, tokenId));
        if (live.isEmpty() || live.get().expiredAt(clock.instant()) || !live.get().allowsAddress(address)) {
            return Optional.empty();
        }
        AccessToken token = live.get();
        return accounts.findUser(userId).filter(User::active).map(user -> new Principal.Authenticated(user.id(),
                user.username(), new Principal.TokenCredential(token.id(), token.name(), token.role(), token.fineGrained(),
                        token.createdAt(), token.expiresAt(), token.allowedCidrs(), token.refreshedAt()),
                user.emailVerified(), user.isService()));
    }

    /** The live token with this value, if any (for an organization admin's revocation). */
    public Optional<AccessToken> findByValue(String value) {
        if (!TokenFormat.isWellFormed(value.strip())) {
            return Optional.empty();
        }
        PepperRing ring = verifier.peppers();
        List<PepperRing.Pepper> all = new ArrayList<>();
        all.add(ring.current());
        all.addAll(ring.previous());
        for (PepperRing.Pepper pepper : all) {
            Optional<AccessToken> found = database.jdbi().withHandle(h -> new TokenRepository(h)
                    .findByDigest(pepper.hexDigest(value.strip()))
                    .map(TokenRepository.Found::token)
                    .filter(t -> t.revokedAt().isEmpty()));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    public List<AuditEvent> auditLog(String userId, Optional<String> beforeId, int limit) {
        return database.jdbi().withHandle(h -> new AuditRepository(h).forUser(userId, beforeId, limit));
    }

    private void notifyLeak(AccessToken token) {
        accounts.findUser(token.userId()).filter(owner -> !owner.isService()).ifPresent(owner -> {
            try {
                mailer.send(new OutgoingMail(owner.email(), "Your access token \"" + token.name() + "\" was revoked",
                        "Hello " + owner.username() + ",\n\nyour access token \"" + token.name() + "\" (" + token.hint()
                                + ") was reported as leaked and has been revoked: it no longer works.\n"
                                + "If you still need one, create a new token in your settings.\n"));
            } catch (MailException e) {
                log.error("Could not tell user {} that a leaked token was revoked", owner.username(), e);
            }
        });
    }

    /** The spec as it will be stored: expiry to the millisecond, so it compares equal to what is read back. */
    private static NewToken normalized(NewToken spec) {
        return new NewToken(spec.name(), spec.role(), spec.fineGrained(),
                spec.expiresAt().map(e -> e.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)), spec.allowedCidrs());
    }

    private void validate(NewToken spec) {
        validateName(spec.name());
        if (spec.role() == TokenRole.FINE_GRAINED && spec.fineGrained().isEmpty()) {
            throw new InvalidInputException("A fineGrained token needs 'fineGrained' grants.");
        }
        if (spec.role() != TokenRole.FINE_GRAINED && spec.fineGrained().isPresent()) {
            throw new InvalidInputException("Only a token with role fineGrained takes 'fineGrained' grants.");
        }
        if (spec.expiresAt().map(e -> !e.isAfter(clock.instant())).orElse(false)) {
            throw new InvalidInputException("'expiresAt' must be in the future.");
        }
        if (spec.allowedCidrs().size() > MAX_CIDRS) {
            throw new InvalidInputException("'allowedCidrs' may list at most " + MAX_CIDRS + " networks.");
        }
    }

    private static void validateName(String name) {
        String stripped = name.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_NAME_LENGTH) {
            throw new InvalidInputException("Token name must be 1 to " + MAX_NAME_LENGTH + " characters long.");
        }
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("Token name must not contain control characters.");
        }
    }

    private void inTransaction(java.util.function.Consumer<Handle> work, String nameForConflict) {
        try {
            database.jdbi().useTransaction(work::accept);
        } catch (RuntimeException e) {
            if (database.isUniqueViolation(e) && nameForConflict != null) {
                throw nameTaken(nameForConflict); // two creations racing for one name
            }
            throw e;
        }
    }

    private void audit(Handle handle, String userId, String actor, String action, AccessToken token, String address,
            Map<String, String> details) {
        new AuditRepository(handle).insert(new AuditEvent(ids.next(), clock.instant(), userId, actor, action,
                Optional.of(token.id()), Optional.of(address), details));
    }

    private static Map<String, String> describe(AccessToken token) {
        Map<String, String> details = new HashMap<>();
        details.put("name", token.name());
        details.put("role", token.role().wireName());
        token.expiresAt().ifPresent(e -> details.put("expiresAt", e.toString()));
        token.fineGrained().ifPresent(g -> details.put("grants", FineGrainedJson.toText(g)));
        if (!token.allowedCidrs().isEmpty()) {
            details.put("allowedCidrs", String.join(",", token.allowedCidrs().stream().map(CidrRange::text).toList()));
        }
        return details;
    }

    private static String via(Principal.Authenticated actor) {
        return actor.credential() instanceof Principal.TokenCredential token ? " (token " + token.name() + ")" : "";
    }

    private static ConflictException nameTaken(String name) {
        return new ConflictException("You already have a token named '" + name + "'.");
    }

    private static NotFoundException notFound() {
        return new NotFoundException("No such token.");
    }
}
