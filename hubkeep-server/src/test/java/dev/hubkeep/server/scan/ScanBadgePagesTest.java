package dev.hubkeep.server.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Multipart;
import dev.hubkeep.server.testing.Pages;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The repository's web pages show each file's scan result and a pickle's imports, as the public Hub's do. */
class ScanBadgePagesTest {

    @RegisterExtension
    static final TestHubs hubs = TestHubs.perClass();

    @TempDir
    Path dir;

    TestHub hub;
    String owner;
    Browser session;
    ScanClient files;

    @BeforeEach
    void world() {
        hub = hubs.on(DatabaseKind.SQLITE);
        owner = hub.uniqueName("alice");
        session = hub.verifiedUser(owner);
        files = new ScanClient(hub.withToken(hub.createToken(session, "write", "write")), owner + "/model");
        hub.createRepo(session, owner, "model", false);
    }

    @Test
    void treePage_infectedFile_showsTheInfectedBadgeWithTheSignature() {
        files.commitFile("eicar.txt", (new String(BuiltinEngine.EICAR, StandardCharsets.US_ASCII) + "\n")
                .getBytes(StandardCharsets.US_ASCII));
        files.scanned("eicar.txt");

        String page = hub.browser().page("/" + owner + "/model/tree/main").body();

        assertThat(page).contains("class=\"badge scan-infected\"").contains(">Infected</span>").contains("builtin: ");
    }

    @Test
    void uploadThroughThePage_inTheCommit_scannedLikeAnyCommit() {
        upload("eicar.txt", (new String(BuiltinEngine.EICAR, StandardCharsets.US_ASCII) + "\n").getBytes(StandardCharsets.US_ASCII));

        assertThat(files.scanned("eicar.txt").path("status").asText()).isEqualTo("unsafe");
    }

    @Test
    void uploadThroughThePage_toLfs_scannedLikeAnyLfsUpload() {
        upload("eicar.bin", BuiltinEngine.EICAR); // *.bin goes to LFS by the repository's .gitattributes

        assertThat(files.scanned("eicar.bin").path("status").asText()).isEqualTo("unsafe");
    }

    @Test
    void treePage_plainFile_showsSafe() {
        files.commitFile("notes.txt", "plain notes".getBytes(StandardCharsets.UTF_8));
        files.scanned("notes.txt");

        assertThat(hub.browser().page("/" + owner + "/model/tree/main").body()).contains("class=\"badge scan-ok\"");
    }

    /** Uploads one file through the repository's upload page, as its owner. */
    private void upload(String name, byte[] content) {
        String upload = "/" + owner + "/model/upload/main";
        String csrf = Pages.csrf(session.page(upload));
        Response done = session.postMultipart(upload, Multipart.fields("_csrf", csrf).file("files", name, content));
        assertThat(done.status()).as(done.body()).isEqualTo(303);
    }

    @Test
    void blobPage_maliciousPickle_listsItsImportsAsDangerous() throws Exception {
        PickleFixtures.build(dir);
        files.commitFile("model.pkl", Files.readAllBytes(dir.resolve("evil-p4.pkl")));
        files.scanned("model.pkl");

        String page = hub.browser().page("/" + owner + "/model/blob/main/model.pkl").body();

        assertThat(page).contains("id=\"pickle-imports\"").contains("system</code>")
                .contains("class=\"badge pickle-dangerous\"").contains("class=\"badge scan-infected\"");
    }
}
