package dev.hubkeep.server.oidc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link KeyFetcher} over the JDK's HTTP client: short timeouts for the connection and for the whole
 * exchange (a body dripped slowly counts too), no redirects (an issuer's documents are at the
 * addresses it states), a 200 only, and the body refused past its limit as it arrives, so a slow or
 * hostile issuer costs the hub one bounded request.
 */
public final class HttpKeyFetcher implements KeyFetcher {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(10);

    private final boolean internalAllowed;

    /**
     * @param internalAllowed whether addresses inside the hub's own network (loopback, private,
     *     link-local) may be fetched: only when the operator listed the issuers, so that any user
     *     registering a publisher cannot make the hub fetch from its own network (SSRF)
     */
    public HttpKeyFetcher(boolean internalAllowed) {
        this.internalAllowed = internalAllowed;
    }

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Override
    public String fetch(URI uri, int maxBytes) throws IOException {
        if (!internalAllowed) {
            refuseInternal(uri);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TOTAL_TIMEOUT).header("Accept", "application/json").GET().build();
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request, info -> new Limited(maxBytes));
        HttpResponse<byte[]> response;
        try {
            response = pending.get(TOTAL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new IOException(uri + " did not answer within " + TOTAL_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered HTTP " + response.statusCode());
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** Collects a body up to {@code max} bytes; one byte more cancels the stream and fails. */
    /**
     * Refuses a host that resolves to an address of the hub's own network. (A name that resolves
     * elsewhere at connect time could still slip by; the operator's issuer list closes that too.)
     */
    static void refuseInternal(URI uri) throws IOException {
        for (java.net.InetAddress address : java.net.InetAddress.getAllByName(uri.getHost())) {
            if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                    || address.isSiteLocalAddress() || address.isMulticastAddress()
                    || address instanceof java.net.Inet6Address && (address.getAddress()[0] & 0xFE) == 0xFC) {
                throw new IOException(uri.getHost() + " is an address of the hub's own network (" + address.getHostAddress()
                        + "); an operator who trusts such an issuer lists it in trusted-publisher-issuers");
            }
        }
    }

    private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Limited(int max) {
            this.max = max;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                if (body.isDone()) {
                    return;
                }
                if (bytes.size() + item.remaining() > max) {
                    subscription.cancel();
                    body.completeExceptionally(new IOException("the answer is larger than " + max + " bytes"));
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }
    }
}
