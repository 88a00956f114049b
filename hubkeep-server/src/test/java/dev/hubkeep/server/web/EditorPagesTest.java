package dev.hubkeep.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.Multipart;
import dev.hubkeep.server.testing.Pages;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import dev.hubkeep.server.testing.TokenClient;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The browser editor over HTTP: editing a file, uploading files (small ones in the commit, binary
 * and large ones in LFS), deleting a file or a folder; each one commit signed by the hub, each form
 * with its CSRF token, only for writers, and what users typed shown as text.
 */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class EditorPagesTest {

    static final String XSS = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";

    @RegisterExtension
    static final TestHubs hubs = TestHubs.perClass();

    @Parameter
    DatabaseKind database;

    /** A model of its own with a README, its owner signed in, and a write token for the API. */
    record World(Browser owner, String base, String api, TokenClient writer) {}

    private TestHub hub() {
        return hubs.on(database);
    }

    private World world() {
        String owner = hub().uniqueName("alice");
        Browser session = hub().verifiedUser(owner);
        hub().createRepo(session, owner, "bert", false);
        TokenClient writer = hub().withToken(hub().createToken(session, "write", "write"));
        String api = "/api/models/" + owner + "/bert";
        Response made = writer.postNdjson(api + "/commit/main", RepoPagesTest.commit("Add card",
                RepoPagesTest.file("README.md", "# Bert\n\nHello\n"), RepoPagesTest.file("weights/config.json", "{}"),
                RepoPagesTest.file("weights/more.json", "{}")));
        assertThat(made.status()).as(made.body()).isEqualTo(200);
        return new World(session, "/" + owner + "/bert", api, writer);
    }

    // --- edit ---

    @Test
    void editForm_showsTheFileInAnEditor() {
        World w = world();

        Response page = w.owner().page(w.base() + "/edit/main/README.md");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<textarea id=\"content\" name=\"content\"", "# Bert\n\nHello\n</textarea>");
    }

    @Test
    void edit_commitsTheTextAndShowsTheFile() {
        World w = world();

        Response done = edit(w, "README.md", "# Bert\n\nNew words\n", "Say more");

        assertThat(done.status()).isEqualTo(303);
        assertThat(done.header("Location")).contains(w.base() + "/blob/main/README.md");
        assertThat(raw(w, "README.md")).isEqualTo("# Bert\n\nNew words\n");
    }

    @Test
    void edit_oneCommitWithTheMessage_signedByTheHub() {
        World w = world();

        edit(w, "README.md", "# Bert\n", "Say less");

        Response commits = w.owner().page(w.base() + "/commits/main");
        assertThat(commits.body()).containsSubsequence("Say less", "badge verified", "Add card");
    }

    @Test
    void edit_emptyMessage_theDefault() {
        World w = world();

        edit(w, "README.md", "# Bert\n", "");

        assertThat(w.writer().get(w.api() + "/commits/main").json().get(0).path("title").asText()).isEqualTo("Update README.md");
    }

    @Test
    void edit_linesEndingInCrLfFromTheBrowser_storedAsTheFileHadThem() {
        World w = world();

        edit(w, "README.md", "# Bert\r\n\r\nCRLF from the textarea\r\n", "x");

        assertThat(raw(w, "README.md")).isEqualTo("# Bert\n\nCRLF from the textarea\n");
    }

    @Test
    void edit_branchMovedSinceTheEditorOpened_412AndTheTextKept() {
        World w = world();
        Response form = w.owner().page(w.base() + "/edit/main/README.md");
        w.writer().postNdjson(w.api() + "/commit/main", RepoPagesTest.commit("Meanwhile", RepoPagesTest.file("other.txt", "x")));

        Response refused = w.owner().postMultipart(w.base() + "/edit/main/README.md", Multipart.fields("_csrf", Pages.csrf(form),
                "parent", parent(form), "content", "my careful words", "summary", "mine"));

        assertThat(refused.status()).isEqualTo(412);
        assertThat(refused.body()).contains("since you opened the editor", "my careful words");
        assertThat(raw(w, "README.md")).isEqualTo("# Bert\n\nHello\n");
    }

    @Test
    void edit_sentAgainAfterTheConflict_replacesTheFile() {
        World w = world();
        Response form = w.owner().page(w.base() + "/edit/main/README.md");
        w.writer().postNdjson(w.api() + "/commit/main", RepoPagesTest.commit("Meanwhile", RepoPagesTest.file("other.txt", "x")));
        Response refused = w.owner().postMultipart(w.base() + "/edit/main/README.md", Multipart.fields("_csrf", Pages.csrf(form),
                "parent", parent(form), "content", "mine", "summary", "mine"));

        Response again = w.owner().postMultipart(w.base() + "/edit/main/README.md", Multipart.fields("_csrf",
                Pages.csrf(refused), "parent", parent(refused), "content", "mine", "summary", "mine"));

        assertThat(again.status()).isEqualTo(303);
        assertThat(raw(w, "README.md")).isEqualTo("mine");
    }

    @Test
    void edit_textBeyondAscii_storedAsUtf8() {
        World w = world();

        edit(w, "README.md", "Modèle 模型 🤗\n", "Ünïcode");

        assertThat(raw(w, "README.md")).isEqualTo("Modèle 模型 🤗\n");
        assertThat(w.writer().get(w.api() + "/commits/main").json().get(0).path("title").asText()).isEqualTo("Ünïcode");
    }

    @Test
    void upload_fileNameBeyondAscii_keptAsSent() {
        World w = world();

        upload(w, "", f -> f.file("files", "modèle 模型.txt", "x"));

        assertThat(raw(w, "mod%C3%A8le%20%E6%A8%A1%E5%9E%8B.txt")).isEqualTo("x");
    }

    @Test
    void edit_repositoryRequiringSignedCommits_takenAsTheHubSignsIt() {
        World w = world();
        w.owner().putJson(w.api() + "/settings", "{\"requireSignedCommits\": true}");

        edit(w, "README.md", "signed by the hub", "x");

        assertThat(raw(w, "README.md")).isEqualTo("signed by the hub");
    }

    @Test
    void edit_withoutCsrfToken_403AndNothingCommitted() {
        World w = world();

        Response refused = w.owner().postMultipart(w.base() + "/edit/main/README.md", Multipart.fields("content", "evil",
                "summary", "x"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(raw(w, "README.md")).isEqualTo("# Bert\n\nHello\n");
    }

    @Test
    void edit_urlEncodedForm_alsoTaken() {
        World w = world();
        Response form = w.owner().page(w.base() + "/edit/main/README.md");

        Response done = w.owner().postForm(w.base() + "/edit/main/README.md", "_csrf", Pages.csrf(form), "parent", parent(form),
                "content", "plain form", "summary", "x");

        assertThat(done.status()).isEqualTo(303);
        assertThat(raw(w, "README.md")).isEqualTo("plain form");
    }

    @Test
    void editForm_missingFile_aNewFile() {
        World w = world();
        Response form = w.owner().page(w.base() + "/edit/main/docs/NOTES.md");

        Response done = w.owner().postMultipart(w.base() + "/edit/main/docs/NOTES.md", Multipart.fields("_csrf", Pages.csrf(form),
                "parent", parent(form), "new", "1", "content", "notes", "summary", ""));

        assertThat(done.status()).isEqualTo(303);
        assertThat(w.writer().get(w.api() + "/commits/main").json().get(0).path("title").asText()).isEqualTo("Create docs/NOTES.md");
    }

    @Test
    void edit_newFileUnderAPathThatIsAFile_refusedWithTheForm() {
        World w = world();
        Response form = w.owner().page(w.base() + "/edit/main/README.md/inside.txt");

        Response refused = w.owner().postMultipart(w.base() + "/edit/main/README.md/inside.txt", Multipart.fields("_csrf",
                Pages.csrf(form), "parent", parent(form), "new", "1", "content", "x", "summary", ""));

        assertThat(refused.status()).as(refused.body()).isBetween(400, 499);
        assertThat(refused.body()).contains("id=\"edit\"");
    }

    @Test
    void editForm_lfsFile_400SayingWhy() {
        World w = world();
        upload(w, "", f -> f.file("files", "model.bin", new byte[] {0, 1, 2}));

        Response page = w.owner().page(w.base() + "/edit/main/model.bin");

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("the page edits text files only");
    }

    @Test
    void editForm_onATagOrCommit_400AskingForABranch() {
        World w = world();
        String sha = w.writer().get(w.api() + "/commits/main").json().get(0).path("id").asText();

        Response page = w.owner().page(w.base() + "/edit/" + sha + "/README.md");

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("is not a branch");
    }

    @Test
    void edit_textTooLarge_413AndNothingCommitted() {
        World w = world();
        Response form = w.owner().page(w.base() + "/edit/main/README.md");

        Response refused = w.owner().postMultipart(w.base() + "/edit/main/README.md", Multipart.fields("_csrf", Pages.csrf(form),
                "parent", parent(form), "content", "x".repeat(EditorPages.MAX_EDIT_BYTES + 1), "summary", "big"));

        assertThat(refused.status()).as(refused.body()).isEqualTo(413);
        assertThat(raw(w, "README.md")).isEqualTo("# Bert\n\nHello\n");
    }

    @Test
    void edit_markupInTheTextAndMessage_shownAsText() {
        World w = world();
        edit(w, "README.md", "# Bert\n\n" + XSS + "\n", "Message " + XSS);

        Response editor = w.owner().page(w.base() + "/edit/main/README.md");
        Response commits = w.owner().page(w.base() + "/commits/main");

        assertThat(editor.body() + commits.body()).contains("&lt;script&gt;alert(1)").doesNotContain("<script>alert(1)", "<img src=x");
    }

    // --- who may ---

    @Test
    void editorLinks_shownToWriters() {
        World w = world();

        Response page = w.owner().page(w.base() + "/blob/main/README.md");

        assertThat(page.body()).contains("href=\"" + w.base() + "/edit/main/README.md\"", "href=\"" + w.base() + "/delete/main/README.md\"");
    }

    @Test
    void editorLinks_hiddenFromReaders() {
        World w = world();

        Response page = reader().page(w.base() + "/blob/main/README.md");

        assertThat(page.body()).doesNotContain("/edit/main/", "/delete/main/");
    }

    @Test
    void editForm_reader_403() {
        World w = world();

        assertThat(reader().page(w.base() + "/edit/main/README.md").status()).isEqualTo(403);
    }

    @Test
    void edit_orgReadMember_403AndNothingCommitted() {
        World w = world();
        String org = hub().uniqueName("acme");
        hub().createOrg(w.owner(), org);
        hub().createRepo(w.owner(), org, "bert", false);
        Browser member = reader();
        hub().addMember(w.owner(), org, member.get("/api/whoami-v2").json().path("name").asText(), "read");
        String csrf = Pages.csrf(member.page("/" + org + "/bert"));
        int before = w.writer().get("/api/models/" + org + "/bert/commits/main").json().size();

        Response refused = member.postMultipart("/" + org + "/bert/edit/main/README.md", Multipart.fields("_csrf", csrf,
                "content", "x", "summary", "x"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(w.writer().get("/api/models/" + org + "/bert/commits/main").json()).hasSize(before);
    }

    // --- upload ---

    @Test
    void upload_textFile_inTheCommitNotLfs() {
        World w = world();

        Response done = upload(w, "", f -> f.file("files", "notes.txt", "plain text"));

        assertThat(done.status()).isEqualTo(303);
        assertThat(entry(w, "", "notes.txt").has("lfs")).isFalse();
        assertThat(raw(w, "notes.txt")).isEqualTo("plain text");
    }

    @Test
    void upload_binaryFile_storedInLfs() {
        World w = world();
        byte[] bytes = {0, 1, 2, 3, (byte) 0xff};

        upload(w, "", f -> f.file("files", "model.bin", bytes));

        assertThat(entry(w, "", "model.bin").path("lfs").path("size").asLong()).isEqualTo(5);
        assertThat(w.writer().sendForBytes(w.writer().request(w.base() + "/resolve/main/model.bin").GET().build()).body())
                .isEqualTo(bytes);
    }

    @Test
    void upload_textFileOf10MB_storedInLfs() {
        World w = world();

        upload(w, "", f -> f.file("files", "corpus.txt", "x".repeat(10_000_000)));

        assertThat(entry(w, "", "corpus.txt").path("lfs").path("size").asLong()).isEqualTo(10_000_000);
    }

    @Test
    void upload_smallFilesBeyondWhatACommitHoldsInMemory_theRestToLfs() {
        World w = world();
        String nineMegabytes = "y".repeat(9_000_000);

        upload(w, "", f -> f.file("files", "a.txt", nineMegabytes).file("files", "b.txt", nineMegabytes)
                .file("files", "c.txt", nineMegabytes).file("files", "d.txt", nineMegabytes));

        assertThat(entry(w, "", "a.txt").has("lfs")).isFalse();
        assertThat(entry(w, "", "d.txt").has("lfs")).isTrue();
    }

    @Test
    void upload_binaryFile_gitattributesTrackIt() {
        World w = world();

        upload(w, "", f -> f.file("files", "weights.dat", new byte[] {0, 1}));

        assertThat(raw(w, ".gitattributes")).contains("weights.dat filter=lfs");
    }

    @Test
    void upload_severalFilesIntoAFolder_oneCommit() {
        World w = world();

        Response done = upload(w, "weights", f -> f.file("files", "a.txt", "a").file("files", "b.txt", "b"));

        assertThat(done.header("Location")).contains(w.base() + "/tree/main/weights");
        assertThat(raw(w, "weights/a.txt") + raw(w, "weights/b.txt")).isEqualTo("ab");
        assertThat(w.writer().get(w.api() + "/commits/main").json().get(0).path("title").asText()).isEqualTo("Upload 2 files to weights");
    }

    @Test
    void upload_fileNameWithTheSendersFolders_onlyItsOwnName() {
        World w = world();

        upload(w, "", f -> f.file("files", "C:\\Users\\me\\notes.txt", "n"));

        assertThat(raw(w, "notes.txt")).isEqualTo("n");
    }

    @Test
    void upload_noFileChosen_400WithTheForm() {
        World w = world();

        Response refused = upload(w, "", f -> f);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Choose at least one file", "id=\"upload\"");
    }

    @Test
    void upload_fileNamedDotGit_400AndNothingCommitted() {
        World w = world();

        Response refused = upload(w, "", f -> f.file("files", ".git", "x"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(w.writer().get(w.api() + "/commits/main").json()).hasSize(2);
    }

    @Test
    void upload_withoutCsrfToken_403AndNothingCommitted() {
        World w = world();

        Response refused = w.owner().postMultipart(w.base() + "/upload/main", Multipart.fields().file("files", "x.txt", "x"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(w.writer().get(w.api() + "/commits/main").json()).hasSize(2);
    }

    @Test
    void upload_fileNameWithMarkup_shownAsText() {
        World w = world();

        upload(w, "", f -> f.file("files", XSS.replace("/", "_").replace("\"", "'") + ".txt", "x"));

        assertThat(w.owner().page(w.base() + "/tree/main").body()).contains("&lt;script&gt;alert(1)")
                .doesNotContain("<script>alert(1)", "<img src=x");
    }

    // --- delete ---

    @Test
    void deleteForm_asksFirst_nothingDeleted() {
        World w = world();

        Response page = w.owner().page(w.base() + "/delete/main/weights");

        assertThat(page.body()).contains("Delete the folder", "Delete and commit");
        assertThat(raw(w, "weights/config.json")).isEqualTo("{}");
    }

    @Test
    void delete_file_goneInANewCommit() {
        World w = world();

        Response done = delete(w, "weights/config.json");

        assertThat(done.header("Location")).contains(w.base() + "/tree/main/weights");
        assertThat(w.writer().get(w.base() + "/resolve/main/weights/config.json").status()).isEqualTo(404);
        assertThat(w.writer().get(w.api() + "/commits/main").json().get(0).path("title").asText())
                .isEqualTo("Delete weights/config.json");
    }

    @Test
    void delete_folder_everythingInItGone() {
        World w = world();

        delete(w, "weights");

        JsonNode top = w.writer().get(w.api() + "/tree/main").json();
        assertThat(StreamSupport.stream(top.spliterator(), false).map(e -> e.path("path").asText()))
                .contains("README.md").doesNotContain("weights");
    }

    @Test
    void delete_missingPath_404Page() {
        World w = world();

        assertThat(w.owner().page(w.base() + "/delete/main/nothing-here").status()).isEqualTo(404);
    }

    // --- helpers ---

    private Response edit(World w, String path, String content, String summary) {
        Response form = w.owner().page(w.base() + "/edit/main/" + path);
        Response done = w.owner().postMultipart(w.base() + "/edit/main/" + path, Multipart.fields("_csrf", Pages.csrf(form),
                "parent", parent(form), "content", content, "summary", summary));
        assertThat(done.status()).as(done.body()).isEqualTo(303);
        return done;
    }

    private Response upload(World w, String folder, UnaryOperator<Multipart> files) {
        String here = folder.isEmpty() ? "" : "/" + folder;
        String csrf = Pages.csrf(w.owner().page(w.base() + "/upload/main" + here));
        return w.owner().postMultipart(w.base() + "/upload/main" + here, files.apply(Multipart.fields("_csrf", csrf, "summary", "")));
    }

    private Response delete(World w, String path) {
        String csrf = Pages.csrf(w.owner().page(w.base() + "/delete/main/" + path));
        Response done = w.owner().postForm(w.base() + "/delete/main/" + path, "_csrf", csrf, "summary", "");
        assertThat(done.status()).as(done.body()).isEqualTo(303);
        return done;
    }

    private String raw(World w, String path) {
        Response file = w.writer().get(w.base() + "/resolve/main/" + path);
        assertThat(file.status()).as(path + ": " + file.body()).isEqualTo(200);
        return file.body();
    }

    private JsonNode entry(World w, String folder, String name) {
        JsonNode entries = w.writer().get(w.api() + "/tree/main" + (folder.isEmpty() ? "" : "/" + folder)).json();
        return StreamSupport.stream(entries.spliterator(), false)
                .filter(e -> e.path("path").asText().endsWith(name)).findFirst().orElseThrow();
    }

    private static String parent(Response form) {
        return Arrays.stream(form.body().split("name=\"parent\" value=\"", 2)).skip(1).findFirst()
                .map(rest -> rest.substring(0, rest.indexOf('"'))).orElseThrow();
    }

    /** Someone else, signed in, who may read public repositories only. */
    private Browser reader() {
        String name = hub().uniqueName("bob");
        return hub().verifiedUser(name);
    }
}
