package dev.hubkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A client of one hub (any Hub-compatible endpoint) with one token, for Java programs and the
 * commands. Each failure is a {@link HubClientException} carrying the status, the hub's message
 * and its {@code X-Error-Code}.
 */
public final class HubClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String endpoint;
    private final Optional<String> token;
    private final HttpClient http;

    public HubClient(String endpoint, Optional<String> token) {
        this.endpoint = endpoint;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build();
    }

    public String endpoint() {
        return endpoint;
    }

    /** {@code POST /api/repos/create}; returns the repository's URL. */
    public String createRepo(RepoId repo, boolean isPrivate) {
        String body = JSON.createObjectNode()
                .put("name", repo.name())
                .put("organization", repo.namespace())
                .put("type", repo.type())
                .put("private", isPrivate)
                .toString();
        return postJson("/api/repos/create", body).path("url").asText();
    }

    /** Uploads a file or a folder as one commit; returns the commit's sha. */
    public String upload(RepoId repo, java.nio.file.Path local, String pathInRepo, String revision, String message,
            Progress progress) {
        return new Uploader(this, repo, progress).upload(local, pathInRepo, revision, message);
    }

    /** Downloads the files (all when {@code files} is empty) at a revision; returns the folder they are in. */
    public java.nio.file.Path download(RepoId repo, String revision, java.util.List<String> files, Downloader.Target target,
            Progress progress) {
        return new Downloader(this, repo, progress).download(revision, files, target);
    }

    public JsonNode tokens() {
        return getJson("/api/settings/tokens");
    }

    public JsonNode createToken(String name, String role) {
        return postJson("/api/settings/tokens", JSON.createObjectNode().put("name", name).put("role", role).toString());
    }

    public JsonNode refreshToken(String id) {
        return postJson("/api/settings/tokens/" + id + "/refresh", "{}");
    }

    /** One of your tokens as listed (never its value). */
    public JsonNode token(String id) {
        return getJson("/api/settings/tokens/" + id);
    }

    public JsonNode renameToken(String id, String name) {
        return send("PATCH", "/api/settings/tokens/" + id, "application/json",
                HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("name", name).toString()));
    }

    public void deleteToken(String id) {
        send(request("/api/settings/tokens/" + id).DELETE(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Trusted publishers: yours, or an organization's ({@code …/settings/trusted-publishers}). */
    public JsonNode publishers(Optional<String> org) {
        return getJson(publishersPath(org));
    }

    /** Registers a trusted publisher from its JSON description; returns it as listed. */
    public JsonNode addPublisher(Optional<String> org, String json) {
        return postJson(publishersPath(org), json);
    }

    public void deletePublisher(Optional<String> org, String id) {
        send(request(publishersPath(org) + "/" + Uploader.encode(id)).DELETE(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String publishersPath(Optional<String> org) {
        return org.map(o -> "/api/organizations/" + Uploader.encode(o) + "/settings/trusted-publishers")
                .orElse("/api/settings/trusted-publishers");
    }

    /** Your OpenPGP keys ({@code GET /api/settings/gpg-keys}). */
    public JsonNode gpgKeys() {
        return getJson("/api/settings/gpg-keys");
    }

    /** Adds an ASCII-armored public key; returns it as the hub lists it. */
    public JsonNode addGpgKey(String armored) {
        return postJson("/api/settings/gpg-keys", JSON.createObjectNode().put("key", armored).toString());
    }

    public void deleteGpgKey(String id) {
        send(request("/api/settings/gpg-keys/" + Uploader.encode(id)).DELETE(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** {@code GET /api/whoami-v2}: the user, their organizations and the token's own facts. */
    public Whoami whoami() {
        return Whoami.from(getJson("/api/whoami-v2"));
    }

    JsonNode getJson(String path) {
        return json(send(request(path).GET(), HttpResponse.BodyHandlers.ofByteArray()), path);
    }

    JsonNode postJson(String path, String body) {
        return json(send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), HttpResponse.BodyHandlers.ofByteArray()), path);
    }

    JsonNode send(String method, String path, String contentType, HttpRequest.BodyPublisher body) {
        return json(send(request(path).header("Content-Type", contentType).method(method, body),
                HttpResponse.BodyHandlers.ofByteArray()), path);
    }

    /**
     * A request to {@code path} on this hub, or to an absolute URL the hub handed out (a next
     * page); the token goes only to this hub's own URLs.
     */
    HttpRequest.Builder request(String pathOrUrl) {
        boolean absolute = pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(absolute ? pathOrUrl : endpoint + pathOrUrl))
                .timeout(Duration.ofMinutes(30))
                .header("Accept", "application/json");
        if (!absolute || pathOrUrl.startsWith(endpoint + "/")) {
            token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        }
        return request;
    }

    /** A request carrying nothing of ours: for the signed links the LFS batch answer hands out. */
    static HttpRequest.Builder bareRequest(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(30));
    }

    <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        HttpResponse<T> response;
        try {
            response = http.send(request.build(), handler);
        } catch (IOException e) {
            throw new HubClientException(0, "Could not reach " + endpoint + ": " + describe(e), Optional.empty(), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubClientException(0, "Interrupted.", Optional.empty(), Optional.empty());
        }
        if (response.statusCode() >= 400) {
            byte[] body = response.body() instanceof byte[] bytes ? bytes : new byte[0];
            throw refusal(response.statusCode(), response.headers(), body);
        }
        return response;
    }

    private JsonNode json(HttpResponse<byte[]> response, String path) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new HubClientException(response.statusCode(), endpoint + path + " did not answer JSON; is "
                    + endpoint + " a hub?", Optional.empty(), Optional.empty());
        }
    }

    private static HubClientException refusal(int status, java.net.http.HttpHeaders headers, byte[] body) {
        String message = headers.firstValue("X-Error-Message").orElse("");
        if (message.isBlank()) {
            try {
                message = JSON.readTree(body).path("error").asText("");
            } catch (IOException | RuntimeException e) {
                message = "";
            }
        }
        if (message.isBlank()) {
            message = "HTTP " + status;
        }
        Optional<Long> retryAfter = headers.firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Long.parseLong(value.strip()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
        return new HubClientException(status, message, headers.firstValue("X-Error-Code"), retryAfter);
    }

    private static String describe(IOException e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}
