package dev.hubkeep.server.scan;

import java.util.List;

/**
 * What one engine said of one file.
 *
 * @param engine {@code builtin}, {@code pickle}, {@code safetensors} or {@code clamav}
 * @param detail the signature (infected), what was found (suspicious), the reason (error); empty when ok
 * @param retry for an error: whether scanning again later may succeed (clamd was down), as
 *     opposed to the file itself being unreadable as what it claims to be
 * @param imports the pickle engine's list of imported globals (empty for the others)
 */
public record Finding(String engine, ScanStatus status, String detail, boolean retry, List<PickleImport> imports) {

    public Finding {
        imports = List.copyOf(imports);
    }

    static Finding ok(String engine) {
        return new Finding(engine, ScanStatus.OK, "", false, List.of());
    }

    static Finding infected(String engine, String signature) {
        return new Finding(engine, ScanStatus.INFECTED, signature, false, List.of());
    }

    static Finding suspicious(String engine, String what) {
        return new Finding(engine, ScanStatus.SUSPICIOUS, what, false, List.of());
    }

    /** The file cannot be read as what it claims to be: scanning it again will not help. */
    static Finding broken(String engine, String reason) {
        return new Finding(engine, ScanStatus.ERROR, reason, false, List.of());
    }

    /** The engine could not do its work this time (clamd unreachable): worth another try. */
    static Finding failed(String engine, String reason) {
        return new Finding(engine, ScanStatus.ERROR, reason, true, List.of());
    }
}
