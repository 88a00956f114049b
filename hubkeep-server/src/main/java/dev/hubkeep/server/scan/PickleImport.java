package dev.hubkeep.server.scan;

import java.util.Locale;

/**
 * A global a pickle imports, as the public Hub's "pickle imports" panel shows it, with how this hub
 * classes it. An import whose module or name could not be told from the stream (a
 * {@code STACK_GLOBAL} fed by something other than plain strings, an extension code) is shown as
 * module {@code ?} and classed dangerous: nothing can be said for it.
 */
public record PickleImport(String module, String name, Safety safety) {

    /** The Hub's words for it. */
    public enum Safety {
        INNOCUOUS,
        SUSPICIOUS,
        DANGEROUS;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final String UNKNOWN = "?";

    public String qualifiedName() {
        return module + "." + name;
    }
}
