package dev.hubkeep.server.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkeep.server.errors.HubException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.UpstreamException;
import dev.hubkeep.server.http.JsonBody;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.repos.Repo;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's endpoints (docs/inference.md): the OpenAI-compatible router under {@code /v1/}, and
 * the guides' task API under {@code /models/{ns}/{name}} (also {@code /hf-inference/models/…}). The
 * engine's answers go to the caller as they arrive, streamed ones event by event.
 */
public final class InferenceHandlers {

    private static final Logger log = LoggerFactory.getLogger(InferenceHandlers.class);

    /** The most of a non-streamed engine answer the task API reads to translate it. */
    private static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    private final InferenceService service;

    public InferenceHandlers(InferenceService service) {
        this.service = service;
    }

    /** {@code POST /v1/chat/completions}. */
    public void chatCompletions(Context ctx) throws IOException {
        router(ctx, "chat/completions");
    }

    /** {@code POST /v1/completions}. */
    public void completions(Context ctx) throws IOException {
        router(ctx, "completions");
    }

    /** {@code POST /v1/embeddings}. */
    public void embeddings(Context ctx) throws IOException {
        router(ctx, "embeddings");
    }

    /** {@code GET /v1/models}: the models this caller may call, in the OpenAI list's shape. */
    public void models(Context ctx) {
        List<Map<String, Object>> data = service.usableModels(Requests.principal(ctx)).stream()
                .map(repo -> Map.<String, Object>of("id", repo.fullName(), "object", "model",
                        "created", repo.createdAt().getEpochSecond(), "owned_by", repo.namespace()))
                .toList();
        ctx.json(Map.of("object", "list", "data", data));
    }

    /**
     * {@code POST /models/{ns}/{name}/v1/chat/completions}: chat with the model of the path, where the
     * Hub's clients send chat when given the model's task API URL.
     */
    public void modelChatCompletions(Context ctx) throws IOException {
        ObjectNode body = JsonBody.read(ctx).copy();
        Repo repo = Requests.repo(ctx);
        forward(ctx, service.target(repo, new ModelRef(repo.namespace(), repo.name(), Optional.empty())),
                "chat/completions", body);
    }

    /** {@code POST /models/{ns}/{name}}: {@code {"inputs", "parameters"}}, by the model's pipeline tag. */
    public void task(Context ctx) throws IOException {
        ObjectNode request = JsonBody.read(ctx).copy();
        Repo repo = Requests.repo(ctx);
        InferenceService.Target target = service.target(repo, new ModelRef(repo.namespace(), repo.name(), Optional.empty()));
        ModelFiles.Facts files = service.files(target);
        Task task = files.pipelineTag()
                .map(tag -> Task.ofPipelineTag(tag).orElseThrow(() -> new InvalidInputException(target.model().label()
                        + " is a " + tag + " model; the task API of this hub serves text-generation, feature-extraction"
                        + " and text-classification models (chat and other tasks: the OpenAI-compatible /v1/ API).")))
                .orElseThrow(() -> new InvalidInputException("This hub cannot tell the task of " + target.model().label()
                        + ": its model card has no pipeline_tag and its config.json names no known architecture. Add"
                        + " pipeline_tag (text-generation, feature-extraction or text-classification) to its README's"
                        + " metadata."));
        TaskApi.EngineRequest engineRequest = TaskApi.request(task, request, target.engineModel());
        long started = System.nanoTime();
        int status = 500;
        try (EngineReply reply = service.forward(target, engineRequest.path(), engineRequest.body())) {
            status = reply.status();
            if (TaskApi.streams(task, request)) {
                startEventStream(ctx);
                try {
                    GenerationStream.translate(reply.body(), ctx.res().getOutputStream(), TaskApi.prefix(request));
                } catch (IOException e) {
                    brokenStream(target, reply, e);
                }
                return;
            }
            JsonNode answer = readAnswer(reply, target);
            ctx.json(TaskApi.response(task, request, answer, files.labels(), target.model().label()));
        } catch (HubException e) {
            status = statusOf(e);
            throw e;
        } finally {
            service.audit(Requests.principal(ctx), Requests.clientAddress(ctx), target, "task:" + task.pipelineTag(),
                    status, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private void router(Context ctx, String path) throws IOException {
        ObjectNode body = JsonBody.read(ctx).copy();
        JsonNode model = body.path("model");
        if (!model.isTextual()) {
            throw new InvalidInputException("The request needs 'model': a model of this hub as namespace/name,"
                    + " optionally with :revision (e.g. alice/tiny-gpt2). GET /v1/models lists the ones you may use.");
        }
        InferenceService.Target target = service.authorize(Requests.principal(ctx), ModelRef.parse(model.asText()));
        forward(ctx, target, path, body);
    }

    /** Passes the engine's answer on as it arrives: status, type, and the body, flushed part by part. */
    private void forward(Context ctx, InferenceService.Target target, String path, ObjectNode body) throws IOException {
        long started = System.nanoTime();
        int status = 500;
        try (EngineReply reply = service.forward(target, path, body)) {
            status = reply.status();
            ctx.status(reply.status());
            if (reply.isEventStream()) {
                startEventStream(ctx);
            } else {
                ctx.contentType(reply.contentType().orElse("application/json"));
            }
            try {
                copy(reply.body(), ctx.res().getOutputStream());
            } catch (IOException e) {
                brokenStream(target, reply, e);
            }
        } catch (HubException e) {
            status = statusOf(e);
            throw e;
        } finally {
            service.audit(Requests.principal(ctx), Requests.clientAddress(ctx), target, path, status,
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private static void startEventStream(Context ctx) {
        ctx.status(200);
        ctx.contentType("text/event-stream; charset=utf-8");
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Accel-Buffering", "no"); // a proxy in front must not hold the events back either
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            out.flush(); // each part as it arrives: a streamed answer's events must not wait for the next
        }
    }

    private static JsonNode readAnswer(EngineReply reply, InferenceService.Target target) {
        try {
            byte[] bytes = reply.body().readNBytes(MAX_ANSWER_BYTES + 1);
            if (bytes.length > MAX_ANSWER_BYTES) {
                throw TaskApi.malformed(target.model().label());
            }
            JsonNode answer = TaskApi.MAPPER.readTree(bytes);
            if (answer == null) {
                throw TaskApi.malformed(target.model().label());
            }
            return answer;
        } catch (IOException e) {
            if (reply.timedOut()) {
                throw EngineClient.timedOut(target.model(), target.engine().timeout());
            }
            throw TaskApi.malformed(target.model().label());
        }
    }

    /** The answer had begun: its status is gone, so the caller sees it end early; the log says why. */
    private static void brokenStream(InferenceService.Target target, EngineReply reply, IOException e) {
        log.warn("Inference answer for {} ended early: {}", target.model().label(),
                reply.timedOut() ? "the engine went silent for longer than " + target.engine().timeout() : e.toString());
    }

    private static int statusOf(HubException e) {
        if (e instanceof UpstreamException upstream) {
            return switch (upstream.failure()) {
                case UNREACHABLE -> 502;
                case UNAVAILABLE -> 503;
                case TIMEOUT -> 504;
            };
        }
        return 400;
    }
}
