package dev.hubkeep.server.testing;

import dev.hubkeep.server.Hub;
import dev.hubkeep.server.HubConfig;
import dev.hubkeep.server.accounts.PasswordHasher;
import dev.hubkeep.server.inference.Engines;
import dev.hubkeep.server.limits.Plans;
import dev.hubkeep.server.limits.RateLimitStore;
import dev.hubkeep.server.mail.SmtpMailer;
import dev.hubkeep.server.scan.ScanSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookiePolicy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A real hub on a free port, over a fresh SQLite file or PostgreSQL database, in a temp directory. */
public final class TestHub implements AutoCloseable {

    /**
     * Argon2id at its minimum. At the production cost a hash takes about a quarter of a second of CPU,
     * and every hub hashes a decoy, every sign-up and sign-in one more. Tests of the cost itself or of
     * timing ask for {@link PasswordHasher.Cost#PRODUCTION} through {@code config.withPasswordCost}.
     */
    public static final PasswordHasher.Cost PASSWORD_COST = new PasswordHasher.Cost(8, 1, 1);

    private static final Logger log = LoggerFactory.getLogger(TestHub.class);
    /** Hubs started in this JVM: each start is logged with its number, so a run's output tells how many. */
    private static final AtomicInteger STARTS = new AtomicInteger();
    private static final AtomicInteger NAMES = new AtomicInteger();

    private static final Pattern LINK = Pattern.compile("(http\\S+/verify-email\\?token=\\S+)");

    private final Hub hub;
    private final HubConfig config;
    private final DatabaseKind database;
    private final String databaseUrl;
    private final Path dataDir;
    public final MutableClock clock;
    /** Every browser handed out, closed before the hub (see {@link Browser#close}). */
    private final ConcurrentLinkedQueue<Browser> browsers = new ConcurrentLinkedQueue<>();
    /**
     * The one cookie-less client behind every {@link TokenClient}: tests make hundreds of token clients,
     * and one each would open a connection and start a client thread per request.
     */
    private Browser tokenBrowser;
    /** False for a {@link #secondNode}: the first node's close drops the database. */
    private final boolean ownsDatabase;

    private TestHub(Hub hub, HubConfig config, DatabaseKind database, String databaseUrl, Path dataDir, MutableClock clock) {
        this(hub, config, database, databaseUrl, dataDir, clock, true);
    }

    private TestHub(Hub hub, HubConfig config, DatabaseKind database, String databaseUrl, Path dataDir, MutableClock clock,
            boolean ownsDatabase) {
        this.ownsDatabase = ownsDatabase;
        this.hub = hub;
        this.config = config;
        this.database = database;
        this.databaseUrl = databaseUrl;
        this.dataDir = dataDir;
        this.clock = clock;
    }

    public static TestHub start(DatabaseKind database, Path dataDir) {
        return start(database, dataDir, config -> config);
    }

    /** A hub that sends its mail through the given SMTP relay instead of the outbox. */
    public static TestHub start(DatabaseKind database, Path dataDir, Optional<SmtpMailer.Settings> smtp) {
        return start(database, dataDir, config -> smtp.map(config::withSmtp).orElse(config));
    }

    /** A hub whose default test configuration is first adjusted by {@code adjust}. */
    public static TestHub start(DatabaseKind database, Path dataDir, UnaryOperator<HubConfig> adjust) {
        MutableClock clock = MutableClock.startingNow();
        HubConfig config = new HubConfig(
                "127.0.0.1",
                0,
                dataDir,
                database.newMigratedDatabaseUrl(dataDir),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "Hubkeep <hubkeep@localhost>",
                dataDir.resolve("secrets").resolve("token-pepper"),
                List.of(),
                HubConfig.Limits.DEFAULTS,
                PASSWORD_COST,
                true, // Xet storage, as in production
                ScanSettings.DEFAULTS.withWorkers(2),
                // Far above what any test sends in five minutes; tests of the limits set small quotas.
                Plans.allAt(1_000_000),
                HubConfig.Publishing.DEFAULTS,
                Engines.NONE, // tests of the inference gateway map their own engines
                RateLimitStore.MEMORY);
        HubConfig adjusted = adjust.apply(config);
        TestHub hub = new TestHub(Hub.start(adjusted, clock), adjusted, database, config.databaseUrl(), dataDir, clock);
        log.info("Test hub #{} on {} at {}", STARTS.incrementAndGet(), database, hub.uri());
        return hub;
    }

    /**
     * {@code prefix} made unique in this JVM ({@code alice} becomes {@code alice-7}): a name for a user,
     * organization or repository that no other test on a shared hub uses.
     */
    public String uniqueName(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + hub.port() + "/");
    }

    public Browser browser() {
        Browser browser = new Browser(uri());
        browsers.add(browser);
        return browser;
    }

    public Path outbox() {
        return dataDir.resolve("outbox");
    }

    public Hub hub() {
        return hub;
    }

    /** Every mail in the outbox, oldest first, as text. */
    public List<String> mails() {
        if (!Files.isDirectory(outbox())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(outbox())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".eml"))
                    .sorted(Comparator.comparing(Path::getFileName))
                    .map(TestHub::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest verification link mailed to {@code email}. */
    public String verificationLink(String email) {
        List<String> links = mails().stream()
                .filter(mail -> mail.contains("\nTo: " + email + "\r\n") || mail.contains("\nTo: " + email + "\n"))
                .map(mail -> {
                    Matcher m = LINK.matcher(mail);
                    return m.find() ? m.group(1) : null;
                })
                .filter(link -> link != null)
                .toList();
        if (links.isEmpty()) {
            throw new AssertionError("No verification mail to " + email + " in " + outbox());
        }
        return links.get(links.size() - 1);
    }

    /** The secret of the newest verification link mailed to {@code email}. */
    public String verificationToken(String email) {
        String link = verificationLink(email);
        return link.substring(link.indexOf("token=") + "token=".length());
    }

    /** Signs up {@code username} with {@code username@example.com} and the password {@code password-of-<username>}. */
    public Response signup(Browser browser, String username) {
        return browser.postJson("/api/signup", """
                {"username": "%s", "email": "%s@example.com", "password": "password-of-%s"}"""
                .formatted(username, username, username));
    }

    public Response login(Browser browser, String username) {
        return browser.postJson("/api/login", """
                {"username": "%s", "password": "password-of-%s"}""".formatted(username, username));
    }

    /** Signs {@code username} up, verifies the email and signs in: a browser ready to manage tokens. */
    public Browser verifiedUser(String username) {
        Browser browser = browser();
        signup(browser, username);
        browser.postJson("/api/verify-email", "{\"token\": \"" + verificationToken(username + "@example.com") + "\"}");
        login(browser, username);
        return browser;
    }

    /** Creates a token through the API with the given JSON body; returns the token's value. */
    public String createToken(Browser session, String json) {
        Response response = session.postJson("/api/settings/tokens", json);
        if (response.status() != 201) {
            throw new AssertionError("Token creation failed: " + response.status() + " " + response.body());
        }
        return response.json().path("token").asText();
    }

    public String createToken(Browser session, String name, String role) {
        return createToken(session, "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
    }

    /** A client without cookies that sends {@code Authorization: Bearer <token>}. */
    public TokenClient withToken(String token) {
        return new TokenClient(tokenBrowser(), token);
    }

    private synchronized Browser tokenBrowser() {
        if (tokenBrowser == null) {
            tokenBrowser = new Browser(uri(), CookiePolicy.ACCEPT_NONE);
            browsers.add(tokenBrowser);
        }
        return tokenBrowser;
    }

    /** Creates organization {@code name} with the browser's user as admin. */
    public void createOrg(Browser admin, String name) {
        expect(201, admin.postJson("/api/organizations/create", "{\"name\": \"" + name + "\"}"));
    }

    /** Adds {@code username} to {@code org} with {@code role}, as the org admin behind {@code admin}. */
    public void addMember(Browser admin, String org, String username, String role) {
        expect(200, admin.putJson("/api/organizations/" + org + "/members/" + username, "{\"role\": \"" + role + "\"}"));
    }

    /** Creates model {@code namespace/name} as the browser's user. */
    public void createRepo(Browser owner, String namespace, String name, boolean isPrivate) {
        expect(200, owner.postJson("/api/repos/create", """
                {"name": "%s", "organization": "%s", "private": %s}""".formatted(name, namespace, isPrivate)));
    }

    private static void expect(int status, Response response) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + ", got " + response.status() + " " + response.body());
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The Prometheus scrape, fetched as a scraper does: with the secret from the data directory. */
    public String metrics() {
        String secret = read(dataDir.resolve("secrets").resolve("metrics-token")).strip();
        Response response = withToken(secret).get("/metrics");
        expect(200, response);
        return response.body();
    }

    /** The hub's count of SQL statements so far (from /metrics). */
    public double databaseStatements() {
        return metrics().lines()
                .filter(l -> l.startsWith("hubkeep_db_statements_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /**
     * Waits until the hub's background work is done, so a count of statements measures requests
     * only: no file waiting for a scan, then no statement run by anything for 200 ms.
     */
    public void awaitBackgroundIdle() {
        Await.until(java.time.Duration.ofSeconds(30), "the scan queue to drain", () -> hub.scanBacklog() == 0);
        double[] last = {databaseStatements()};
        long[] quietSince = {System.nanoTime()};
        Await.until(java.time.Duration.ofSeconds(30), "no database statement for 200 ms", () -> {
            double now = databaseStatements();
            if (now != last[0]) {
                last[0] = now;
                quietSince[0] = System.nanoTime();
                return false;
            }
            return System.nanoTime() - quietSince[0] > 200_000_000L;
        });
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops this hub and starts another on the same data directory and database, its configuration
     * first adjusted by {@code adjust}; this one is done with (close the one returned).
     */
    public TestHub restart(UnaryOperator<HubConfig> adjust) {
        browsers.forEach(Browser::close);
        hub.close();
        HubConfig adjusted = adjust.apply(config);
        return new TestHub(Hub.start(adjusted, clock), adjusted, database, databaseUrl, dataDir, clock);
    }

    /**
     * Another hub on this one's database and data directory, as a second node of one deployment
     * behind a load balancer (its own process state and caches, its own port and clock). Close it
     * before this one, which drops the database.
     */
    public TestHub secondNode() {
        MutableClock secondClock = MutableClock.startingNow();
        TestHub node = new TestHub(Hub.start(config, secondClock), config, database, databaseUrl, dataDir, secondClock, false);
        log.info("Test hub #{} on {} at {}, a second node of {}", STARTS.incrementAndGet(), database, node.uri(), uri());
        return node;
    }

    /** The JDBC URL of this hub's database (a test's own connection: killing a session, say). */
    public String databaseUrl() {
        return databaseUrl;
    }

    @Override
    public void close() {
        browsers.forEach(Browser::close);
        hub.close();
        if (ownsDatabase) {
            database.dropDatabase(databaseUrl);
        }
    }
}
