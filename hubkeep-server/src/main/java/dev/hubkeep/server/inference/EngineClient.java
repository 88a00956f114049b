package dev.hubkeep.server.inference;

import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.UpstreamException;
import dev.hubkeep.server.errors.UpstreamException.Failure;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to engines over the JDK's HTTP client: one request, bounded in time (until the answer starts,
 * and between its parts), no redirects followed. Every failure becomes what the caller should see,
 * naming the model and what to do, never the engine's address or key (those go to the log only as
 * far as the address).
 */
public final class EngineClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EngineClient.class);

    /** The most of an engine's error body read for its message. */
    private static final int MAX_ERROR_BYTES = 64 * 1024;

    /** What a busy engine that names no delay is retried after. */
    static final Duration DEFAULT_RETRY = Duration.ofSeconds(10);

    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final ScheduledExecutorService watchdogs;

    public EngineClient() {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // engines are uvicorn, Go and C++ servers: plain HTTP/1.1
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(MAX_CONNECT_TIMEOUT)
                .build();
        this.watchdogs = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "hubkeep-inference-watchdog");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * POSTs {@code json} to the engine's {@code path} (relative to its OpenAI base) for {@code model};
     * returns its successful answer, still to be read.
     */
    public EngineReply post(Engine engine, String path, byte[] json, ModelRef model) {
        HttpRequest.Builder request = HttpRequest.newBuilder(engine.resolve(path))
                .timeout(engine.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        engine.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            log.warn("Inference engine {} did not take the connection for {}: {}", engine.base(), model.label(), e.toString());
            throw unreachable(model);
        } catch (HttpTimeoutException e) {
            log.warn("Inference engine {} did not answer for {} within {}", engine.base(), model.label(), engine.timeout());
            throw timedOut(model, engine.timeout());
        } catch (ConnectException e) {
            log.warn("Inference engine {} refused the connection for {}: {}", engine.base(), model.label(), e.toString());
            throw unreachable(model);
        } catch (IOException e) {
            log.warn("Inference engine {} broke off for {}: {}", engine.base(), model.label(), e.toString());
            throw new UpstreamException(Failure.UNREACHABLE, "The inference engine serving " + model.label() + " broke off"
                    + " the connection before answering. Try again; if it keeps happening, tell the hub's operator.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(model);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new EngineReply(status, response.headers().firstValue("Content-Type"), response.body(),
                    engine.timeout().toNanos(), watchdogs);
        }
        throw refusal(engine, model, path, status, response);
    }

    private static RuntimeException refusal(Engine engine, ModelRef model, String path, int status,
            HttpResponse<InputStream> response) {
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readNBytes(MAX_ERROR_BYTES);
        } catch (IOException e) {
            body = new byte[0];
        }
        String said = EngineErrors.message(body, engine.base());
        String engineSaid = said.isEmpty() ? "" : ": " + said;
        String who = "The inference engine serving " + model.label();
        log.info("Inference engine {} answered {} to {} for {}{}", engine.base(), status, path, model.label(), engineSaid);
        return switch (status) {
            case 503, 429 -> {
                Optional<Double> estimated = EngineErrors.estimatedTime(body);
                Duration wait = estimated.map(seconds -> Duration.ofMillis((long) Math.ceil(seconds * 1000)))
                        .or(() -> response.headers().firstValue("Retry-After").flatMap(EngineClient::seconds))
                        .filter(d -> !d.isNegative() && !d.isZero())
                        .orElse(DEFAULT_RETRY);
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                yield new UpstreamException(Failure.UNAVAILABLE, who + " is busy or still loading the model" + engineSaid
                        + ". Retry after " + seconds + " seconds.", wait,
                        estimated.map(t -> Map.<String, Object>of("estimated_time", t)).orElse(Map.of()));
            }
            case 408, 504 -> timedOut(model, engine.timeout());
            case 401, 403 -> new UpstreamException(Failure.UNREACHABLE, who + " refused the hub's credentials (HTTP "
                    + status + "). Tell the hub's operator: the engine's key in inference-engines is wrong or missing.");
            case 404, 405 -> new UpstreamException(Failure.UNREACHABLE, who + " does not serve this (HTTP " + status
                    + engineSaid + "). The engine may not offer this endpoint or model; tell the hub's operator.");
            default -> status >= 400 && status < 500
                    ? new InvalidInputException(who + " refused the request (HTTP " + status + engineSaid
                            + "). Check the request's fields against the OpenAI API.")
                    : new UpstreamException(Failure.UNREACHABLE, who + " failed (HTTP " + status + engineSaid
                            + "). Try again; if it keeps failing, tell the hub's operator.");
        };
    }

    static UpstreamException unreachable(ModelRef model) {
        return new UpstreamException(Failure.UNREACHABLE, "The inference engine serving " + model.label()
                + " cannot be reached. Try again later; if it lasts, tell the hub's operator that the engine is down.");
    }

    static UpstreamException timedOut(ModelRef model, Duration timeout) {
        return new UpstreamException(Failure.TIMEOUT, "The inference engine serving " + model.label()
                + " did not answer within " + describe(timeout) + ". Try again later, or ask for less (a smaller"
                + " max_tokens); if it lasts, tell the hub's operator.");
    }

    private static String describe(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " seconds" : timeout.toMillis() + " ms";
    }

    private static Optional<Duration> seconds(String retryAfter) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(retryAfter.strip())));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: rare from engines; the default applies
        }
    }

    @Override
    public void close() {
        watchdogs.shutdownNow();
        http.shutdownNow();
    }
}
