package dev.hubkeep.server.git;

import dev.hubkeep.server.auth.Principal;
import java.util.Map;
import java.util.Optional;

/**
 * The LFS batch API's {@code xet} transfer, which huggingface.js asks for: instead of upload links,
 * each object to send gets a Xet write token (in {@code header}) and the URL to ask for the next one
 * ({@code href}); the client then uploads through the CAS, like hf_xet.
 */
@FunctionalInterface
public interface XetTransfer {

    /** What one batch answer hands out to every object it wants uploaded. */
    record Offer(String href, Map<String, String> header) {}

    /** The offer for an upload by {@code principal} (already allowed to write) to a repository; empty when Xet is off. */
    Optional<Offer> offer(Principal principal, String type, String namespace, String name, String branch);

    /** No Xet: the batch API answers {@code basic} or {@code multipart} only. */
    XetTransfer NONE = (principal, type, namespace, name, branch) -> Optional.empty();
}
