package dev.hubkeep.server.scan;

import dev.hubkeep.server.access.Facts;
import dev.hubkeep.server.git.LfsStore;
import dev.hubkeep.server.git.RepoStorage;
import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.xet.CasService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The scanning pipeline and its service, assembled from the settings (for {@code Hub}). */
public record Scanning(ScanPipeline pipeline, ScanService service) implements AutoCloseable {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** Builds the pipeline; {@link ScanPipeline#start} sets it working. */
    public static Scanning create(ScanSettings settings, Database database, RepoStorage storage, LfsStore lfs, CasService xet,
            Path dataDir, Facts facts, ScanPipeline.ExposedTokens exposed, Clock clock) {
        List<Engine> engines = new ArrayList<>(List.of(
                new BuiltinEngine(settings.knownBad().map(Scanning::readKnownBad).orElse(Set.of())),
                new PickleEngine(),
                new SafetensorsEngine()));
        settings.clamd().ifPresent(address ->
                engines.add(new ClamavEngine(new ClamdClient(address, settings.clamdTimeout()), settings.clamdMaxSize())));
        ScanQueue queue = new ScanQueue(database, clock);
        GitBlobContent blobs = new GitBlobContent(storage, dataDir.resolve("scan-tmp"));
        blobs.clearLeftovers();
        List<ContentSource> sources = List.of(blobs, new LfsContent(lfs), new XetContent(xet, dataDir.resolve("scan-tmp")));
        ScanPipeline pipeline = new ScanPipeline(queue, new PushLister(storage), sources, new Scanner(engines), exposed, clock,
                settings.workers());
        return new Scanning(pipeline, new ScanService(pipeline, queue, storage, facts, settings.infectedDownloads()));
    }

    /** One lower-case sha256 per line; blank lines and {@code #} comments are skipped. */
    public static Set<String> readKnownBad(Path file) {
        Set<String> hashes = new HashSet<>();
        try {
            int number = 0;
            for (String line : Files.readAllLines(file)) {
                number++;
                String text = line.replaceAll("#.*", "").strip().toLowerCase(Locale.ROOT);
                if (text.isEmpty()) {
                    continue;
                }
                if (!SHA256.matcher(text).matches()) {
                    throw new IllegalArgumentException(file + " line " + number + " is not a sha256 (64 hex digits): " + line);
                }
                hashes.add(text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the known-bad hash list " + file, e);
        }
        return hashes;
    }

    @Override
    public void close() {
        pipeline.close();
    }
}
