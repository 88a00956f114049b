package dev.hubkeep.server.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request and one timer sample. Only method, path (never the query string, which can
 * carry a verification secret), status, duration and peer are written: no header, cookie or body
 * ever reaches the log.
 */
public final class RequestLog {

    /** The request log's logger name ({@link BatchingConsoleAppender} batches its lines). */
    static final String LOGGER = "dev.hubkeep.server.requests";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private final MeterRegistry registry;

    /** The timer of each method, route and status: looked up here, not built and registered on every request. */
    private record Series(String method, String route, int status) {}

    private final ConcurrentHashMap<Series, Timer> timers = new ConcurrentHashMap<>();

    public RequestLog(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(Context ctx, float millis) {
        int status = ctx.statusCode();
        log.info("{} {} {} {}ms {}", ctx.method(), ctx.path(), status, Math.round(millis), Requests.clientAddress(ctx));
        time(ctx.method().name(), routeTemplate(ctx), status, Math.round(millis * 1000));
    }

    /** A request served beside the route table (git's smart HTTP and LFS), into the same log and timers. */
    public void record(String method, String path, String route, int status, long nanos, String peer) {
        log.info("{} {} {} {}ms {}", method, path, status, nanos / 1_000_000, peer);
        time(method, route, status, nanos / 1000);
    }

    private void time(String method, String route, int status, long micros) {
        timers.computeIfAbsent(new Series(method, route, status), series -> Timer
                        .builder("http.server.requests")
                        .tag("method", series.method())
                        .tag("route", series.route())
                        .tag("status", Integer.toString(series.status()))
                        .register(registry))
                .record(micros, TimeUnit.MICROSECONDS);
    }

    /** The matched route's template, so that metrics do not get one series per repository or user. */
    private static String routeTemplate(Context ctx) {
        try {
            return ctx.endpoint().path;
        } catch (RuntimeException noMatchedRoute) {
            return "unmatched";
        }
    }
}
