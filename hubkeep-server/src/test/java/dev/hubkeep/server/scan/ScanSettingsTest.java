package dev.hubkeep.server.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.HubConfig;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's scanning settings, each on a hub of its own: the known-bad list, who may download infected files. */
class ScanSettingsTest {

    private static final byte[] EICAR = (new String(BuiltinEngine.EICAR, StandardCharsets.US_ASCII) + "\n")
            .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    TestHub hub;
    Browser session;
    ScanClient files;

    @AfterEach
    void stop() {
        hub.close();
    }

    private void start(UnaryOperator<ScanSettings> settings) {
        UnaryOperator<HubConfig> adjust = config -> config.withScan(settings.apply(config.scan()));
        hub = TestHub.start(DatabaseKind.SQLITE, dir.resolve("data"), adjust);
        session = hub.verifiedUser("alice");
        hub.createRepo(session, "alice", "model", false);
        files = new ScanClient(hub.withToken(hub.createToken(session, "write", "write")), "alice/model");
    }

    @Test
    void fileOnTheOperatorsKnownBadList_isInfected() throws IOException {
        byte[] content = "an installer known to be trojaned".getBytes(StandardCharsets.UTF_8);
        Path list = dir.resolve("known-bad.txt");
        Files.writeString(list, "# from the incident of last week\n" + ScanClient.sha256(content) + "\n");
        start(settings -> settings.withKnownBad(list));

        files.commitFile("setup.exe", content);

        assertThat(files.scanned("setup.exe").path("avScan").path("message").asText())
                .isEqualTo("builtin: known-bad sha256 " + ScanClient.sha256(content));
    }

    @Test
    void infectedDownloadsNobody_refusesEvenTheRepositorysWriters() {
        start(settings -> settings.withInfectedDownloads(InfectedDownloads.NOBODY));
        files.commitFile("eicar.com", EICAR);
        files.scanned("eicar.com");

        Response download = session.get("/alice/model/resolve/main/eicar.com");

        assertThat(download.status()).isEqualTo(403);
        assertThat(download.json().path("error").asText()).contains("to no one");
    }

    @Test
    void infectedDownloadsEveryone_servesAnonymousCallersWithTheHeader() {
        start(settings -> settings.withInfectedDownloads(InfectedDownloads.EVERYONE));
        files.commitFile("eicar.com", EICAR);
        files.scanned("eicar.com");

        Response download = hub.browser().get("/alice/model/resolve/main/eicar.com");

        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("X-Scan-Status")).hasValue("infected");
    }
}
