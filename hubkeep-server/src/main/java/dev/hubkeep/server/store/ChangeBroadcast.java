package dev.hubkeep.server.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every node on one PostgreSQL database of the changes each commits, so a revocation made on
 * one is seen by the others within a fraction of a second: each change this node publishes is sent
 * with {@code NOTIFY}, and a connection of its own (never one of the pool's) {@code LISTEN}s for the
 * others' and delivers them to this node's caches.
 *
 * <p>A node that may have missed a notification never answers from its caches: from the moment the
 * listening connection is found lost until it listens again, {@link Changes#suspend} has every cache
 * dropped and bypassed; once it listens again, {@link Changes#resume} drops them once more and lets
 * them fill. A change committed while it was deaf is read from the database like everything else.
 */
public final class ChangeBroadcast implements AutoCloseable {

    static final String CHANNEL = "hubkeep_changes";
    /** What PostgreSQL shows for the listening session ({@code pg_stat_activity.application_name}). */
    public static final String APPLICATION_NAME = "hubkeep-change-listener";
    /** PostgreSQL refuses a payload of 8000 bytes or more (the default build). */
    static final int MAX_PAYLOAD_BYTES = 7999;
    /** How long one wait for notifications lasts: also how soon a closing hub's listener stops. */
    private static final int POLL_MILLIS = 100;
    /** How often a quiet connection is checked: a connection lost without a word is found within this. */
    private static final Duration PROBE_EVERY = Duration.ofSeconds(2);
    private static final int PROBE_TIMEOUT_SECONDS = 2;
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long LAST_RETRY_MILLIS = 5_000;
    /** How long a starting hub waits for its first LISTEN before serving without caches. */
    private static final Duration FIRST_LISTEN_WAIT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(ChangeBroadcast.class);

    private final Database database;
    private final Changes changes;
    /** This process's name in its own notifications, so it skips its echo (applying it again would be harmless). */
    private final String node = UUID.randomUUID().toString().substring(0, 8);
    private final Thread listener;
    private final AtomicLong listens = new AtomicLong();
    private final CountDownLatch listening = new CountDownLatch(1);
    private volatile boolean running;

    public ChangeBroadcast(Database database, Changes changes) {
        if (database.dialect() != Dialect.POSTGRESQL) {
            throw new IllegalArgumentException("Changes are broadcast on PostgreSQL only; SQLite serves one node");
        }
        this.database = database;
        this.changes = changes;
        this.listener = new Thread(this::listen, "hubkeep-change-listener");
        listener.setDaemon(true);
    }

    /**
     * Connects the listener (caches stay bypassed until it listens), then sends every change this
     * node publishes from now on.
     */
    public void start() {
        running = true;
        changes.suspend();
        changes.forwardTo(sender(database, node, () -> running));
        listener.start();
        try {
            if (!listening.await(FIRST_LISTEN_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("The change listener is not connected yet: caches are bypassed until it is");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What sends a process's committed changes to every server listening on {@code database}, for a
     * process that serves no requests and so needs no listener: an operator command ({@code hubkeep admin …}).
     */
    public static Outward notifier(Database database) {
        if (database.dialect() != Dialect.POSTGRESQL) {
            throw new IllegalArgumentException("Changes are broadcast on PostgreSQL only");
        }
        return sender(database, "op-" + UUID.randomUUID().toString().substring(0, 8), () -> true);
    }

    /** Sends {@code node}'s changes with {@code NOTIFY} while {@code sending} holds. */
    private static Outward sender(Database database, String node, BooleanSupplier sending) {
        return new Outward() {
            @Override
            public void sendWithin(Handle transaction, Change change) {
                if (sending.getAsBoolean()) {
                    notifyOn(transaction, encode(node, change));
                }
            }

            @Override
            public void sendNow(Change change) {
                if (sending.getAsBoolean()) {
                    database.jdbi().useHandle(h -> notifyOn(h, encode(node, change)));
                }
            }
        };
    }

    /** How many times the listener has begun listening (tests see a reconnection by it). */
    public long listens() {
        return listens.get();
    }

    /** Within a transaction, PostgreSQL holds the notification until the commit and drops it on a rollback. */
    private static void notifyOn(Handle handle, String payload) {
        handle.createQuery("SELECT pg_notify(:channel, :payload)")
                .bind("channel", CHANNEL)
                .bind("payload", payload)
                .map((rs, ctx) -> Boolean.TRUE)
                .one();
    }

    private void listen() {
        long retryMillis = FIRST_RETRY_MILLIS;
        while (running) {
            try (Connection connection = connect()) {
                retryMillis = FIRST_RETRY_MILLIS;
                listens.incrementAndGet();
                changes.resume();
                listening.countDown();
                receive(connection);
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Not hearing other nodes' changes ({}): caches are bypassed until the listener reconnects",
                            e.getMessage());
                }
            } finally {
                changes.suspend(); // from here until the next LISTEN, a change elsewhere may go unheard
            }
            if (running) {
                try {
                    Thread.sleep(retryMillis);
                } catch (InterruptedException e) {
                    return; // closing
                }
                retryMillis = Math.min(retryMillis * 2, LAST_RETRY_MILLIS);
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        properties.setProperty("tcpKeepAlive", "true");
        Connection connection = database.openDedicatedConnection(properties);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + CHANNEL); // autocommit: listening from here on
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    /** Delivers what the connection hears until it fails or the hub closes. */
    private void receive(Connection connection) throws SQLException {
        PGConnection postgres = connection.unwrap(PGConnection.class);
        long lastHeard = System.nanoTime();
        while (running) {
            PGNotification[] notifications = postgres.getNotifications(POLL_MILLIS);
            if (notifications != null && notifications.length > 0) {
                for (PGNotification notification : notifications) {
                    decode(node, notification.getParameter()).ifPresent(changes::deliver);
                }
                lastHeard = System.nanoTime();
            } else if (System.nanoTime() - lastHeard > PROBE_EVERY.toNanos()) {
                if (!connection.isValid(PROBE_TIMEOUT_SECONDS)) {
                    throw new SQLException("the listening connection stopped answering");
                }
                lastHeard = System.nanoTime();
            }
        }
    }

    /**
     * {@code node kind id}; a change whose message would exceed PostgreSQL's payload limit becomes
     * "everything" (every node drops every cache), never a message cut short.
     */
    static String encode(String node, Change change) {
        String message = switch (change) {
            case Change.Token token -> node + " token " + token.tokenId();
            case Change.Account account -> node + " account " + account.userId();
            case Change.Org org -> node + " org " + org.orgId();
            case Change.Repo repo -> node + " repo " + repo.repoId();
            case Change.Refs refs -> node + " refs " + refs.repoId();
            case Change.Everything ignored -> node + " everything";
        };
        return message.getBytes(StandardCharsets.UTF_8).length <= MAX_PAYLOAD_BYTES ? message : node + " everything";
    }

    /**
     * The change a notification announces, or nothing for this node's own echo. A message not
     * understood (a newer node's, say) is taken as "everything": dropping too much is only slower.
     */
    static Optional<Change> decode(String self, String payload) {
        String[] parts = payload.split(" ", 3);
        if (parts[0].equals(self)) {
            return Optional.empty();
        }
        if (parts.length != 3) {
            return Optional.of(Change.EVERYTHING);
        }
        String id = parts[2];
        return Optional.of(switch (parts[1]) {
            case "token" -> new Change.Token(id);
            case "account" -> new Change.Account(id);
            case "org" -> new Change.Org(id);
            case "repo" -> new Change.Repo(id);
            case "refs" -> new Change.Refs(id);
            default -> Change.EVERYTHING;
        });
    }

    /** Stops listening; changes published after this are no longer sent. */
    @Override
    public void close() {
        running = false;
        listener.interrupt();
        try {
            listener.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
