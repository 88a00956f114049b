package dev.hubkeep.server.git;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The request as JGit's servlet reads it: JGit picks its handler from the path info alone, so the
 * path it sees is built by the hub from the endpoint it matched ({@code info/refs},
 * {@code git-upload-pack}, {@code git-receive-pack}), with a fixed placeholder repository name that
 * the resolver ignores (it takes the repository the hub decided on).
 */
final class JGitRequest extends HttpServletRequestWrapper {

    private final String pathInfo;

    JGitRequest(HttpServletRequest request, String endpoint) {
        super(request);
        this.pathInfo = "/repository.git/" + endpoint;
    }

    @Override
    public String getServletPath() {
        return "";
    }

    @Override
    public String getPathInfo() {
        return pathInfo;
    }
}
