package dev.hubkeep.server.access;

import java.util.Optional;

/**
 * What the decision needs to know about a repository and the caller, loaded before it is asked.
 * A missing repository is described too ({@code exists == false}): the answer must not differ.
 *
 * @param type model, dataset or space (the fine-grained entity type)
 * @param ownerUserId for a repository in a user's namespace, that user; else empty
 * @param org for a repository of an organization, its name; else empty
 * @param callerOrgRole the caller's role in that organization, if a member
 * @param gatedAccessGranted the caller was granted access to this gated repository
 * @param tokenGate what the organization's token policy says about the caller's token
 */
public record RepoFacts(
        String type,
        String namespace,
        String name,
        boolean exists,
        Optional<String> ownerUserId,
        Optional<String> org,
        boolean isPrivate,
        boolean gated,
        Optional<OrgRole> callerOrgRole,
        boolean gatedAccessGranted,
        TokenGate tokenGate) {

    public static RepoFacts missing(String type, String namespace, String name) {
        return new RepoFacts(type, namespace, name, false, Optional.empty(), Optional.empty(), true, false,
                Optional.empty(), false, TokenGate.OPEN);
    }

    public String fullName() {
        return namespace + "/" + name;
    }

    /** What its web paths start with: nothing for models, {@code datasets/} or {@code spaces/}. */
    public String urlPrefix() {
        return type.equals("model") ? "" : type + "s/";
    }

    /** How messages name it: "model acme/bert". */
    public String label() {
        return type + " " + fullName();
    }
}
