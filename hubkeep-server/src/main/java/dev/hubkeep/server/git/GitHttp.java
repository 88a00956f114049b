package dev.hubkeep.server.git;

import dev.hubkeep.server.access.Access;
import dev.hubkeep.server.access.Action;
import dev.hubkeep.server.access.Decision;
import dev.hubkeep.server.access.Facts;
import dev.hubkeep.server.access.Resource;
import dev.hubkeep.server.auth.Authenticator;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.errors.HubException;
import dev.hubkeep.server.errors.RateLimitedException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.http.server.resolver.AsIsFileService;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Git over smart HTTP, as the public Hub serves it: {@code /{ns}/{name}.git}, {@code /datasets/…}
 * and {@code /spaces/…}, with or without {@code .git}. A filter in front of everything recognises
 * git's requests, authenticates them through the one authentication path (the token as the Basic
 * password, any user name), asks the one permission decision (fetch needs read, push needs write),
 * and only then forwards to JGit's servlet, which is reachable no other way.
 */
public final class GitHttp implements Filter {

    /** Where JGit's servlet is mounted; only forwards from this filter reach it. */
    static final String INTERNAL_PREFIX = "/.git-internal/";

    private static final Pattern GIT_REQUEST = Pattern.compile(
            "^/(?:(datasets|spaces)/)?([A-Za-z0-9][A-Za-z0-9._-]*)/([A-Za-z0-9][A-Za-z0-9._-]*?)(?:\\.git)?"
                    + "/(info/refs|git-upload-pack|git-receive-pack)$");
    private static final Logger log = LoggerFactory.getLogger("dev.hubkeep.server.requests");

    /** Finds a repository's id by type, namespace and name. */
    @FunctionalInterface
    public interface RepoLookup {
        Optional<String> idOf(String type, String namespace, String name);
    }

    private final Authenticator authenticator;
    private final Facts facts;
    private final RepoLookup repos;
    private final RepoStorage storage;

    public GitHttp(Authenticator authenticator, Facts facts, RepoLookup repos, RepoStorage storage) {
        this.authenticator = authenticator;
        this.facts = facts;
        this.repos = repos;
        this.storage = storage;
    }

    /** Mounts the filter (before every other handler) and JGit's servlet on the server's context. */
    public void mount(ServletContextHandler context) {
        GitServlet servlet = new GitServlet();
        servlet.setRepositoryResolver((request, name) -> {
            String id = name.endsWith(".git") ? name.substring(0, name.length() - 4) : name;
            if (!id.matches("[0-9a-f]{24}")) {
                throw new RepositoryNotFoundException(name);
            }
            return storage.open(id);
        });
        servlet.setAsIsFileService(AsIsFileService.DISABLED); // smart HTTP only, no dumb-protocol files
        servlet.setUploadPackFactory((request, repository) -> new UploadPack(repository));
        servlet.setReceivePackFactory((request, repository) -> {
            ReceivePack receive = new ReceivePack(repository);
            Object username = request.getAttribute(USERNAME);
            receive.setRefLogIdent(new PersonIdent(String.valueOf(username), username + "@users.noreply.hubkeep"));
            receive.setAtomic(true); // a push lands whole or not at all
            return receive;
        });
        context.addServlet(new ServletHolder("git", servlet), INTERNAL_PREFIX + "*");
        context.addFilter(new FilterHolder(this), "/*", EnumSet.of(DispatcherType.REQUEST));
    }

    private static final String USERNAME = "hubkeep.git.username";

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        String path = request.getRequestURI();
        if (path.startsWith(INTERNAL_PREFIX)) {
            response.sendError(404);
            return;
        }
        Matcher git = GIT_REQUEST.matcher(path);
        if (!git.matches()) {
            chain.doFilter(request, response);
            return;
        }
        long start = System.nanoTime();
        serve(request, response, git);
        log.info("{} {} {} {}ms {}", request.getMethod(), path, response.getStatus(),
                (System.nanoTime() - start) / 1_000_000, request.getRemoteAddr());
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, Matcher git)
            throws IOException, ServletException {
        String type = git.group(1) == null ? "model" : git.group(1).equals("datasets") ? "dataset" : "space";
        String namespace = git.group(2);
        String name = git.group(3);
        String endpoint = git.group(4);
        boolean push = endpoint.equals("git-receive-pack")
                || endpoint.equals("info/refs") && "git-receive-pack".equals(request.getParameter("service"));
        Principal principal;
        try {
            principal = authenticator.authenticate(
                    Optional.ofNullable(request.getHeader("Authorization")), Optional.empty(), request.getRemoteAddr());
        } catch (HubException e) {
            refuse(response, e instanceof RateLimitedException ? 429 : 401, e.getMessage());
            return;
        }
        Decision decision = Access.decide(principal, push ? Action.REPO_WRITE : Action.REPO_READ,
                new Resource.Repo(facts.repo(principal, type, namespace, name)));
        if (decision instanceof Decision.Deny deny) {
            refuse(response, deny.status(), deny.message());
            return;
        }
        String id = repos.idOf(type, namespace, name).orElseThrow(); // the decision allowed it, so it exists
        if (principal instanceof Principal.Authenticated user) {
            request.setAttribute(USERNAME, user.username());
        }
        request.getServletContext()
                .getRequestDispatcher(INTERNAL_PREFIX + id + ".git/" + endpoint)
                .forward(request, response);
    }

    /**
     * A refusal git shows its user: git prints a text/plain body as {@code remote: …} lines, and
     * answers a 401 carrying {@code WWW-Authenticate: Basic} by asking for credentials.
     */
    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"Hubkeep\"");
        }
        response.setContentType("text/plain; charset=utf-8");
        response.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
