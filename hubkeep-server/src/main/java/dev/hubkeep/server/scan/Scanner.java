package dev.hubkeep.server.scan;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs every engine that applies to a file, and the secret finder, on one input. Thread-safe: the
 * engines are stateless, and every worker shares one scanner.
 */
final class Scanner {

    /** Bytes of the start of a file given to every engine (formats are told by their first bytes). */
    static final int HEAD = 4096;

    /** One file's verdict, and the well-formed tokens found in it. */
    record Outcome(ScanReport report, Set<String> tokens) {}

    private final List<Engine> engines;

    Scanner(List<Engine> engines) {
        this.engines = List.copyOf(engines);
    }

    List<String> engineNames() {
        return engines.stream().map(Engine::name).toList();
    }

    Outcome scan(ScanInput input) throws IOException {
        byte[] head;
        try (InputStream in = input.open()) {
            head = in.readNBytes(HEAD);
        }
        List<Finding> findings = new ArrayList<>();
        for (Engine engine : engines) {
            if (engine.appliesTo(input, head)) {
                findings.add(scanWith(engine, input, head));
            }
        }
        Set<String> tokens;
        try (InputStream in = input.open()) {
            tokens = SecretFinder.find(in);
        }
        return new Outcome(ScanReport.of(findings), tokens);
    }

    /** An engine's failure to read the content is an error worth retrying; its bugs are the file's error, not a crash. */
    private static Finding scanWith(Engine engine, ScanInput input, byte[] head) {
        try {
            return engine.scan(input, head);
        } catch (IOException e) {
            return Finding.failed(engine.name(), "could not read the file: " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return Finding.broken(engine.name(), "the engine could not analyse it (" + e.getClass().getSimpleName() + ")");
        }
    }
}
