package dev.hubkeep.server.testing;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Requests authenticated by an access token, as the Hub's clients send them. */
public final class TokenClient {

    private final Browser browser;
    private final String token;

    TokenClient(Browser browser, String token) {
        this.browser = browser;
        this.token = token;
    }

    public Response get(String path) {
        return browser.send(browser.request(path).header("Authorization", "Bearer " + token).GET().build());
    }

    public Response delete(String path) {
        return browser.send(browser.request(path).header("Authorization", "Bearer " + token).DELETE().build());
    }

    public Response putJson(String path, String json) {
        return browser.send(browser.request(path)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    public Response deleteJson(String path, String json) {
        return browser.send(browser.request(path)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    public Response patchJson(String path, String json) {
        return browser.send(browser.request(path)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    public Response postJson(String path, String json) {
        return browser.send(browser.request(path)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /** A request to {@code path} carrying the token, to finish and {@link #send}. */
    public HttpRequest.Builder request(String path) {
        return browser.request(path).header("Authorization", "Bearer " + token);
    }

    public Response send(HttpRequest request) {
        return browser.send(request);
    }

    public java.net.http.HttpResponse<byte[]> sendForBytes(HttpRequest request) {
        return browser.sendForBytes(request);
    }

    /** A commit as the Hub's clients send it: NDJSON lines. */
    public Response postNdjson(String path, String ndjson) {
        return browser.send(request(path)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson))
                .build());
    }

    /** As git sends it: HTTP Basic with any user name and the token as password. */
    public Response getWithBasic(String path, String username) {
        String credentials = Base64.getEncoder().encodeToString((username + ":" + token).getBytes(StandardCharsets.UTF_8));
        return browser.send(browser.request(path).header("Authorization", "Basic " + credentials).GET().build());
    }
}
