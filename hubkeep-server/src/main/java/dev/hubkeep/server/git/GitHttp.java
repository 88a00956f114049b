package dev.hubkeep.server.git;

import dev.hubkeep.server.access.Access;
import dev.hubkeep.server.access.Action;
import dev.hubkeep.server.access.Decision;
import dev.hubkeep.server.access.Resource;
import dev.hubkeep.server.auth.Authenticator;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.errors.HubException;
import dev.hubkeep.server.errors.RateLimitedException;
import dev.hubkeep.server.http.RepoResolver;
import dev.hubkeep.server.http.RequestLog;
import dev.hubkeep.server.http.UnreadBody;
import dev.hubkeep.server.repos.RepoContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.http.server.resolver.AsIsFileService;
import org.eclipse.jgit.http.server.resolver.DefaultUploadPackFactory;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;

/**
 * Git over smart HTTP, as the public Hub serves it: {@code /{ns}/{name}.git}, {@code /datasets/…}
 * and {@code /spaces/…}, with or without {@code .git}, and LFS. A filter in front of everything
 * recognises git's requests by the entries of {@link GitEntry} (the binding table the route sweeps
 * walk), authenticates them through the one authentication path (the token as the Basic
 * password, any user name), asks the one permission decision (fetch needs read, push needs write),
 * and only then hands the request to JGit's servlet.
 *
 * <p>JGit's servlet has no mapping in the container, so no URL in any encoding can address it: it is
 * an object this filter calls, and the repository it serves is the one the hub resolved and decided
 * on (a request attribute), never a name taken from the path.
 */
public final class GitHttp implements Filter {

    private final Authenticator authenticator;
    private final RepoResolver repos;
    private final RequestLog requestLog;
    private final RepoStorage storage;
    private final Lfs lfs;
    private final ReceiveHooks hooks;
    private final XetTransfer xetTransfer;
    private final GitServlet jgit = new GitServlet();

    public GitHttp(Authenticator authenticator, RepoResolver repos, RequestLog requestLog, RepoStorage storage, ReceiveHooks hooks,
            LfsStore lfsStore, LfsObjects lfsObjects, LfsContent lfsContent, XetTransfer xetTransfer, LfsLinks lfsLinks,
            java.util.function.Supplier<String> publicUrl, java.time.Clock clock) {
        this(authenticator, repos, requestLog, storage, hooks, lfsStore, lfsObjects, lfsContent, xetTransfer, lfsLinks, publicUrl,
                clock, LfsDownloads.ALL);
    }

    /** As above, with the scanning pipeline's rule on which LFS objects a download may hand out. */
    public GitHttp(Authenticator authenticator, RepoResolver repos, RequestLog requestLog, RepoStorage storage, ReceiveHooks hooks,
            LfsStore lfsStore, LfsObjects lfsObjects, LfsContent lfsContent, XetTransfer xetTransfer, LfsLinks lfsLinks,
            java.util.function.Supplier<String> publicUrl, java.time.Clock clock, LfsDownloads downloads) {
        this.xetTransfer = xetTransfer;
        this.hooks = hooks;
        this.authenticator = authenticator;
        this.repos = repos;
        this.requestLog = requestLog;
        this.storage = storage;
        this.lfs = new Lfs(lfsStore, lfsObjects, lfsContent, lfsLinks, publicUrl, clock, downloads);
    }

    /** Mounts the filter on the server's context; JGit's servlet gets no mapping of its own. */
    public void mount(ServletContextHandler context) {
        jgit.setRepositoryResolver((request, name) -> {
            if (!(request.getAttribute(REPO_ID) instanceof String id)) {
                throw new RepositoryNotFoundException(name); // only reached through forward(), which sets it
            }
            return storage.open(id);
        });
        jgit.setAsIsFileService(AsIsFileService.DISABLED); // smart HTTP only, no dumb-protocol files
        // JGit's own factory passes on the client's Git-Protocol header ("version=2"); without it
        // JGit speaks protocol v0, which lists every ref in every advertisement.
        jgit.setUploadPackFactory(new DefaultUploadPackFactory());
        jgit.setReceivePackFactory((request, repository) -> {
            String username = String.valueOf(request.getAttribute(USERNAME));
            ReceivePack receive = hooks.newReceivePack(repository, username);
            String repoId = String.valueOf(request.getAttribute(REPO_ID));
            receive.setRefLogIdent(new PersonIdent(username, username + "@users.noreply.hubkeep"));
            receive.setAtomic(true); // a push lands whole or not at all
            receive.setPreReceiveHook((pack, commands) -> hooks
                    .check(new ReceiveHooks.Push(repoId, username, repository, List.copyOf(commands)))
                    .ifPresent(reason -> {
                        for (ReceiveCommand command : commands) {
                            command.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, reason);
                        }
                    }));
            receive.setPostReceiveHook((pack, commands) -> {
                List<ReceiveCommand> landed = commands.stream()
                        .filter(c -> c.getResult() == ReceiveCommand.Result.OK)
                        .toList();
                if (!landed.isEmpty()) {
                    hooks.landed(new ReceiveHooks.Push(repoId, username, repository, landed));
                }
            });
            return receive;
        });
        context.addFilter(new FilterHolder(this), "/*", EnumSet.of(DispatcherType.REQUEST));
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        jgit.init(new UnmappedServletConfig("git", config.getServletContext()));
    }

    @Override
    public void destroy() {
        jgit.destroy();
    }

    private static final String USERNAME = "hubkeep.git.username";
    private static final String REPO_ID = "hubkeep.git.repo";

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        String path = request.getRequestURI(); // the raw path, as the route table matches it (AmbiguousPaths ran first)
        GitEntry.Match match = GitEntry.match(request.getMethod(), path);
        if (match == null) {
            chain.doFilter(request, response); // the route table's
            return;
        }
        long start = System.nanoTime();
        // Advertisements, signed links and objects are per caller: no shared cache may keep them.
        response.setHeader("Cache-Control", "no-store");
        try {
            switch (match.entry()) {
                case REFS, UPLOAD_PACK, RECEIVE_PACK -> serve(request, response, match);
                case LFS_BATCH -> batch(request, response, match);
                case LFS_DOWNLOAD -> lfs.send(request, response, match.oid());
                case LFS_UPLOAD -> lfs.receive(request, response, match.oid());
                case LFS_PART_UPLOAD -> lfs.multipart().receivePart(request, response, match.oid(), match.part());
                case LFS_PART_STATUS -> lfs.multipart().describePart(request, response, match.oid(), match.part());
                case LFS_COMPLETE -> lfs.multipart().complete(request, response, match.oid());
                case LFS_VERIFY -> lfs.verify(request, response);
            }
        } finally {
            UnreadBody.dropAfterAnswer(request); // a refusal before the body must not reset the connection
        }
        requestLog.record(request.getMethod(), path, match.entry().template(), response.getStatus(),
                System.nanoTime() - start, request.getRemoteAddr());
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, GitEntry.Match git)
            throws IOException, ServletException {
        String endpoint = switch (git.entry()) {
            case UPLOAD_PACK -> "git-upload-pack";
            case RECEIVE_PACK -> "git-receive-pack";
            default -> "info/refs";
        };
        boolean push = git.entry() == GitEntry.RECEIVE_PACK
                || git.entry() == GitEntry.REFS && "git-receive-pack".equals(request.getParameter("service"));
        Optional<Principal> principal = authenticate(request, response, false);
        if (principal.isEmpty()) {
            return;
        }
        Optional<String> id = decide(principal.get(), push ? Action.REPO_WRITE : Action.REPO_READ, git, response, false);
        if (id.isEmpty()) {
            return;
        }
        forward(request, response, principal.get(), id.get(), endpoint);
    }

    /** The LFS batch endpoint: download needs read, upload needs write; errors in LFS's JSON shape. */
    private void batch(HttpServletRequest request, HttpServletResponse response, GitEntry.Match batch) throws IOException {
        Optional<Principal> principal = authenticate(request, response, true);
        if (principal.isEmpty()) {
            return;
        }
        Optional<com.fasterxml.jackson.databind.JsonNode> body = Lfs.readBatch(request);
        String operation = body.map(b -> b.path("operation").asText("")).orElse("");
        if (!operation.equals("upload") && !operation.equals("download")) {
            Lfs.error(response, 422, "A batch request is a JSON object whose 'operation' is upload or download.");
            return;
        }
        Optional<String> id = decide(principal.get(), operation.equals("upload") ? Action.REPO_WRITE : Action.REPO_READ,
                batch, response, true);
        if (id.isPresent()) {
            String branch = body.get().path("ref").path("name").asText("main");
            lfs.batch(id.get(), body.get(), response,
                    () -> xetTransfer.offer(principal.get(), batch.type(), batch.namespace(), batch.name(), branch),
                    operation.equals("upload") || mayWrite(principal.get(), batch));
        }
    }

    private Optional<Principal> authenticate(HttpServletRequest request, HttpServletResponse response, boolean json)
            throws IOException {
        try {
            return Optional.of(authenticator.authenticate(
                    Optional.ofNullable(request.getHeader("Authorization")), Optional.empty(), request.getRemoteAddr()));
        } catch (HubException e) {
            refuse(response, e instanceof RateLimitedException ? 429 : 401, e.getMessage(), json);
            return Optional.empty();
        }
    }

    /** Whether the caller could write to the repository the path names (infected objects are handed to writers only). */
    private boolean mayWrite(Principal principal, GitEntry.Match path) {
        return Access.decide(principal, Action.REPO_WRITE,
                new Resource.Repo(repos.resolve(principal, path.type(), path.namespace(), path.name()).facts())).allowed();
    }

    /** The repository's id if the decision allows {@code action} on the repository the path names. */
    private Optional<String> decide(Principal principal, Action action, GitEntry.Match path, HttpServletResponse response,
            boolean json) throws IOException {
        RepoContext target = repos.resolve(principal, path.type(), path.namespace(), path.name());
        Decision decision = Access.decide(principal, action, new Resource.Repo(target.facts()));
        if (decision instanceof Decision.Deny deny) {
            refuse(response, deny.status(), deny.message(), json);
            return Optional.empty();
        }
        return Optional.of(target.existing().id()); // allowed, so it exists
    }

    private void forward(HttpServletRequest request, HttpServletResponse response, Principal principal, String id,
            String endpoint) throws IOException, ServletException {
        if (principal instanceof Principal.Authenticated user) {
            request.setAttribute(USERNAME, user.username());
        }
        request.setAttribute(REPO_ID, id);
        if (!endpoint.equals("git-receive-pack")) {
            jgit.service(new JGitRequest(request, endpoint), response);
            return;
        }
        // A push moves refs: cached revisions of this repository are bypassed until it ends, then forgotten.
        try (RepoStorage.RefChange ignored = storage.changingRefs(id)) {
            jgit.service(new JGitRequest(request, endpoint), response);
        }
    }

    /**
     * A refusal git shows its user: git prints a text/plain body as {@code remote: …} lines, and
     * answers a 401 carrying {@code WWW-Authenticate: Basic} by asking for credentials.
     */
    private static void refuse(HttpServletResponse response, int status, String message, boolean json) throws IOException {
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"Hubkeep\"");
            response.setHeader("LFS-Authenticate", "Basic realm=\"Hubkeep\"");
        }
        if (json) {
            Lfs.error(response, status, message);
            return;
        }
        response.setStatus(status);
        response.setContentType("text/plain; charset=utf-8");
        response.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
