package dev.hubkeep.server;

import dev.hubkeep.server.accounts.AccountHandlers;
import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.AvatarHandler;
import dev.hubkeep.server.accounts.PasswordHasher;
import dev.hubkeep.server.accounts.WhoamiHandler;
import dev.hubkeep.server.auth.Authenticator;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.http.HealthHandlers;
import dev.hubkeep.server.http.HttpServer;
import dev.hubkeep.server.mail.Mailer;
import dev.hubkeep.server.mail.OutboxMailer;
import dev.hubkeep.server.mail.SmtpMailer;
import dev.hubkeep.server.store.Database;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** A running hub: the wiring of database, services and HTTP server, by explicit constructors. */
public final class Hub implements AutoCloseable {

    private final HubConfig config;
    private final Database database;
    private final HttpServer http;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private volatile String publicUrl;

    private Hub(HubConfig config, Database database, Clock clock) {
        this.config = config;
        this.database = database;
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);

        AccountService accounts = accountService(config, database, clock, this::publicUrl);
        Authenticator authenticator = new Authenticator(secret -> accounts.sessionUser(secret)
                .map(user -> new Principal.Authenticated(user.id(), user.username(), Principal.Credential.SESSION)));
        HealthHandlers health = new HealthHandlers(database::isReachable, () -> isWritable(config.dataDir()), registry);
        this.http = new HttpServer(
                Routes.table(
                        health,
                        new AccountHandlers(accounts, this::publicUrl),
                        new WhoamiHandler(accounts, this::publicUrl),
                        new AvatarHandler()),
                authenticator,
                registry);
    }

    /** Opens the data directory and database (migrating it), then starts serving. */
    public static Hub start(HubConfig config, Clock clock) {
        createDirectories(config.dataDir());
        Database database = openDatabase(config);
        try {
            Hub hub = new Hub(config, database, clock);
            hub.http.start(config.host(), config.port());
            hub.publicUrl = config.publicUrl().orElseGet(() -> "http://" + displayHost(config.host()) + ":" + hub.port());
            return hub;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    static Database openDatabase(HubConfig config) {
        createDirectories(config.dataDir());
        return Database.open(config.databaseUrl(), config.databaseUser(), config.databasePassword());
    }

    /** The account service as both the server and the operator commands use it. */
    static AccountService accountService(
            HubConfig config, Database database, Clock clock, java.util.function.Supplier<String> publicUrl) {
        Mailer mailer = config.smtp()
                .<Mailer>map(settings -> new SmtpMailer(settings, clock))
                .orElseGet(() -> new OutboxMailer(config.outbox(), config.mailFrom(), clock));
        return new AccountService(database, new PasswordHasher(), mailer, clock, publicUrl);
    }

    public int port() {
        return http.port();
    }

    /** Where users reach this hub; links in mail start with it. */
    public String publicUrl() {
        return publicUrl != null
                ? publicUrl
                : config.publicUrl().orElse("http://" + displayHost(config.host()) + ":" + config.port());
    }

    public Database database() {
        return database;
    }

    /** Stops taking requests, lets those in flight finish, then closes the database. */
    @Override
    public void close() {
        try {
            http.close();
        } finally {
            gcMetrics.close();
            database.close();
        }
    }

    private static String displayHost(String host) {
        return "0.0.0.0".equals(host) || "::".equals(host) ? "localhost" : host;
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dir, e);
        }
    }

    private static boolean isWritable(Path dir) {
        try {
            Path probe = Files.createTempFile(dir, ".ready", ".tmp");
            Files.delete(probe);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
