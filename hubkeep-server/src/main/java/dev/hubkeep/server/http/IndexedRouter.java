package dev.hubkeep.server.http;

import io.javalin.config.JavalinState;
import io.javalin.http.HandlerType;
import io.javalin.router.InternalRouter;
import io.javalin.router.ParsedEndpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Javalin's router with the same answer, found sooner. Javalin tries a method's route patterns in
 * the order they were added, each a regular expression, and takes the first that matches; the
 * model download route is tried after about a hundred others. Here a request only tries the
 * routes that can match its first path segment: those whose first segment is that literal word,
 * and those whose first segment is a parameter — in the same order, so the first match is the same
 * route Javalin would take ({@code IndexedRouterTest} compares the two on every route of the table).
 */
final class IndexedRouter extends InternalRouter {

    /** Per method: the candidates for each literal first segment, and for any other first segment. */
    private record Index(Map<HandlerType, Map<String, List<ParsedEndpoint>>> byFirstSegment,
                         Map<HandlerType, List<ParsedEndpoint>> others) {}

    private volatile Index index;

    IndexedRouter(JavalinState cfg) {
        super(cfg.wsRouter, cfg.eventManager, cfg.router, cfg.jetty);
    }

    @Override
    public InternalRouter addHttpEndpoint(io.javalin.router.Endpoint endpoint) {
        index = null;
        return super.addHttpEndpoint(endpoint);
    }

    @Override
    public ParsedEndpoint findFirstHttpHandlerEntry(HandlerType method, String requestUri) {
        Index current = index;
        if (current == null) {
            current = build();
            index = current;
        }
        Map<String, List<ParsedEndpoint>> byFirst = current.byFirstSegment().get(method);
        if (byFirst == null) {
            return null;
        }
        List<ParsedEndpoint> candidates = byFirst.get(firstSegment(requestUri));
        if (candidates == null) {
            candidates = current.others().get(method);
        }
        for (ParsedEndpoint candidate : candidates) {
            if (candidate.endpoint.path.equals(requestUri) || candidate.matches(requestUri)) {
                return candidate;
            }
        }
        return null;
    }

    /** Javalin's own search, for comparison in tests. */
    ParsedEndpoint findFirstAsJavalinDoes(HandlerType method, String requestUri) {
        return super.findFirstHttpHandlerEntry(method, requestUri);
    }

    private Index build() {
        Map<HandlerType, List<ParsedEndpoint>> byMethod = new HashMap<>();
        for (ParsedEndpoint entry : allHttpHandlers()) {
            byMethod.computeIfAbsent(entry.endpoint.method, m -> new ArrayList<>()).add(entry);
        }
        Map<HandlerType, Map<String, List<ParsedEndpoint>>> byFirstSegment = new HashMap<>();
        Map<HandlerType, List<ParsedEndpoint>> others = new HashMap<>();
        byMethod.forEach((method, entries) -> {
            Map<String, List<ParsedEndpoint>> lists = new HashMap<>();
            List<ParsedEndpoint> any = new ArrayList<>();
            for (ParsedEndpoint entry : entries) {
                String first = literalFirstSegment(entry.endpoint.path);
                if (first != null) {
                    lists.computeIfAbsent(first, f -> new ArrayList<>(any)).add(entry); // after the parameter routes before it
                } else {
                    lists.values().forEach(list -> list.add(entry)); // a parameter matches every first segment
                    any.add(entry);
                }
            }
            lists.replaceAll((first, list) -> List.copyOf(list));
            byFirstSegment.put(method, Map.copyOf(lists));
            others.put(method, List.copyOf(any));
        });
        return new Index(Map.copyOf(byFirstSegment), Map.copyOf(others));
    }

    /** A route's first segment if it is a plain word; null if it holds a parameter or a wildcard. */
    private static String literalFirstSegment(String path) {
        String first = firstSegment(path);
        boolean literal = first.chars().noneMatch(c -> c == '{' || c == '}' || c == '<' || c == '>' || c == '*');
        return literal ? first : null;
    }

    private static String firstSegment(String path) {
        int start = path.startsWith("/") ? 1 : 0;
        int end = path.indexOf('/', start);
        return end < 0 ? path.substring(start) : path.substring(start, end);
    }
}
