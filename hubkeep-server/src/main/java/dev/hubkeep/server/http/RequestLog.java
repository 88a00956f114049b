package dev.hubkeep.server.http;

import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request and one timer sample. Only method, path (never the query string, which can
 * carry a verification secret), status, duration and peer are written: no header, cookie or body
 * ever reaches the log.
 */
final class RequestLog {

    private static final Logger log = LoggerFactory.getLogger("dev.hubkeep.server.requests");

    private final MeterRegistry registry;

    RequestLog(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(Context ctx, float millis) {
        int status = ctx.statusCode();
        log.info("{} {} {} {}ms {}", ctx.method(), ctx.path(), status, Math.round(millis), Requests.clientAddress(ctx));
        Timer.builder("http.server.requests")
                .tag("method", ctx.method().name())
                .tag("route", routeTemplate(ctx))
                .tag("status", Integer.toString(status))
                .register(registry)
                .record(Math.round(millis * 1000), TimeUnit.MICROSECONDS);
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
