package dev.hubkeep.server.mail;

/** A plain-text message to one recipient. */
public record OutgoingMail(String to, String subject, String text) {}
