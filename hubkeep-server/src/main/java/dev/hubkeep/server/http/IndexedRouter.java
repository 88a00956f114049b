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
 * A candidate's regular expression runs only once the request has the candidate's plain words at
 * their places: most candidates (a repository route tried on another repository route's path)
 * fail on a word compare instead.
 */
final class IndexedRouter extends InternalRouter {

    /** Per method: the candidates for each literal first segment, and for any other first segment. */
    private record Index(Map<HandlerType, Map<String, List<Candidate>>> byFirstSegment,
                         Map<HandlerType, List<Candidate>> others) {}

    /**
     * A route with its plain words by segment: {@code words[i]} is the literal segment {@code i}
     * must be, null where a parameter stands. Only segments before the first one that may span
     * slashes ({@code <path>}, {@code *}) are listed, since only their positions are fixed.
     */
    private record Candidate(ParsedEndpoint entry, String[] words) {

        static Candidate of(ParsedEndpoint entry) {
            List<String> words = new ArrayList<>();
            for (String segment : segments(entry.endpoint.path)) {
                if (segment.indexOf('<') >= 0 || segment.indexOf('*') >= 0) {
                    break;
                }
                words.add(isLiteral(segment) ? segment : null);
            }
            return new Candidate(entry, words.toArray(String[]::new));
        }

        /** Whether the path has this route's words at their places; a cheap necessary condition for a match. */
        boolean wordsMatch(String path) {
            int start = path.startsWith("/") ? 1 : 0;
            for (String word : words) {
                if (start > path.length()) {
                    return false; // fewer segments than the route's fixed part
                }
                int end = path.indexOf('/', start);
                if (end < 0) {
                    end = path.length();
                }
                if (word != null && (end - start != word.length() || !path.startsWith(word, start))) {
                    return false;
                }
                start = end + 1;
            }
            return true;
        }

        boolean matches(String path) {
            return entry.endpoint.path.equals(path) || wordsMatch(path) && entry.matches(path);
        }
    }

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
        Map<String, List<Candidate>> byFirst = current.byFirstSegment().get(method);
        if (byFirst == null) {
            return null;
        }
        List<Candidate> candidates = byFirst.get(firstSegment(requestUri));
        if (candidates == null) {
            candidates = current.others().get(method);
        }
        for (Candidate candidate : candidates) {
            if (candidate.matches(requestUri)) {
                return candidate.entry();
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
        Map<HandlerType, Map<String, List<Candidate>>> byFirstSegment = new HashMap<>();
        Map<HandlerType, List<Candidate>> others = new HashMap<>();
        byMethod.forEach((method, entries) -> {
            Map<String, List<Candidate>> lists = new HashMap<>();
            List<Candidate> any = new ArrayList<>();
            for (ParsedEndpoint parsed : entries) {
                Candidate entry = Candidate.of(parsed);
                String first = literalFirstSegment(parsed.endpoint.path);
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
        return isLiteral(first) ? first : null;
    }

    private static boolean isLiteral(String segment) {
        return segment.chars().noneMatch(c -> c == '{' || c == '}' || c == '<' || c == '>' || c == '*');
    }

    /** A route path's segments, without the leading slash's empty one. */
    private static String[] segments(String path) {
        return (path.startsWith("/") ? path.substring(1) : path).split("/", -1);
    }

    private static String firstSegment(String path) {
        int start = path.startsWith("/") ? 1 : 0;
        int end = path.indexOf('/', start);
        return end < 0 ? path.substring(start) : path.substring(start, end);
    }
}
