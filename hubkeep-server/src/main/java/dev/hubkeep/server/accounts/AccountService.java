package dev.hubkeep.server.accounts;

import dev.hubkeep.server.auth.AuditEvent;
import dev.hubkeep.server.auth.AuditRepository;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.ForbiddenException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.RateLimitedException;
import dev.hubkeep.server.errors.UnauthenticatedException;
import dev.hubkeep.server.mail.MailException;
import dev.hubkeep.server.mail.Mailer;
import dev.hubkeep.server.mail.OutgoingMail;
import dev.hubkeep.server.throttle.FailureThrottle;
import dev.hubkeep.server.store.Change;
import dev.hubkeep.server.store.Changes;
import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.store.ExactCache;
import dev.hubkeep.server.store.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-up, email verification, sign-in and sign-out. Each operation is one transaction; slow work
 * (password hashing, sending mail) happens outside it so the database is never held waiting.
 */
public final class AccountService {

    static final Duration VERIFICATION_VALIDITY = Duration.ofHours(24);
    static final Duration RESEND_INTERVAL = Duration.ofMinutes(1);
    static final int RESENDS_PER_DAY = 5;
    public static final Duration SESSION_LIFETIME = Duration.ofDays(30);
    /** Sign-ups one address may make per {@link #SIGNUP_WINDOW}: each costs a password hash and sends mail. */
    static final int SIGNUPS_PER_ADDRESS = 10;
    static final Duration SIGNUP_WINDOW = Duration.ofHours(1);
    /** Mails an account's owner gets per day about sign-ups with their address, so they cannot be mail-bombed. */
    static final int SIGNUP_NOTICES_PER_DAY = 3;
    private static final String BAD_LOGIN = "Incorrect username or password.";

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);

    private final Database database;
    private final PasswordHasher hasher;
    private final Mailer mailer;
    private final Clock clock;
    private final Ids ids;
    private final Supplier<String> publicUrl;
    private final LoginThrottle throttle;
    private final FailureThrottle signups;
    private final FailureThrottle signupNotices;
    private final Changes changes;
    /** Accounts by id, as every authenticated request's handler may ask (whoami): kept until the account changes. */
    private final ExactCache<String, User> byId;
    /**
     * Live sessions by their cookie's digest, so a signed-in page costs no statement: dropped when
     * their account changes (sign-out, password change, deletion all announce it); expiry is checked
     * at every use. Unknown digests are not kept.
     */
    private final ExactCache<String, Session> sessions;
    /** The same live sessions by id, for credentials derived from a session (Xet tokens). */
    private final ExactCache<String, Session> sessionsById;

    public AccountService(Database database, PasswordHasher hasher, Mailer mailer, Clock clock,
            Supplier<String> publicUrl, Changes changes) {
        this.database = database;
        this.changes = changes;
        this.byId = ExactCache.ofPresent(100_000, changes);
        this.sessions = ExactCache.ofPresent(100_000, changes);
        this.sessionsById = ExactCache.ofPresent(100_000, changes);
        changes.subscribe(change -> {
            switch (change) {
                case Change.Account account -> {
                    byId.invalidate(account.userId());
                    sessions.invalidateIf((digest, session) -> session.map(s -> s.userId().equals(account.userId())).orElse(true));
                    sessionsById.invalidateIf((id, session) -> session.map(s -> s.userId().equals(account.userId())).orElse(true));
                }
                case Change.Everything ignored -> {
                    byId.invalidateAll();
                    sessions.invalidateAll();
                    sessionsById.invalidateAll();
                }
                default -> {}
            }
        });
        this.hasher = hasher;
        this.mailer = mailer;
        this.clock = clock;
        this.ids = new Ids(clock);
        this.publicUrl = publicUrl;
        this.throttle = new LoginThrottle(clock);
        this.signups = new FailureThrottle(clock, SIGNUPS_PER_ADDRESS, SIGNUP_WINDOW);
        this.signupNotices = new FailureThrottle(clock, SIGNUP_NOTICES_PER_DAY, Duration.ofDays(1));
    }

    /**
     * Creates an account with an unverified email and sends the verification link. The answer never
     * tells whether the email address already has an account: if it has, nothing is created, the
     * caller gets the same answer as for a new account, and the address's owner is told by mail
     * (only they can read it). Each address may sign up a few times an hour.
     */
    public User signup(SignupRequest request, String clientAddress) {
        String key = addressKey(clientAddress);
        Duration wait = signups.waitFor(key);
        if (!wait.isZero()) {
            throw new RateLimitedException("Too many sign-ups from your address. Try again later.", wait);
        }
        signups.recordFailure(key);
        Optional<User> created = createAccount(request, false, false);
        if (created.isEmpty()) {
            return answerForTakenEmail(request);
        }
        sendVerification(created.get());
        return created.get();
    }

    /**
     * Creates an account on the operator's word: verified without a mail when asked, and an
     * administrator when asked. An unverified account gets the usual verification mail.
     */
    public User createByOperator(SignupRequest request, boolean verified, boolean admin) {
        User user = createAccount(request, verified, admin).orElseThrow(AccountService::emailTaken);
        if (!verified) {
            sendVerification(user);
        }
        return user;
    }

    /** The new account, or empty (and nothing created) when the email address already belongs to one. */
    private Optional<User> createAccount(SignupRequest request, boolean verified, boolean admin) {
        String username = Username.validate(request.username());
        String email = EmailAddress.validate(request.email());
        PasswordPolicy.check(request.password(), username, email);
        String fullname = request.fullname().map(String::strip).filter(f -> !f.isEmpty()).orElse(username);
        if (fullname.length() > 100) {
            throw new InvalidInputException("Full name must be at most 100 characters long.");
        }
        Instant now = clock.instant();
        User user = new User(
                ids.next(),
                username,
                email,
                fullname,
                hasher.hash(request.password()),
                verified ? Optional.of(now) : Optional.empty(),
                admin,
                now);
        try {
            return database.jdbi().inTransaction(handle -> {
                UserRepository users = new UserRepository(handle);
                if (users.usernameTaken(username)) {
                    throw usernameTaken(username);
                }
                if (users.emailTaken(email)) {
                    return Optional.<User>empty();
                }
                users.insert(user);
                return Optional.of(user);
            });
        } catch (RuntimeException e) {
            // Two sign-ups racing for one name: the unique index decides, the loser hears why.
            if (database.isUniqueViolation(e)) {
                if (database.jdbi().withHandle(h -> new UserRepository(h).usernameTaken(username))) {
                    throw usernameTaken(username);
                }
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * What a sign-up with an email address that already has an account answers: an account view
     * like any other (nothing is stored), after a mail to the address's owner saying so.
     */
    private User answerForTakenEmail(SignupRequest request) {
        String email = EmailAddress.validate(request.email());
        Optional<User> owner = database.jdbi().withHandle(h -> new UserRepository(h).findByEmail(email));
        owner.filter(o -> signupNotices.waitFor(o.id()).isZero()).ifPresent(o -> {
            signupNotices.recordFailure(o.id());
            try {
                mailer.send(new OutgoingMail(o.email(), "Sign-up attempt with your email address",
                        "Hello " + o.username() + ",\n\nsomeone, perhaps you, tried to create a new account at "
                                + publicUrl.get() + " with " + o.email() + ". That address already has an account:"
                                + " yours, named " + o.username() + ", so no new account was made.\n\n"
                                + "If it was you, sign in as " + o.username() + " instead. If not, ignore this"
                                + " message: nothing changed.\n"));
            } catch (MailException e) {
                log.error("Could not tell user {} about a sign-up with their address", o.username(), e);
            }
        });
        String username = Username.validate(request.username());
        String fullname = request.fullname().map(String::strip).filter(f -> !f.isEmpty()).orElse(username);
        return new User(ids.next(), username, email, fullname, "", Optional.empty(), false, clock.instant());
    }

    /** Sign-ups are counted per address; for IPv6 per /64, the block one subscriber usually holds. */
    private static String addressKey(String address) {
        if (!address.contains(":")) {
            return address;
        }
        try {
            return dev.hubkeep.server.auth.CidrRange.parse(address + "/64").text();
        } catch (InvalidInputException e) {
            return address;
        }
    }

    /** Sends a fresh link to a signed-in user whose email is not verified yet. */
    public void resendVerification(String userId) {
        User user = database.jdbi()
                .withHandle(h -> new UserRepository(h).findById(userId))
                .orElseThrow(() -> new UnauthenticatedException("Sign in first."));
        if (user.emailVerified()) {
            throw new ConflictException("Your email address is already verified.");
        }
        Instant now = clock.instant();
        List<EmailVerification> lastDay = database.jdbi()
                .withHandle(h -> new EmailVerificationRepository(h).createdSince(userId, now.minus(Duration.ofDays(1))));
        if (!lastDay.isEmpty()) {
            Instant nextAllowed = lastDay.get(0).createdAt().plus(RESEND_INTERVAL);
            if (lastDay.size() >= RESENDS_PER_DAY) {
                nextAllowed = lastDay.get(lastDay.size() - 1).createdAt().plus(Duration.ofDays(1));
            }
            if (nextAllowed.isAfter(now)) {
                throw new RateLimitedException(
                        "A verification mail was sent recently; check your inbox or try again later.",
                        Duration.between(now, nextAllowed));
            }
        }
        sendVerification(user);
    }

    private void sendVerification(User user) {
        String secret = OpaqueSecret.generate();
        Instant now = clock.instant();
        EmailVerification verification = new EmailVerification(
                ids.next(), user.id(), user.email(), now, now.plus(VERIFICATION_VALIDITY), Optional.empty());
        database.jdbi().useTransaction(h -> new EmailVerificationRepository(h).insert(verification, OpaqueSecret.digest(secret)));
        try {
            mailer.send(VerificationMail.compose(user, user.email(), secret, publicUrl.get(), VERIFICATION_VALIDITY));
        } catch (MailException e) {
            // The account exists; the user can ask for another link once mail works again.
            log.error("Verification mail for user {} was not delivered", user.username(), e);
        }
    }

    /** Verifies the address a link was sent to; refuses unknown, used and expired links. */
    public User verifyEmail(String secret) {
        Instant now = clock.instant();
        User verified = database.jdbi().inTransaction(handle -> {
            EmailVerificationRepository links = new EmailVerificationRepository(handle);
            EmailVerification link = links.findByDigest(OpaqueSecret.digest(secret.strip()))
                    .orElseThrow(() -> new InvalidInputException(
                            "This verification link is not valid. Check that it was copied whole."));
            if (link.usedAt().isPresent()) {
                throw new InvalidInputException("This verification link was already used.");
            }
            if (!link.expiresAt().isAfter(now)) {
                throw new InvalidInputException("This verification link expired at " + link.expiresAt()
                        + ". Sign in and ask for a new one.");
            }
            if (!links.markUsed(link.id(), now)) {
                throw new InvalidInputException("This verification link was already used.");
            }
            UserRepository users = new UserRepository(handle);
            users.markEmailVerified(link.userId(), link.email(), now);
            changes.publishOnCommit(handle, new Change.Account(link.userId()));
            return users.findById(link.userId()).orElseThrow();
        });
        return verified;
    }

    /**
     * Checks the password and opens a new session. An unknown account and a wrong password get the
     * same answer after the same work, so neither the message nor the time tells which it was.
     */
    public SignedIn login(String login, String password, String clientAddress) {
        // A service account never signs in, and a deleted account is gone: both are as unknown.
        Optional<User> found = database.jdbi().withHandle(h -> new UserRepository(h).findByLogin(login))
                .filter(u -> !u.isService() && u.deletedAt().isEmpty());
        // Username and email of one account share one allowance; a login naming no account has its own.
        String account = found.map(u -> "user " + u.id()).orElse("login " + login.strip().toLowerCase(java.util.Locale.ROOT));
        throttle.checkAllowed(account);
        boolean good = found.isPresent()
                ? hasher.verify(password, found.get().passwordHash())
                : hasher.verifyAgainstDecoy(password);
        if (!good) {
            Duration wait = throttle.recordFailure(account, clientAddress);
            if (!wait.isZero()) {
                throw new RateLimitedException(BAD_LOGIN + " Too many failed sign-ins came from your address;"
                        + " wait before trying again.", wait);
            }
            throw new UnauthenticatedException(BAD_LOGIN);
        }
        User user = found.get();
        throttle.recordSuccess(account);
        if (!user.active()) {
            // Said only to whoever knows the password.
            throw new ForbiddenException("This account is deactivated. Ask the hub's operator to reactivate it.");
        }
        String secret = OpaqueSecret.generate();
        Instant now = clock.instant();
        Session session = new Session(ids.next(), user.id(), now, now.plus(SESSION_LIFETIME));
        database.jdbi()
                .useTransaction(h -> new SessionRepository(h).insert(session, OpaqueSecret.digest(secret), clientAddress));
        return new SignedIn(user, session, secret);
    }

    /** Ends the session this cookie secret belongs to; unknown or ended sessions are fine. */
    public void logout(String cookieSecret) {
        Instant now = clock.instant();
        String digest = OpaqueSecret.digest(cookieSecret);
        database.jdbi().useTransaction(h -> {
            SessionRepository sessions = new SessionRepository(h);
            Optional<Session> live = sessions.findLive(digest, now);
            sessions.revokeByDigest(digest, now);
            // Every node forgets the session.
            live.ifPresent(session -> changes.publishOnCommit(h, new Change.Account(session.userId())));
        });
    }

    /** Changes the name shown beside the username; blank shows the username. */
    public User updateProfile(Principal.Authenticated actor, String fullname, String clientAddress) {
        String display = fullname.strip().isEmpty() ? actor.username() : fullname.strip();
        if (display.length() > 100) {
            throw new InvalidInputException("Full name must be at most 100 characters long.");
        }
        database.jdbi().useTransaction(h -> {
            new UserRepository(h).setFullname(actor.userId(), display);
            audit(h, actor, "account.profile", clientAddress, Map.of("fullname", display));
            changes.publishOnCommit(h, new Change.Account(actor.userId()));
        });
        return findUser(actor.userId()).orElseThrow();
    }

    /**
     * Changes the password after checking the current one (wrong guesses count against the same
     * allowance as sign-ins), then ends every other session of the account: whoever knew the old
     * password is signed out. The session {@code keepCookieSecret} stays. The owner is told by mail.
     */
    public void changePassword(Principal.Authenticated actor, String current, String next, String keepCookieSecret,
            String clientAddress) {
        User user = findUser(actor.userId()).orElseThrow(() -> new UnauthenticatedException("Sign in first."));
        String account = "user " + user.id();
        throttle.checkAllowed(account);
        if (!hasher.verify(current, user.passwordHash())) {
            Duration wait = throttle.recordFailure(account, clientAddress);
            if (!wait.isZero()) {
                throw new RateLimitedException("The current password is not right. Too many failed attempts;"
                        + " wait before trying again.", wait);
            }
            throw new InvalidInputException("The current password is not right.");
        }
        throttle.recordSuccess(account);
        PasswordPolicy.check(next, user.username(), user.email());
        String hash = hasher.hash(next);
        database.jdbi().useTransaction(h -> {
            new UserRepository(h).setPasswordHash(user.id(), hash);
            new SessionRepository(h).revokeOthers(user.id(), OpaqueSecret.digest(keepCookieSecret), clock.instant());
            audit(h, actor, "account.password", clientAddress, Map.of());
            changes.publishOnCommit(h, new Change.Account(user.id())); // the cached account holds the password hash
        });
        try {
            mailer.send(new OutgoingMail(user.email(), "Your password was changed",
                    "Hello " + user.username() + ",\n\nthe password of your account at " + publicUrl.get()
                            + " was changed, and every other browser signed in to it was signed out.\n\n"
                            + "If that was not you, reset it with the hub's operator at once.\n"));
        } catch (MailException e) {
            log.error("Could not tell user {} that their password changed", user.username(), e);
        }
    }

    private void audit(org.jdbi.v3.core.Handle h, Principal.Authenticated actor, String action, String address,
            Map<String, String> details) {
        new AuditRepository(h).insert(new AuditEvent(ids.next(), clock.instant(), actor.userId(), actor.username(), action,
                Optional.empty(), Optional.of(address), details));
    }

    public Optional<User> findByUsername(String username) {
        return database.jdbi().withHandle(h -> new UserRepository(h).findByUsername(username));
    }

    /** The most accounts {@link #listPeople} returns at once. */
    public static final int MAX_LISTED = 500;

    /**
     * People's accounts, deleted ones included, by username, after the one named {@code after}
     * (empty: from the first), whose names start with {@code prefix} in any letter case; at most
     * {@code limit} (up to {@link #MAX_LISTED}).
     */
    public List<User> listPeople(String prefix, Optional<String> after, int limit) {
        int bounded = Math.max(1, Math.min(limit, MAX_LISTED));
        return database.jdbi().withHandle(h -> new UserRepository(h).listPeople(Username.key(prefix),
                after.map(Username::key).orElse(""), bounded));
    }

    public Optional<User> findUser(String userId) {
        return byId.get(userId, id -> database.jdbi().withHandle(h -> new UserRepository(h).findById(id)));
    }

    /** The account a commit's author email links to: only an email the account has verified does. */
    public Optional<User> findByVerifiedEmail(String email) {
        return database.jdbi().withHandle(h -> new UserRepository(h).findByVerifiedEmail(email));
    }

    /** The user behind a live session cookie, if any. */
    public Optional<User> sessionUser(String cookieSecret) {
        return liveSession(cookieSecret).map(SessionUser::user);
    }

    /** A live session and its user. */
    public record SessionUser(String sessionId, User user) {}

    /** The live session a cookie holds, with its (active) user, if any. */
    public Optional<SessionUser> liveSession(String cookieSecret) {
        Instant now = clock.instant();
        return sessions.get(OpaqueSecret.digest(cookieSecret),
                        digest -> database.jdbi().withHandle(h -> new SessionRepository(h).findLive(digest, now)))
                .filter(session -> session.expiresAt().isAfter(now))
                .flatMap(session -> findUser(session.userId())
                        .filter(user -> user.active() && !user.isService())
                        .map(user -> new SessionUser(session.id(), user)));
    }

    /**
     * Whether session {@code sessionId} of {@code userId} is still live (not signed out, not ended
     * by a password change or a deactivation, not expired), and its user active.
     */
    public boolean sessionLive(String sessionId, String userId) {
        Instant now = clock.instant();
        return sessionsById.get(sessionId,
                        id -> database.jdbi().withHandle(h -> new SessionRepository(h).findLiveById(id, now)))
                .filter(session -> session.userId().equals(userId) && session.expiresAt().isAfter(now))
                .flatMap(session -> findUser(userId))
                .filter(user -> user.active() && !user.isService())
                .isPresent();
    }

    /**
     * Inserts a service account's row in the caller's transaction on {@code handle} (the orgs
     * package makes it together with its membership). Its name, {@code org/name}, cannot clash
     * with a person's or an organization's: those may not contain '/'.
     */
    public User insertServiceAccount(org.jdbi.v3.core.Handle handle, String username, String fullname, String orgId) {
        UserRepository users = new UserRepository(handle);
        if (users.findByUsername(username).isPresent()) {
            throw new ConflictException("There is already a service account named '" + username + "'.");
        }
        String id = ids.next();
        users.insertService(id, username, fullname, orgId, clock.instant());
        return users.findById(id).orElseThrow();
    }

    /**
     * Deactivates the account in the caller's transaction and ends its sessions; false if it was
     * deactivated already. The caller revokes its tokens in the same transaction and publishes
     * {@code Change.Account} once it commits.
     */
    public boolean deactivateOn(org.jdbi.v3.core.Handle handle, String userId) {
        Instant now = clock.instant();
        new SessionRepository(handle).revokeAll(userId, now);
        return new UserRepository(handle).deactivate(userId, now);
    }

    /** Lets a deactivated, not deleted, account sign in again (its revoked tokens stay revoked). */
    public boolean reactivateOn(org.jdbi.v3.core.Handle handle, String userId) {
        return new UserRepository(handle).reactivate(userId);
    }

    /**
     * Marks the account deleted in the caller's transaction (deactivated, sessions ended, email
     * freed; a service account's name freed too). The row stays for the audit trail.
     */
    public void markDeletedOn(org.jdbi.v3.core.Handle handle, User user) {
        Instant now = clock.instant();
        new SessionRepository(handle).revokeAll(user.id(), now);
        new UserRepository(handle).markDeleted(user.id(), user.isService(), now);
    }

    /** The account read on the caller's handle (inside its transaction), not from the cache. */
    public Optional<User> findUserOn(org.jdbi.v3.core.Handle handle, String userId) {
        return new UserRepository(handle).findById(userId);
    }

    private static ConflictException usernameTaken(String username) {
        return new ConflictException("The username '" + username + "' is already taken.");
    }

    private static ConflictException emailTaken() {
        return new ConflictException("An account with this email address already exists.");
    }
}
