package dev.hubkeep.server.xet;

import dev.hubkeep.server.repos.RepoType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The absolute URLs clients are pointed at for Xet: the CAS, a file's reconstruction, and the token
 * endpoints a client calls again when its Xet token is about to expire. {@code enabled} is the
 * {@code xet} setting: off, the hub names no Xet URL anywhere, so clients download and upload through
 * LFS and never meet a token endpoint that answers 404.
 */
public record XetUrls(Supplier<String> publicUrl, boolean enabled) {

    /** Where the CAS is served, under the hub's public URL. */
    public static final String CAS_PATH = "/xet-cas";

    public String casUrl() {
        return publicUrl.get() + CAS_PATH;
    }

    public String reconstructionUrl(XetHash file) {
        return casUrl() + "/v1/reconstructions/" + file.hex();
    }

    public String tokenUrl(XetScope scope, RepoType type, String namespace, String name, String revision) {
        return publicUrl.get() + "/api/" + type.plural() + "/" + namespace + "/" + name + "/xet-" + scope.wireName()
                + "-token/" + URLEncoder.encode(revision, StandardCharsets.UTF_8);
    }
}
