package dev.hubkeep.server;

/** A setting is missing, malformed or unreadable; the message says which and how to fix it. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
