package dev.hubkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.git.GitEntry;
import dev.hubkeep.server.testing.Browser;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.RawHttp;
import dev.hubkeep.server.testing.TestHub;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every guarded route of the table (the scrape, the Xet CAS and signed links included), every git and LFS entry, and every path that was ever internal,
 * sent without credentials in every encoding an attacker would try ({@code %2E}, {@code %2e},
 * {@code %252e}, {@code ;x}, {@code /./}, {@code /a/../}, {@code //}, a trailing {@code /}, upper
 * case): none may reach a handler that serves it. A new route is swept automatically.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PathEncodingSweepTest {

    @TempDir
    static Path dir;

    TestHub hub;
    String secretId;

    @BeforeAll
    void start() {
        hub = TestHub.start(DatabaseKind.SQLITE, dir.resolve("data"));
        Browser alice = hub.verifiedUser("alice");
        hub.createOrg(alice, "acme");
        for (String type : List.of("model", "dataset", "space")) {
            alice.postJson("/api/repos/create", """
                    {"name": "acme/secret", "type": "%s", "private": true}""".formatted(type));
        }
        secretId = alice.get("/api/models/acme/secret").json().path("_id").asText();
    }

    @AfterAll
    void stop() {
        hub.close();
    }

    /** A request with no credentials that must be refused, and the method to send it with. */
    record Target(String method, String path, String query) {}

    @Test
    void everyEncodingOfEveryGuardedPath_anonymous_neverServed() {
        List<String> served = new ArrayList<>();
        for (Target target : targets()) {
            for (String variant : variants(target.path())) {
                RawHttp.Reply reply = RawHttp.send(hub.uri(), target.method(), variant + target.query(), null);
                if (reply.status() < 400 || reply.status() >= 500 || reply.body().contains("# service=")) {
                    served.add(target.method() + " " + variant + target.query() + " -> " + reply.status());
                }
            }
        }

        assertThat(served).isEmpty();
    }

    @Test
    void theGenerator_makesTheEncodingsItPromises() {
        assertThat(variants("/.git-internal/x")).contains(
                "/%2Egit-internal/x", "/%2egit-internal/x", "/%252Egit-internal/x", "/.git-internal;x/x",
                "/./.git-internal/x", "/a/../.git-internal/x", "//.git-internal/x", "/.git-internal/x/",
                "/.GIT-INTERNAL/X");
    }

    private List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        for (Route route : hub.hub().routes()) {
            // Everything but the open routes: the permission decision's, and the scraper's, Xet's and signed links'.
            if (!(route.guard() instanceof Guard.Anyone)) {
                targets.add(new Target(route.method().name(), concrete(route.path()), ""));
            }
        }
        for (GitEntry entry : GitEntry.values()) {
            List<String> queries = entry == GitEntry.REFS ? List.of("?service=git-upload-pack", "?service=git-receive-pack") : List.of("");
            for (String path : concreteGit(entry.template())) {
                queries.forEach(query -> targets.add(new Target(entry.method(), path, query)));
            }
        }
        for (String internal : List.of("/.git-internal/" + secretId + ".git", "/.git-internal/" + secretId)) {
            targets.add(new Target("GET", internal + "/info/refs", "?service=git-upload-pack"));
            targets.add(new Target("GET", internal + "/info/refs", "?service=git-receive-pack"));
            targets.add(new Target("POST", internal + "/git-upload-pack", ""));
            targets.add(new Target("POST", internal + "/git-receive-pack", ""));
        }
        return targets;
    }

    /** A git or LFS entry's template as requests spell it: each repository form, a made-up object id. */
    private static List<String> concreteGit(String template) {
        String repo = "/[{type}s/]{ns}/{name}[.git]/";
        if (!template.startsWith(repo)) {
            return List.of(template.replace("{oid}", "a".repeat(64)).replace("{part}", "1"));
        }
        String rest = template.substring(repo.length());
        return List.of("/acme/secret/" + rest, "/acme/secret.git/" + rest, "/datasets/acme/secret.git/" + rest, "/spaces/acme/secret/" + rest);
    }

    private static String concrete(String template) {
        return template.replace("{ns}", "acme").replace("{name}", "secret").replace("{org}", "acme")
                .replace("{user}", "alice").replace("{id}", "0123456789abcdef01234567").replace("{rev}", "main").replace("{sha}", "main")
                .replace("{branch}", "dev").replace("{tag}", "v1").replace("{status}", "pending")
                .replace("<path>", "README.md").replace("{hash}", "b".repeat(64)).replace("{fileHash}", "c".repeat(64));
    }

    /** The path as sent, and each way of spelling it that a container or proxy might read the same. */
    static Set<String> variants(String path) {
        Set<String> out = new LinkedHashSet<>();
        out.add(path);
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (!segment.isEmpty()) {
                out.add(with(segments, i, encodeFirst(segment, "%%%02X")));
                out.add(with(segments, i, encodeFirst(segment, "%%%02x")));
                out.add(with(segments, i, encodeFirst(segment, "%%25%02X")));
                out.add(with(segments, i, segment + ";x"));
            }
            out.add(insertBefore(segments, i, "."));
            out.add(insertBefore(segments, i, "a/.."));
            out.add(insertBefore(segments, i, ""));
        }
        out.add(path + "/");
        out.add(path.toUpperCase(Locale.ROOT));
        return out;
    }

    private static String encodeFirst(String segment, String format) {
        return String.format(Locale.ROOT, format, (int) segment.charAt(0)) + segment.substring(1);
    }

    private static String with(String[] segments, int index, String replacement) {
        String[] copy = segments.clone();
        copy[index] = replacement;
        return "/" + String.join("/", copy);
    }

    private static String insertBefore(String[] segments, int index, String inserted) {
        List<String> copy = new ArrayList<>(List.of(segments));
        copy.add(index, inserted);
        return "/" + String.join("/", copy);
    }
}
