package dev.hubkeep.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@link TestHub}s that outlive one test, as a JUnit extension: a class that registers
 * {@code @RegisterExtension static final TestHubs hubs = TestHubs.perClass();} and takes its hub with
 * {@code hubs.on(database)} pays for one hub start per database instead of one per test. Its hubs close
 * after the class; {@link #shared()}'s hubs serve every class that uses them and close when the run ends.
 *
 * <p>Tests on one hub must not interfere: each signs up users and creates repositories under names of
 * its own ({@link TestHub#uniqueName}) and asserts only on what it made. Before each test the clock of
 * every hub here moves on by {@link #BETWEEN_TESTS}, so that no test spends another's per-address
 * allowances (sign-ups, failed sign-ins, bad tokens). A test that needs a hub to itself (a setting of
 * its own, a count over the whole hub, an allowance it exhausts) keeps calling {@link TestHub#start}.
 */
public final class TestHubs implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    /** Past the longest per-address allowance window: sign-ups, one hour. */
    public static final Duration BETWEEN_TESTS = Duration.ofHours(1).plusMinutes(1);

    private static final TestHubs SHARED = new TestHubs(true);

    private final boolean shared;
    private final Map<DatabaseKind, TestHub> hubs = new EnumMap<>(DatabaseKind.class);
    private final List<Path> dataDirs = new ArrayList<>();

    private TestHubs(boolean shared) {
        this.shared = shared;
    }

    /** Hubs for one test class, closed after it. */
    public static TestHubs perClass() {
        return new TestHubs(false);
    }

    /** Hubs for every class that registers this, closed when the test run ends. */
    public static TestHubs shared() {
        return SHARED;
    }

    /** The hub on {@code database}, started on first use. */
    public synchronized TestHub on(DatabaseKind database) {
        return hubs.computeIfAbsent(database, kind -> {
            Path dataDir = newDataDir();
            dataDirs.add(dataDir);
            return TestHub.start(kind, dataDir);
        });
    }

    public TestHub sqlite() {
        return on(DatabaseKind.SQLITE);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (shared) {
            // Once per run: the root store closes what it holds when the run ends.
            context.getRoot().getStore(ExtensionContext.Namespace.create(TestHubs.class))
                    .computeIfAbsent("shared hubs", key -> (AutoCloseable) this::closeAll);
        }
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        hubs.values().forEach(hub -> hub.clock.advance(BETWEEN_TESTS));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!shared) {
            closeAll();
        }
    }

    private synchronized void closeAll() {
        hubs.values().forEach(TestHub::close);
        hubs.clear();
        dataDirs.forEach(TestHubs::delete);
        dataDirs.clear();
    }

    private static Path newDataDir() {
        try {
            return Files.createTempDirectory("hubkeep-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the test hub's data in " + dir, e);
        }
    }
}
