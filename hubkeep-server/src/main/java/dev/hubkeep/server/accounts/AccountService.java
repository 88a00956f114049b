package dev.hubkeep.server.accounts;

import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.RateLimitedException;
import dev.hubkeep.server.errors.UnauthenticatedException;
import dev.hubkeep.server.mail.MailException;
import dev.hubkeep.server.mail.Mailer;
import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.store.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    static final Duration SESSION_LIFETIME = Duration.ofDays(30);
    private static final String BAD_LOGIN = "Incorrect username or password.";

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);

    private final Database database;
    private final PasswordHasher hasher;
    private final Mailer mailer;
    private final Clock clock;
    private final Ids ids;
    private final Supplier<String> publicUrl;
    private final LoginThrottle throttle;

    public AccountService(
            Database database, PasswordHasher hasher, Mailer mailer, Clock clock, Supplier<String> publicUrl) {
        this.database = database;
        this.hasher = hasher;
        this.mailer = mailer;
        this.clock = clock;
        this.ids = new Ids(clock);
        this.publicUrl = publicUrl;
        this.throttle = new LoginThrottle(clock);
    }

    /** Creates an account with an unverified email and sends the verification link. */
    public User signup(SignupRequest request) {
        User user = createAccount(request, false, false);
        sendVerification(user);
        return user;
    }

    /**
     * Creates an account on the operator's word: verified without a mail when asked, and an
     * administrator when asked. An unverified account gets the usual verification mail.
     */
    public User createByOperator(SignupRequest request, boolean verified, boolean admin) {
        User user = createAccount(request, verified, admin);
        if (!verified) {
            sendVerification(user);
        }
        return user;
    }

    private User createAccount(SignupRequest request, boolean verified, boolean admin) {
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
            database.jdbi().useTransaction(handle -> {
                UserRepository users = new UserRepository(handle);
                if (users.usernameTaken(username)) {
                    throw usernameTaken(username);
                }
                if (users.emailTaken(email)) {
                    throw emailTaken();
                }
                users.insert(user);
            });
        } catch (RuntimeException e) {
            // Two sign-ups racing for one name: the unique index decides, the loser hears why.
            if (database.isUniqueViolation(e)) {
                throw database.jdbi().withHandle(h -> new UserRepository(h).usernameTaken(username))
                        ? usernameTaken(username)
                        : emailTaken();
            }
            throw e;
        }
        return user;
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
        return database.jdbi().inTransaction(handle -> {
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
            return users.findById(link.userId()).orElseThrow();
        });
    }

    /**
     * Checks the password and opens a new session. An unknown account and a wrong password get the
     * same answer after the same work, so neither the message nor the time tells which it was.
     */
    public SignedIn login(String login, String password, String clientAddress) {
        throttle.checkAllowed(login);
        Optional<User> found = database.jdbi().withHandle(h -> new UserRepository(h).findByLogin(login));
        boolean good = found.isPresent()
                ? hasher.verify(password, found.get().passwordHash())
                : hasher.verifyAgainstDecoy(password);
        if (!good) {
            Duration wait = throttle.recordFailure(login, clientAddress);
            if (!wait.isZero()) {
                throw new RateLimitedException(BAD_LOGIN + " Too many failed sign-ins came from your address;"
                        + " wait before trying again.", wait);
            }
            throw new UnauthenticatedException(BAD_LOGIN);
        }
        User user = found.get();
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
        database.jdbi().useTransaction(h -> new SessionRepository(h).revokeByDigest(OpaqueSecret.digest(cookieSecret), now));
    }

    public Optional<User> findByUsername(String username) {
        return database.jdbi().withHandle(h -> new UserRepository(h).findByUsername(username));
    }

    public Optional<User> findUser(String userId) {
        return database.jdbi().withHandle(h -> new UserRepository(h).findById(userId));
    }

    /** The account a commit's author email links to: only an email the account has verified does. */
    public Optional<User> findByVerifiedEmail(String email) {
        return database.jdbi().withHandle(h -> new UserRepository(h).findByVerifiedEmail(email));
    }

    /** The user behind a live session cookie, if any. */
    public Optional<User> sessionUser(String cookieSecret) {
        Instant now = clock.instant();
        return database.jdbi().withHandle(h -> new SessionRepository(h)
                .findLive(OpaqueSecret.digest(cookieSecret), now)
                .flatMap(session -> new UserRepository(h).findById(session.userId())));
    }

    private static ConflictException usernameTaken(String username) {
        return new ConflictException("The username '" + username + "' is already taken.");
    }

    private static ConflictException emailTaken() {
        return new ConflictException("An account with this email address already exists.");
    }
}
