package dev.hubkeep.server.http;

import dev.hubkeep.server.auth.CidrRange;
import dev.hubkeep.server.errors.InvalidInputException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/**
 * Behind a reverse proxy every request comes from the proxy's address, so throttles, token network
 * limits and logs would all see one client. When the peer is a configured trusted proxy, the client
 * is read from {@code X-Forwarded-For} instead: walking the list from the right (the entry the
 * nearest proxy appended), skipping trusted proxies, the first address that is not one is the
 * client. Anything further left was written by the client itself and is never believed. Likewise
 * the scheme the client used comes from the trusted proxy's {@code X-Forwarded-Proto} (for the
 * same-origin check and Secure cookies behind a TLS-terminating proxy). From any other peer both
 * headers are ignored. Mounted before every other filter, so the API and git see the same address
 * through {@code getRemoteAddr()}.
 */
public final class ForwardedFor implements Filter {

    static final String HEADER = "X-Forwarded-For";
    static final String PROTO_HEADER = "X-Forwarded-Proto";

    private final List<CidrRange> trustedProxies;

    public ForwardedFor(List<CidrRange> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /** Mounts the filter on the server's context; with no trusted proxies there is nothing to do. */
    public void mount(ServletContextHandler context) {
        if (!trustedProxies.isEmpty()) {
            context.addFilter(new FilterHolder(this), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        String peer = http.getRemoteAddr();
        if (!isTrusted(peer)) {
            chain.doFilter(request, response);
            return;
        }
        String client = clientAddress(peer, Collections.list(http.getHeaders(HEADER)));
        String scheme = scheme(http.getScheme(), Collections.list(http.getHeaders(PROTO_HEADER)));
        chain.doFilter(new HttpServletRequestWrapper(http) {
            @Override
            public String getRemoteAddr() {
                return client;
            }

            @Override
            public String getRemoteHost() {
                return client;
            }

            @Override
            public String getScheme() {
                return scheme;
            }

            @Override
            public boolean isSecure() {
                return "https".equals(scheme);
            }
        }, response);
    }

    /**
     * The scheme the client used, as the nearest proxy says in {@code X-Forwarded-Proto} (its last
     * value: a TLS-terminating proxy talks plain http to the hub), else the connection's own.
     */
    static String scheme(String connection, List<String> headerLines) {
        String said = null;
        for (String line : headerLines) {
            for (String value : line.split(",")) {
                said = value.strip().toLowerCase(java.util.Locale.ROOT);
            }
        }
        return "http".equals(said) || "https".equals(said) ? said : connection;
    }

    /** The client's address, given the peer's and the {@code X-Forwarded-For} header lines in order. */
    String clientAddress(String peer, List<String> headerLines) {
        List<String> hops = new ArrayList<>();
        for (String line : headerLines) {
            for (String hop : line.split(",")) {
                hops.add(hop.strip());
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0 && isTrusted(client); i--) {
            if (!isAddress(hops.get(i))) {
                break; // a trusted proxy wrote nonsense: keep the last address we can vouch for
            }
            client = hops.get(i);
        }
        return client;
    }

    private boolean isTrusted(String address) {
        return trustedProxies.stream().anyMatch(proxy -> proxy.contains(address));
    }

    private static boolean isAddress(String text) {
        try {
            CidrRange parsed = CidrRange.parse(text);
            return !text.contains("/") && parsed.prefixLength() == parsed.network().length * 8;
        } catch (InvalidInputException e) {
            return false;
        }
    }
}
