package dev.hubkeep.server.files;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.TooLargeException;
import dev.hubkeep.server.errors.UnsupportedMediaTypeException;
import dev.hubkeep.server.git.RepoStorage;
import dev.hubkeep.server.http.Json;
import dev.hubkeep.server.http.JsonBody;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.repos.Repo;
import dev.hubkeep.server.repos.RepoService;
import dev.hubkeep.server.repos.RepoType;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The upload flow of the Hub's clients: {@code POST /api/validate-yaml}, then
 * {@code POST /api/{type}s/{ns}/{name}/preupload/{rev}} (which files go to LFS), the LFS uploads
 * themselves, then {@code POST …/commit/{rev}} with the NDJSON commit.
 */
public final class UploadHandlers {

    /** The most files one preupload request may ask about (the clients send 100 or 256). */
    static final int MAX_PREUPLOAD_FILES = 1000;

    private final RepoService repos;
    private final RepoStorage storage;
    private final CommitService commits;

    public UploadHandlers(RepoService repos, RepoStorage storage, CommitService commits) {
        this.repos = repos;
        this.storage = storage;
        this.commits = commits;
    }

    /** {@code POST /api/validate-yaml} {@code {"content","repoType"}}: 200 with empty lists, or 400 listing the problems. */
    public void validateYaml(Context ctx) {
        JsonBody body = JsonBody.read(ctx);
        String content = body.requiredString("content");
        body.optionalString("repoType").ifPresent(RepoType::fromSingular);
        List<String> problems = ReadmeMetadata.problems(content);
        if (!problems.isEmpty()) {
            throw InvalidInputException.withErrors("Invalid metadata in README.md: " + problems.getFirst(), problems);
        }
        ctx.json(Map.of("errors", List.of(), "warnings", List.of()));
    }

    public Handler preupload(RepoType type) {
        return ctx -> {
            Repo repo = Requests.repo(ctx);
            JsonBody body = JsonBody.read(ctx);
            List<UploadModes.Planned> planned = planned(body.optionalNode("files")
                    .orElseThrow(() -> new InvalidInputException("'files' is required: [{path, size, sample}].")));
            try (RepoAtRevision revision = RepoAtRevision.open(storage, repo.id(), ctx.pathParam("rev"))) {
                List<Map<String, Object>> files = new ArrayList<>();
                for (UploadModes.Decision decision : UploadModes.decide(revision, planned,
                        body.optionalString("gitIgnore"), body.optionalString("gitAttributes"))) {
                    Map<String, Object> file = new LinkedHashMap<>();
                    file.put("path", decision.path());
                    file.put("uploadMode", decision.lfs() ? "lfs" : "regular");
                    file.put("shouldIgnore", decision.shouldIgnore());
                    decision.oid().ifPresent(oid -> file.put("oid", oid));
                    files.add(file);
                }
                ctx.json(Map.of("files", files, "commitOid", revision.commitId()));
            }
        };
    }

    private static List<UploadModes.Planned> planned(JsonNode files) {
        if (!files.isArray()) {
            throw new InvalidInputException("'files' must be a list of {path, size, sample}.");
        }
        if (files.size() > MAX_PREUPLOAD_FILES) {
            throw new InvalidInputException("Ask about at most " + MAX_PREUPLOAD_FILES + " files at once.");
        }
        List<UploadModes.Planned> planned = new ArrayList<>();
        for (JsonNode file : files) {
            JsonNode path = file.get("path");
            JsonNode size = file.get("size");
            JsonNode sample = file.get("sample");
            if (path == null || !path.isTextual()) {
                throw new InvalidInputException("Each file needs a 'path' string.");
            }
            if (size == null || !size.isIntegralNumber() || !size.canConvertToLong() || size.longValue() < 0) {
                throw new InvalidInputException("Each file needs a 'size': a whole number of bytes.");
            }
            byte[] bytes;
            try {
                bytes = sample == null || sample.isNull() ? new byte[0] : Base64.getDecoder().decode(sample.asText(""));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("The 'sample' of " + path.textValue() + " is not valid base64.");
            }
            planned.add(new UploadModes.Planned(path.textValue(), size.longValue(), bytes));
        }
        return planned;
    }

    /** {@code POST /api/{type}s/{ns}/{name}/commit/{rev}}, NDJSON. */
    public Handler commit(RepoType type) {
        return ctx -> {
            Repo repo = Requests.repo(ctx);
            if ("1".equals(ctx.queryParam("create_pr")) || "true".equalsIgnoreCase(ctx.queryParam("create_pr"))) {
                throw new InvalidInputException("Pull requests are not supported by this hub; commit to a branch instead.");
            }
            String contentType = Optional.ofNullable(ctx.contentType()).orElse("");
            if (!contentType.startsWith("application/x-ndjson")) {
                throw new UnsupportedMediaTypeException("A commit is sent as application/x-ndjson: a header line,"
                        + " then one line per file operation.");
            }
            if (ctx.req().getContentLengthLong() > CommitRequest.MAX_BODY_BYTES) {
                throw new TooLargeException("The commit is larger than " + CommitRequest.MAX_BODY_BYTES / (1024 * 1024)
                        + " MiB; send large files through LFS.");
            }
            CommitRequest request = CommitRequest.parse(ctx.req().getInputStream(), Json.mapper());
            String branch = ctx.pathParam("rev");
            String commitId = commits.commit(repo.id(), branch, Requests.user(ctx).username(), request);
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("success", true);
            reply.put("commitOid", commitId);
            reply.put("commitUrl", repos.url(type, repo.fullName()) + "/commit/" + commitId);
            reply.put("commitMessage", request.summary());
            reply.put("hookOutput", "");
            reply.put("pullRequestUrl", null);
            ctx.json(reply);
        };
    }
}
