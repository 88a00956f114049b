package dev.hubkeep.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.Pages;
import dev.hubkeep.server.testing.Response;
import dev.hubkeep.server.testing.TestHub;
import dev.hubkeep.server.testing.TestHubs;
import dev.hubkeep.server.testing.TokenClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A repository's pages, read by the same guard as the API: card with the README, folders, files,
 * history with signature badges, one commit; what users wrote is shown as text.
 */
class RepoPagesTest {

    @RegisterExtension
    static final TestHubs hubs = TestHubs.perClass();

    static final String XSS = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";

    static TestHub hub;
    static String owner;
    static TokenClient writer;
    static String commitUrl;

    @BeforeAll
    static void world() {
        hub = hubs.sqlite();
        owner = hub.uniqueName("alice");
        Browser session = hub.verifiedUser(owner);
        hub.createRepo(session, owner, "bert", false);
        hub.createRepo(session, owner, "secret", true);
        session.postJson("/api/repos/create", "{\"name\": \"" + owner + "/squad\", \"type\": \"dataset\"}");
        writer = hub.withToken(hub.createToken(session, "write", "write"));
        String api = "/api/models/" + owner + "/bert";
        Response reply = writer.postNdjson(api + "/commit/main", commit("Add card " + XSS,
                file("README.md", "---\nlicense: mit\n---\n# Bert\n\nHello <b>raw</b> " + XSS
                        + "\n\n[click](javascript:alert(3)) and [docs](https://example.org/docs)\n"
                        + "\n| metric | score |\n| --- | ---: |\n| accuracy | <b>0.91</b> [x](javascript:alert(4)) |\n"),
                file("weights/config.json", "{\"layers\": 12}"),
                file("notes/" + XSS.replace("/", "_") + ".txt", "text")));
        commitUrl = reply.json().path("commitUrl").asText();
        writer.postNdjson("/api/datasets/" + owner + "/squad/commit/main", commit("x", file("a.txt", "a")));
    }

    @Test
    void card_rendersTheReadmeWithoutItsFrontMatter() {
        Response page = hub.browser().page("/" + owner + "/bert");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Bert</h1>").doesNotContain("license: mit");
    }

    @Test
    void card_rawHtmlAndMarkupInTheReadme_shownAsText() {
        Response page = hub.browser().page("/" + owner + "/bert");

        assertThat(page.body()).contains("&lt;b&gt;raw&lt;/b&gt;", "&lt;script&gt;alert(1)")
                .doesNotContain("<b>raw</b>", "<script>alert(1)", "<img src=x");
    }

    @Test
    void card_javascriptLink_dropped_webLink_keptWithNoopener() {
        Response page = hub.browser().page("/" + owner + "/bert");

        assertThat(page.body()).doesNotContain("javascript:").contains("rel=\"nofollow noopener noreferrer\" href=\"https://example.org/docs\"");
    }

    @Test
    void card_tableInTheReadme_renderedAsATable() {
        Response page = hub.browser().page("/" + owner + "/bert");

        assertThat(page.body()).contains("<th>metric</th>", "<td>accuracy</td>");
    }

    @Test
    void card_markupInATableCell_shownAsText() {
        Response page = hub.browser().page("/" + owner + "/bert");

        assertThat(page.body()).contains("<td align=\"right\">&lt;b&gt;0.91&lt;/b&gt;").doesNotContain("<b>0.91", "alert(4)");
    }

    @Test
    void tree_listsTheFolder() {
        Response page = hub.browser().page("/" + owner + "/bert/tree/main/weights");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("config.json");
    }

    @Test
    void blob_showsTheFileAsText() {
        Response page = hub.browser().page("/" + owner + "/bert/blob/main/weights/config.json");

        assertThat(page.body()).contains("<code>{\"layers\": 12}</code>");
    }

    @Test
    void fileNameWithMarkup_shownAsText() {
        Response page = hub.browser().page("/" + owner + "/bert/tree/main/notes");

        assertThat(page.body()).contains("&lt;script&gt;alert(1)").doesNotContain("<script>alert(1)", "<img src=x");
    }

    @Test
    void commits_listTheHistoryWithTheHubsSignatureBadge() {
        Response page = hub.browser().page("/" + owner + "/bert/commits/main");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("badge verified").contains("&lt;script&gt;alert(1)").doesNotContain("<script>alert(1)");
    }

    @Test
    void commitUrlTheUploadPrinted_isAPage() {
        Response page = hub.browser().page(commitUrl.substring(commitUrl.indexOf('/', "http://".length())));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("weights/config.json");
    }

    @Test
    void datasetPages_underTheirPrefix() {
        Response page = hub.browser().page("/datasets/" + owner + "/squad/tree/main");

        assertThat(page.body()).contains("a.txt");
    }

    @Test
    void privateRepo_otherUser_404Page() {
        Browser bob = hub.browser();
        String name = hub.uniqueName("bob");
        hub.verifiedUser(name);
        Pages.signIn(bob, name);

        Response page = bob.page("/" + owner + "/secret");

        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("Repository not found.");
    }

    @Test
    void privateRepo_visitor_sentToSignIn() {
        Response page = hub.browser().page("/" + owner + "/secret");

        assertThat(page.status()).isEqualTo(303);
    }

    @Test
    void missingFile_404Page() {
        assertThat(hub.browser().page("/" + owner + "/bert/blob/main/nope.txt").status()).isEqualTo(404);
    }

    static String commit(String summary, String... operations) {
        StringBuilder body = new StringBuilder("{\"key\":\"header\",\"value\":{\"summary\":" + quote(summary) + "}}\n");
        for (String operation : operations) {
            body.append(operation).append('\n');
        }
        return body.toString();
    }

    static String file(String path, String content) {
        return "{\"key\":\"file\",\"value\":{\"path\":" + quote(path) + ",\"content\":\""
                + Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)) + "\",\"encoding\":\"base64\"}}";
    }

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
