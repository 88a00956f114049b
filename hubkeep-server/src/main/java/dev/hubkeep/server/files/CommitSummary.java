package dev.hubkeep.server.files;

import java.time.Instant;

/** One commit as the history and {@code lastCommit} fields show it. */
public record CommitSummary(String id, String title, String message, String authorName, String authorEmail, Instant date) {}
