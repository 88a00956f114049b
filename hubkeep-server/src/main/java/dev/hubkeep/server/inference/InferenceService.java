package dev.hubkeep.server.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkeep.server.access.Access;
import dev.hubkeep.server.access.Action;
import dev.hubkeep.server.access.Resource;
import dev.hubkeep.server.auth.AuditEvent;
import dev.hubkeep.server.auth.AuditRepository;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.errors.HubException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.git.RepoStorage;
import dev.hubkeep.server.repos.Repo;
import dev.hubkeep.server.repos.RepoContext;
import dev.hubkeep.server.repos.RepoFactsLoader;
import dev.hubkeep.server.repos.RepoService;
import dev.hubkeep.server.repos.RepoType;
import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.store.Ids;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference gateway's service: which model a request means and whether the caller may use it
 * (the one decision, {@code INFERENCE} on the model), which engine serves it and under what name,
 * the forwarding, and the audit of each call. Free of HTTP on the caller's side.
 */
public final class InferenceService {

    private static final Logger log = LoggerFactory.getLogger(InferenceService.class);

    /** The most models {@code /v1/models} lists. */
    static final int MAX_LISTED = 1000;

    private final Engines engines;
    private final EngineClient client;
    private final RepoFactsLoader facts;
    private final RepoService repos;
    private final RepoStorage storage;
    private final ModelFiles files;
    private final Database database;
    private final Clock clock;
    private final Ids ids;

    /** A model a caller may use, resolved to its commit and the engine that serves it. */
    public record Target(ModelRef model, Repo repo, String commitId, Engine engine) {

        /** The engine's name for the model. */
        public String engineModel() {
            return engine.engineModel(model);
        }
    }

    public InferenceService(Engines engines, EngineClient client, RepoFactsLoader facts, RepoService repos,
            RepoStorage storage, ModelFiles files, Database database, Clock clock) {
        this.engines = engines;
        this.client = client;
        this.facts = facts;
        this.repos = repos;
        this.storage = storage;
        this.files = files;
        this.database = database;
        this.clock = clock;
        this.ids = new Ids(clock);
    }

    /** For a model named in the request body: decides {@code INFERENCE} on it, as a route's guard would. */
    public Target authorize(Principal principal, ModelRef model) {
        RepoContext context = facts.context(principal, RepoType.MODEL.singular(), model.namespace(), model.name());
        Access.decide(principal, Action.INFERENCE, new Resource.Repo(context.facts())).orThrow();
        return target(context.existing(), model);
    }

    /** For a model the route's guard resolved and allowed. */
    public Target target(Repo repo, ModelRef model) {
        String commit = storage.commitOf(repo.id(), model.revisionOrDefault()).getName();
        Engine engine = engines.forModel(repo.fullName(), () -> files.at(repo.id(), commit).pipelineTag())
                .orElseThrow(() -> new InvalidInputException("No inference engine serves " + model.label()
                        + " on this hub. Its operator maps models to engines (the inference-engines setting,"
                        + " docs/inference.md); ask them to add this one."));
        if (model.revision().filter(r -> !r.equals(ModelRef.DEFAULT_REVISION)).isPresent() && !engine.namesRevisions()) {
            throw new InvalidInputException("The inference engine serving " + repo.fullName() + " serves its "
                    + ModelRef.DEFAULT_REVISION + " branch only: name the model without ':" + model.revision().get() + "'.");
        }
        return new Target(new ModelRef(repo.namespace(), repo.name(), model.revision()), repo, commit, engine);
    }

    /** What the model's files say (its pipeline tag, its labels) at the target's commit. */
    public ModelFiles.Facts files(Target target) {
        return files.at(target.repo().id(), target.commitId());
    }

    /** Sends {@code body} to the target's engine at {@code path}, with the engine's name for the model. */
    public EngineReply forward(Target target, String path, ObjectNode body) {
        body.put("model", target.engineModel());
        byte[] json;
        try {
            json = TaskApi.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return client.post(target.engine(), path, json, target.model());
    }

    /** The models the caller may call inference on: readable, and served by an engine; at most {@link #MAX_LISTED}. */
    public List<Repo> usableModels(Principal principal) {
        if (engines.isEmpty()) {
            return List.of();
        }
        return repos.list(principal, RepoType.MODEL, Optional.empty(), Optional.empty(), Integer.MAX_VALUE).stream()
                .filter(repo -> isServed(repo))
                .limit(MAX_LISTED)
                .toList();
    }

    private boolean isServed(Repo repo) {
        if (engines.byId(repo.fullName()).isPresent() || engines.fallback().isPresent()) {
            return true;
        }
        try {
            String commit = storage.commitOf(repo.id(), ModelRef.DEFAULT_REVISION).getName();
            return engines.forModel(repo.fullName(), () -> files.at(repo.id(), commit).pipelineTag()).isPresent();
        } catch (HubException e) {
            return false; // no main branch: nothing an engine could load
        }
    }

    /**
     * Notes a call in the caller's audit log: the model, the endpoint, how it ended and how long it took.
     * A failure to write it is logged, never the caller's failure: the answer has already gone.
     */
    public void audit(Principal principal, String address, Target target, String endpoint, int status, Duration took) {
        if (!(principal instanceof Principal.Authenticated user)) {
            return;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("model", target.model().label());
        details.put("endpoint", endpoint);
        details.put("status", Integer.toString(status));
        details.put("durationMs", Long.toString(took.toMillis()));
        Optional<String> tokenId = user.credential() instanceof Principal.TokenCredential token
                ? Optional.of(token.tokenId())
                : Optional.empty();
        try {
            database.jdbi().useTransaction(h -> new AuditRepository(h).insert(new AuditEvent(ids.next(), clock.instant(),
                    user.userId(), user.username(), "inference.call", tokenId, Optional.of(address), details)));
        } catch (RuntimeException e) {
            log.warn("Could not write the audit event of {}'s inference call to {}", user.username(), target.model().label(), e);
        }
    }
}
