package dev.hubkeep.server.accounts;

import java.util.Optional;

/** What a new account needs; {@code fullname} defaults to the username. */
public record SignupRequest(String username, String email, String password, Optional<String> fullname) {}
