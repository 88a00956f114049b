package dev.hubkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.TestHubs;
import io.javalin.Javalin;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The indexed router picks the route Javalin's own search picks, for paths made from every route of
 * the table with each parameter in turn set to every literal word of the table (a user or a
 * repository named {@code resolve}, {@code api} or {@code settings} is where an index could go wrong).
 */
class IndexedRouterTest {

    @RegisterExtension
    static final TestHubs hubs = TestHubs.shared();

    static final Pattern PARAMETER = Pattern.compile("\\{[^}]+}|<[^>]+>");

    List<Route> routes;
    IndexedRouter router;

    @BeforeEach
    void start() {
        routes = hubs.sqlite().hub().routes();
        IndexedRouter[] made = new IndexedRouter[1];
        Javalin.create(cfg -> {
            made[0] = new IndexedRouter(cfg.unsafe);
            cfg.unsafe.internalRouter = made[0];
            for (Route route : routes) {
                cfg.routes.addEndpoint(new Endpoint(route.method(), route.path(), ctx -> {}));
            }
        });
        router = made[0];
    }

    @Test
    void everyRouteWithEveryWordInEachParameter_sameRouteAsJavalinsSearch() {
        List<String> disagreements = new ArrayList<>();
        int tried = 0;
        for (Route route : routes) {
            for (String path : samples(route.path(), words())) {
                tried++;
                ParsedEndpoint indexed = router.findFirstHttpHandlerEntry(route.method(), path);
                ParsedEndpoint javalin = router.findFirstAsJavalinDoes(route.method(), path);
                if (indexed != javalin) {
                    disagreements.add(route.method() + " " + path + ": " + name(indexed) + " instead of " + name(javalin));
                }
            }
        }

        assertThat(tried).isGreaterThan(routes.size() * 10);
        assertThat(disagreements).isEmpty();
    }

    @Test
    void pathWithARouteWordMisplaced_noRouteWhereJavalinHasNone() {
        var get = io.javalin.http.HandlerType.GET;
        for (String path : List.of("/api/models", "/api/models/", "/api//models", "/x/resolve", "/x/y/resolve/main", "/")) {
            assertThat(router.findFirstHttpHandlerEntry(get, path)).as(path).isSameAs(router.findFirstAsJavalinDoes(get, path));
        }
    }

    @Test
    void unknownFirstSegment_noRoute() {
        assertThat(router.findFirstHttpHandlerEntry(io.javalin.http.HandlerType.GET, "/nothing-here/at/all/x/y/z/w"))
                .isSameAs(router.findFirstAsJavalinDoes(io.javalin.http.HandlerType.GET, "/nothing-here/at/all/x/y/z/w"));
    }

    /** Every literal segment of the table, and a plain name. */
    private Set<String> words() {
        Set<String> words = new LinkedHashSet<>(List.of("x", "a.git", "a.svg"));
        for (Route route : routes) {
            for (String segment : route.path().split("/")) {
                if (!segment.isEmpty() && !PARAMETER.matcher(segment).find()) {
                    words.add(segment);
                }
            }
        }
        return words;
    }

    /** The route's path with every parameter "x", then with each parameter in turn set to each word (a path parameter also to two segments). */
    private static List<String> samples(String pattern, Set<String> words) {
        List<String> parameters = new ArrayList<>();
        Matcher m = PARAMETER.matcher(pattern);
        while (m.find()) {
            parameters.add(m.group());
        }
        List<String> samples = new ArrayList<>();
        String plain = fill(pattern, -1, null);
        samples.add(plain);
        samples.add(plain + "/");
        samples.add(plain + "/x");
        samples.add(plain.replaceFirst("/", "//"));
        if (plain.lastIndexOf('/') > 0) {
            samples.add(plain.substring(0, plain.lastIndexOf('/'))); // one segment short
        }
        for (int i = 0; i < parameters.size(); i++) {
            for (String word : words) {
                samples.add(fill(pattern, i, word));
            }
            if (parameters.get(i).startsWith("<")) {
                samples.add(fill(pattern, i, "x/resolve/main"));
            }
        }
        return samples;
    }

    private static String fill(String pattern, int which, String word) {
        Matcher m = PARAMETER.matcher(pattern);
        StringBuilder path = new StringBuilder();
        int i = 0;
        while (m.find()) {
            m.appendReplacement(path, Matcher.quoteReplacement(i == which ? word : "x"));
            i++;
        }
        m.appendTail(path);
        return path.toString();
    }

    private static String name(ParsedEndpoint endpoint) {
        return endpoint == null ? "none" : endpoint.endpoint.path;
    }
}
