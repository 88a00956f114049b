package dev.hubkeep.server.mail;

import jakarta.mail.MessagingException;
import dev.hubkeep.server.store.Ids;
import jakarta.mail.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Properties;

/**
 * Writes each message as one {@code .eml} file under the outbox folder, for hubs without SMTP.
 * A file appears whole or not at all: written to a temporary name, synced, then renamed.
 */
public final class OutboxMailer implements Mailer {

    private final Path outbox;
    private final String from;
    private final Clock clock;
    private final Session session = Session.getInstance(new Properties());
    private final Ids ids;

    public OutboxMailer(Path outbox, String from, Clock clock) {
        this.outbox = outbox;
        this.from = from;
        this.clock = clock;
        this.ids = new Ids(clock);
    }

    @Override
    public void send(OutgoingMail mail) {
        String name = ids.next(); // sorts in the order the mails were written
        Path temporary = outbox.resolve("." + name + ".tmp");
        try {
            Files.createDirectories(outbox);
            try (FileChannel channel = FileChannel.open(
                            temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                MimeMessages.build(session, mail, from, clock).writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temporary, outbox.resolve(name + ".eml"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | MessagingException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // The temporary name starts with a dot and ends in .tmp; readers skip it.
            }
            throw new MailException("Could not write the message to the outbox " + outbox, e);
        }
    }
}
