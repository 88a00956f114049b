package dev.hubkeep.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** An HTTP client with its own cookie jar, like one browser or one script talking to the hub. */
public final class Browser implements AutoCloseable {

    private final URI base;
    private final CookieManager cookies;
    private final HttpClient client;

    Browser(URI base) {
        this(base, CookiePolicy.ACCEPT_ALL);
    }

    /** With {@link CookiePolicy#ACCEPT_NONE}: a client that never keeps a cookie, as token clients are. */
    Browser(URI base, CookiePolicy policy) {
        this.base = base;
        this.cookies = new CookieManager(null, policy);
        this.client = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public Response get(String path) {
        return send(request(path).GET().build());
    }

    public Response postJson(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** A page, as a browser asks for it (it accepts HTML). */
    public Response page(String path) {
        return send(request(path).header("Accept", "text/html,application/xhtml+xml").GET().build());
    }

    /** Posts a form as a browser does, fields in order ({@code name, value, name, value…}), URL-encoded. */
    public Response postForm(String path, String... fields) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            body.append(body.isEmpty() ? "" : "&")
                    .append(java.net.URLEncoder.encode(fields[i], java.nio.charset.StandardCharsets.UTF_8)).append('=')
                    .append(java.net.URLEncoder.encode(fields[i + 1], java.nio.charset.StandardCharsets.UTF_8));
        }
        return send(request(path)
                .header("Accept", "text/html,application/xhtml+xml")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
    }

    /** Posts a form with files as a browser does ({@code multipart/form-data}). */
    public Response postMultipart(String path, Multipart form) {
        return send(request(path)
                .header("Accept", "text/html,application/xhtml+xml")
                .header("Content-Type", form.contentType())
                .POST(form.publisher())
                .build());
    }

    public Response putJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Response deleteJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** For downloads: the body as bytes, exactly as sent. */
    public HttpResponse<byte[]> sendForBytes(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    }

    public Optional<HttpCookie> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(name))
                .findFirst();
    }

    /** Puts a cookie in the jar, as if the server had set it (to replay an old one). */
    public void setCookie(HttpCookie cookie) {
        cookies.getCookieStore().add(base, cookie);
    }

    /**
     * Drops the client's connections. A hub stopping gracefully waits for every open connection to
     * close, giving an idle one a second (Jetty's shutdown idle timeout): a test hub closes its
     * browsers first, so that each stop does not spend that second.
     */
    @Override
    public void close() {
        client.shutdownNow();
    }
}
