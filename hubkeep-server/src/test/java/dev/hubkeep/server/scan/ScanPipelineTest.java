package dev.hubkeep.server.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import dev.hubkeep.server.testing.TokenClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pipeline end to end, through the API as clients use it: files committed are scanned in the
 * background, their status shows on paths-info and tree entries in the public Hub's shape and on
 * repo info, infected files are refused to those who may not have them. Each test makes its own
 * user, repository and content (results are shared across the hub, by content).
 */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class ScanPipelineTest {

    private static final AtomicInteger VARIANT = new AtomicInteger();

    @RegisterExtension
    static final TestHubs hubs = TestHubs.perClass();

    @Parameter
    DatabaseKind database;

    @TempDir
    Path dir;

    TestHub hub;
    String owner;
    Browser session;
    String writeToken;
    TokenClient writer;
    ScanClient files;

    @BeforeEach
    void world() {
        hub = hubs.on(database);
        owner = hub.uniqueName("alice");
        session = hub.verifiedUser(owner);
        writeToken = hub.createToken(session, "write", "write");
        writer = hub.withToken(writeToken);
        hub.createRepo(session, owner, "model", false);
        files = new ScanClient(writer, owner + "/model");
    }

    /** The EICAR test file, made unique to the test by trailing whitespace (which the standard allows). */
    private static byte[] eicar() {
        return (new String(BuiltinEngine.EICAR, StandardCharsets.US_ASCII) + " ".repeat(VARIANT.incrementAndGet() % 50) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] unique(String text) {
        return (text + " " + VARIANT.incrementAndGet() + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eicarThroughTheCommitApi_isInfectedByTheBuiltinEngine() {
        files.commitFile("eicar.com", eicar());

        JsonNode status = files.scanned("eicar.com");

        assertThat(status.path("status").asText()).isEqualTo("unsafe");
        assertThat(status.path("hubkeep").path("findings").get(0).toString())
                .contains("\"engine\":\"builtin\"", "\"signature\":\"EICAR-Test-File\"");
    }

    @Test
    void cleanFile_isSafe_withTheThreeKeysTheHubsClientReads() {
        files.commitFile("README.md", unique("# A model"));

        JsonNode status = files.scanned("README.md");

        assertThat(status.path("status").asText()).isEqualTo("safe");
        assertThat(status.path("avScan").path("status").asText()).isEqualTo("safe");
        assertThat(status.path("pickleImportScan").path("status").asText()).isEqualTo("unscanned");
    }

    @Test
    void pickleThroughLfs_listsItsImportsOnTheTreeEntry() throws Exception {
        PickleFixtures.build(dir);
        files.commitLfsFile("/" + owner + "/model.git", "model.pkl", Files.readAllBytes(dir.resolve("suspicious.pkl")));
        files.scanned("model.pkl");

        JsonNode tree = writer.get(files.api() + "/tree/main?expand=true").json();
        JsonNode pkl = tree.get(1); // .gitattributes, then model.pkl

        assertThat(pkl.path("path").asText()).isEqualTo("model.pkl");
        assertThat(pkl.path("securityFileStatus").path("pickleImportScan").path("pickleImports").toString()).contains("{\"module\":\"fractions\",\"name\":\"Fraction\",\"safety\":\"suspicious\"}");
    }

    @Test
    void brokenSafetensorsScannedAtLfsUpload_isScannedAgainOnceCommittedUnderItsName() {
        // A header length past the end of the file: nothing in the bytes alone says safetensors.
        byte[] broken = unique("\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u007f not a header");
        String oid = files.uploadLfs("/" + owner + "/model.git", broken);
        dev.hubkeep.server.testing.Await.until(ScanClient.SCAN_DEADLINE, "the upload's scan",
                () -> hub.hub().scanBacklog() == 0);

        files.commitLfs("model.safetensors", oid, broken.length);
        dev.hubkeep.server.testing.Await.until(ScanClient.SCAN_DEADLINE, "the commit's listing and scan",
                () -> hub.hub().scanBacklog() == 0);

        assertThat(files.status("model.safetensors").path("avScan").path("message").asText())
                .startsWith("safetensors: the header length");
    }

    @Test
    void sameContentInAnotherRepository_hasItsStatusAtOnceWithoutASecondScan() {
        byte[] content = eicar();
        files.commitFile("a.com", content);
        files.scanned("a.com");
        hub.createRepo(session, owner, "copy", false);
        ScanClient copy = new ScanClient(writer, owner + "/copy");

        copy.commitFile("b.com", content);

        assertThat(copy.status("b.com").path("status").asText()).isEqualTo("unsafe");
    }

    @Test
    void infectedFile_refusedToAnonymousCallers_sayingWhyAndWhoMay() {
        files.commitFile("eicar.com", eicar());
        files.scanned("eicar.com");

        Response download = hub.browser().get("/" + owner + "/model/resolve/main/eicar.com");

        assertThat(download.status()).isEqualTo(403);
        assertThat(download.json().path("error").asText()).contains("infected", "EICAR-Test-File", "writers");
    }

    @Test
    void infectedFile_refusedToAReadToken() {
        files.commitFile("eicar.com", eicar());
        files.scanned("eicar.com");
        TokenClient reader = hub.withToken(hub.createToken(session, "read", "read"));

        Response download = reader.get("/" + owner + "/model/resolve/main/eicar.com");

        assertThat(download.status()).isEqualTo(403);
        assertThat(download.header("X-Scan-Status")).hasValue("infected");
    }

    @Test
    void infectedFile_servedToTheRepositorysWriters_withTheHeader() {
        files.commitFile("eicar.com", eicar());
        files.scanned("eicar.com");

        Response download = writer.get("/" + owner + "/model/resolve/main/eicar.com");

        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("X-Scan-Status")).hasValue("infected");
    }

    @Test
    void infectedLfsObject_gitLfsBatchDownloadWithAReadToken_refusedForThatObject() {
        byte[] content = eicar();
        files.commitLfsFile("/" + owner + "/model.git", "eicar.bin", content);
        files.scanned("eicar.bin");
        TokenClient reader = hub.withToken(hub.createToken(session, "read", "read"));

        JsonNode object = ScanClient.lfsDownload(reader, "/" + owner + "/model.git", ScanClient.sha256(content), content.length);

        assertThat(object.path("error").path("code").asInt()).isEqualTo(403);
        assertThat(object.path("error").path("message").asText()).contains("infected");
    }

    @Test
    void infectedLfsObject_gitLfsBatchDownloadByAWriter_getsItsLink() {
        byte[] content = eicar();
        files.commitLfsFile("/" + owner + "/model.git", "eicar.bin", content);
        files.scanned("eicar.bin");

        JsonNode object = ScanClient.lfsDownload(writer, "/" + owner + "/model.git", ScanClient.sha256(content), content.length);

        assertThat(object.path("actions").path("download").path("href").asText()).isNotEmpty();
    }

    @Test
    void cleanFile_downloadCarriesItsStatus() {
        files.commitFile("config.json", unique("{}"));
        files.scanned("config.json");

        assertThat(hub.browser().get("/" + owner + "/model/resolve/main/config.json").header("X-Scan-Status")).hasValue("ok");
    }

    @Test
    void repoInfoWithSecurityStatus_namesTheFilesWithIssues() {
        files.commitFile("eicar.com", eicar());
        files.scanned("eicar.com");
        files.scanned(".gitattributes");

        JsonNode status = writer.get(files.api() + "?securityStatus=True").json().path("securityRepoStatus");

        assertThat(status.path("scansDone").asBoolean()).isTrue();
        assertThat(status.path("filesWithIssues").toString()).isEqualTo("[{\"path\":\"eicar.com\",\"level\":\"unsafe\"}]");
    }

    @Test
    void rescan_byTheRepositorysAdmin_queuesEveryFile() {
        files.commitFile("config.json", unique("{}"));
        files.scanned("config.json");

        Response rescan = session.postJson(files.api() + "/scan", "{}");

        assertThat(rescan.status()).isEqualTo(202);
        assertThat(rescan.json().path("queued").asInt()).isEqualTo(2); // .gitattributes and config.json
    }

    @Test
    void rescan_scansAgainToAFinalStatus() {
        files.commitFile("eicar.com", eicar());
        files.scanned("eicar.com");

        session.postJson(files.api() + "/scan", "{}");

        assertThat(files.scanned("eicar.com").path("status").asText()).isEqualTo("unsafe");
    }
}
