package dev.hubkeep.server.http;

import dev.hubkeep.protocol.ApiError;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Liveness, readiness and the Prometheus scrape. */
public final class HealthHandlers {

    private final BooleanSupplier databaseReachable;
    private final BooleanSupplier storageWritable;
    private final PrometheusMeterRegistry registry;

    public HealthHandlers(
            BooleanSupplier databaseReachable, BooleanSupplier storageWritable, PrometheusMeterRegistry registry) {
        this.databaseReachable = databaseReachable;
        this.storageWritable = storageWritable;
        this.registry = registry;
    }

    /** The process answers: nothing more is checked, so a slow database does not get it restarted. */
    public void healthz(Context ctx) {
        ctx.json(Map.of("status", "ok"));
    }

    /** Ready to serve: the database answers and the data directory takes writes. */
    public void readyz(Context ctx) {
        if (!databaseReachable.getAsBoolean()) {
            notReady(ctx, "The database is not reachable.");
        } else if (!storageWritable.getAsBoolean()) {
            notReady(ctx, "The data directory is not writable.");
        } else {
            ctx.json(Map.of("status", "ready"));
        }
    }

    /**
     * {@code GET /api/agent-harnesses}: the Python client asks at most once a day which agent
     * harnesses the hub knows; Hubkeep knows none.
     */
    public void agentHarnesses(Context ctx) {
        ctx.json(Map.of("standardEnvVars", java.util.List.of(), "harnesses", Map.of()));
    }

    public void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
        ctx.result(registry.scrape());
    }

    private static void notReady(Context ctx, String message) {
        ctx.status(503);
        ctx.header(ApiError.MESSAGE_HEADER, message);
        ctx.json(new ApiError(message));
    }
}
