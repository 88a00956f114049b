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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.http.server.resolver.AsIsFileService;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * Git over smart HTTP, as the public Hub serves it: {@code /{ns}/{name}.git}, {@code /datasets/…}
 * and {@code /spaces/…}, with or without {@code .git}. A filter in front of everything recognises
 * git's requests, authenticates them through the one authentication path (the token as the Basic
 * password, any user name), asks the one permission decision (fetch needs read, push needs write),
 * and only then hands the request to JGit's servlet.
 *
 * <p>JGit's servlet has no mapping in the container, so no URL in any encoding can address it: it is
 * an object this filter calls, and the repository it serves is the one the hub resolved and decided
 * on (a request attribute), never a name taken from the path.
 */
public final class GitHttp implements Filter {

    private static final Pattern GIT_REQUEST = Pattern.compile(
            "^/(?:(datasets|spaces)/)?([A-Za-z0-9][A-Za-z0-9._-]*)/([A-Za-z0-9][A-Za-z0-9._-]*?)(?:\\.git)?"
                    + "/(info/refs|git-upload-pack|git-receive-pack)$");
    private static final Pattern LFS_BATCH = Pattern.compile(
            "^/(?:(datasets|spaces)/)?([A-Za-z0-9][A-Za-z0-9._-]*)/([A-Za-z0-9][A-Za-z0-9._-]*?)(?:\\.git)?"
                    + "/info/lfs/objects/batch$");
    private static final Pattern LFS_OBJECT = Pattern.compile("^/\\.lfs/objects/([0-9a-f]{64})$");
    private static final Pattern LFS_PART = Pattern.compile("^/\\.lfs/objects/([0-9a-f]{64})/parts/([1-9][0-9]{0,4})$");
    private static final Pattern LFS_COMPLETE = Pattern.compile("^/\\.lfs/objects/([0-9a-f]{64})/complete$");
    private static final String LFS_VERIFY = "/.lfs/verify";

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
        jgit.setUploadPackFactory((request, repository) -> new UploadPack(repository));
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
        if (!mayBeGit(path)) {
            chain.doFilter(request, response); // the route table's: no pattern below can match
            return;
        }
        long start = System.nanoTime();
        Matcher git = GIT_REQUEST.matcher(path);
        Matcher batch = LFS_BATCH.matcher(path);
        Matcher object = LFS_OBJECT.matcher(path);
        Matcher part = LFS_PART.matcher(path);
        if (git.matches() || batch.matches() || object.matches() || part.matches() || path.startsWith("/.lfs/")) {
            // Advertisements, signed links and objects are per caller: no shared cache may keep them.
            response.setHeader("Cache-Control", "no-store");
        }
        if (git.matches()) {
            serve(request, response, git);
        } else if (batch.matches() && "POST".equals(request.getMethod())) {
            batch(request, response, batch);
        } else if (object.matches() && "PUT".equals(request.getMethod())) {
            lfs.receive(request, response, object.group(1));
        } else if (object.matches() && "GET".equals(request.getMethod())) {
            lfs.send(request, response, object.group(1));
        } else if (part.matches() && "PUT".equals(request.getMethod())) {
            lfs.multipart().receivePart(request, response, part.group(1), Integer.parseInt(part.group(2)));
        } else if (part.matches() && "HEAD".equals(request.getMethod())) {
            lfs.multipart().describePart(request, response, part.group(1), Integer.parseInt(part.group(2)));
        } else if (LFS_COMPLETE.matcher(path).matches() && "POST".equals(request.getMethod())) {
            lfs.multipart().complete(request, response, path.substring("/.lfs/objects/".length(), "/.lfs/objects/".length() + 64));
        } else if (path.equals(LFS_VERIFY) && "POST".equals(request.getMethod())) {
            lfs.verify(request, response);
        } else {
            chain.doFilter(request, response);
            return;
        }
        requestLog.record(request.getMethod(), path, routeOf(git, batch, object, part, path), response.getStatus(),
                System.nanoTime() - start, request.getRemoteAddr());
    }

    /** The route template of a git or LFS request, for the request timers (as the route table's carry theirs). */
    private static String routeOf(Matcher git, Matcher batch, Matcher object, Matcher part, String path) {
        String repo = "/[{type}s/]{ns}/{name}[.git]/";
        if (git.matches()) {
            return repo + git.group(4);
        }
        if (batch.matches()) {
            return repo + "info/lfs/objects/batch";
        }
        if (object.matches()) {
            return "/.lfs/objects/{oid}";
        }
        if (part.matches()) {
            return "/.lfs/objects/{oid}/parts/{part}";
        }
        return path.endsWith("/complete") ? "/.lfs/objects/{oid}/complete" : path;
    }

    /** A cheap first look, so that requests for the route table pay for no pattern matching here. */
    private static boolean mayBeGit(String path) {
        return path.startsWith("/.lfs/") || path.endsWith("/info/refs") || path.endsWith("/git-upload-pack")
                || path.endsWith("/git-receive-pack") || path.endsWith("/info/lfs/objects/batch");
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, Matcher git)
            throws IOException, ServletException {
        String endpoint = git.group(4);
        boolean push = endpoint.equals("git-receive-pack")
                || endpoint.equals("info/refs") && "git-receive-pack".equals(request.getParameter("service"));
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
    private void batch(HttpServletRequest request, HttpServletResponse response, Matcher batch) throws IOException {
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
            String type = batch.group(1) == null ? "model" : batch.group(1).equals("datasets") ? "dataset" : "space";
            String branch = body.get().path("ref").path("name").asText("main");
            lfs.batch(id.get(), body.get(), response,
                    () -> xetTransfer.offer(principal.get(), type, batch.group(2), batch.group(3), branch),
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
    private boolean mayWrite(Principal principal, Matcher path) {
        String type = path.group(1) == null ? "model" : path.group(1).equals("datasets") ? "dataset" : "space";
        return Access.decide(principal, Action.REPO_WRITE,
                new Resource.Repo(repos.resolve(principal, type, path.group(2), path.group(3)).facts())).allowed();
    }

    /** The repository's id if the decision allows {@code action} on the repository the path names. */
    private Optional<String> decide(Principal principal, Action action, Matcher path, HttpServletResponse response,
            boolean json) throws IOException {
        String type = path.group(1) == null ? "model" : path.group(1).equals("datasets") ? "dataset" : "space";
        String namespace = path.group(2);
        String name = path.group(3);
        RepoContext target = repos.resolve(principal, type, namespace, name);
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
