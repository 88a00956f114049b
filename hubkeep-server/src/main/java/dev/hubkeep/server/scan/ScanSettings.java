package dev.hubkeep.server.scan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The scanning settings (docs/configuration.md).
 *
 * @param clamd clamd's socket ({@code unix:/path} or {@code host:port}); without it the
 *     {@code clamav} engine is off
 * @param clamdTimeout how long one file's exchange with clamd may take
 * @param clamdMaxSize the most bytes of one file streamed to clamd (no more than its StreamMaxLength)
 * @param knownBad a file of sha256 hashes of known-bad files, one per line, for the builtin engine
 * @param infectedDownloads who may download an infected file
 * @param workers how many files are scanned at once (default: one per core)
 */
public record ScanSettings(
        Optional<String> clamd,
        Duration clamdTimeout,
        long clamdMaxSize,
        Optional<Path> knownBad,
        InfectedDownloads infectedDownloads,
        int workers) {

    public static final ScanSettings DEFAULTS = new ScanSettings(Optional.empty(), Duration.ofSeconds(60), 100L << 20,
            Optional.empty(), InfectedDownloads.WRITERS, Runtime.getRuntime().availableProcessors());

    public ScanSettings {
        clamd.ifPresent(ClamdClient::validate);
        if (clamdTimeout.toMillis() < 1 || clamdMaxSize < 1 || workers < 1) {
            throw new IllegalArgumentException("scan settings must be positive");
        }
    }

    public ScanSettings withClamd(String address) {
        return new ScanSettings(Optional.of(address), clamdTimeout, clamdMaxSize, knownBad, infectedDownloads, workers);
    }

    public ScanSettings withClamdTimeout(Duration timeout) {
        return new ScanSettings(clamd, timeout, clamdMaxSize, knownBad, infectedDownloads, workers);
    }

    public ScanSettings withKnownBad(Path file) {
        return new ScanSettings(clamd, clamdTimeout, clamdMaxSize, Optional.of(file), infectedDownloads, workers);
    }

    public ScanSettings withInfectedDownloads(InfectedDownloads policy) {
        return new ScanSettings(clamd, clamdTimeout, clamdMaxSize, knownBad, policy, workers);
    }

    public ScanSettings withWorkers(int count) {
        return new ScanSettings(clamd, clamdTimeout, clamdMaxSize, knownBad, infectedDownloads, count);
    }
}
