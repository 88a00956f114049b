package dev.hubkeep.server.web;

import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.TooLargeException;
import dev.hubkeep.server.errors.UnsupportedMediaTypeException;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.http.UnreadBody;
import io.javalin.http.Context;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Which page forms may carry files, and within what bounds. A {@code multipart/form-data} post to
 * any other form is refused before its body is read. A form that takes files ({@code Route.upload})
 * is read whole before the CSRF check (its token is one of its fields): at most {@link #maxBytes}
 * in all, announced or not, {@link #MAX_PARTS} parts, and fields (everything but files) of at most
 * {@link #MAX_FIELD_BYTES}, since fields are read into memory. Files wait on disk in
 * {@code folder}, on the LFS store's disk, and are deleted when the request ends.
 */
public final class FormFiles {

    /** Jetty reads a request's multipart bounds from this attribute. */
    static final String JETTY_MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";
    /** The most one upload from a page may hold in all; larger uploads go through the CLI or the Hub's clients. */
    public static final long MAX_UPLOAD_BYTES = 5L * 1024 * 1024 * 1024;
    /** The longest field: the text of a file edited in the page, with room to spare. */
    static final long MAX_FIELD_BYTES = 2L * 1024 * 1024;
    /** Files and fields of one form post. */
    static final int MAX_PARTS = 110;
    /** Parts up to this size are kept in memory, larger ones on disk. */
    private static final int IN_MEMORY_BYTES = 64 * 1024;

    private final Path folder;
    private final long maxBytes;

    /** Files wait in {@code folder}; one post holds at most {@code maxBytes}. */
    public FormFiles(Path folder, long maxBytes) {
        this.folder = folder;
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Before the CSRF check of a page form: refuses or reads a multipart body. */
    void admit(Context ctx) {
        if (!isMultipart(ctx)) {
            return;
        }
        if (!Requests.takesFiles(ctx)) {
            throw new UnsupportedMediaTypeException("This form takes no files: send it from its page, as"
                    + " application/x-www-form-urlencoded.");
        }
        if (ctx.req().getContentLengthLong() > maxBytes) {
            throw tooLarge();
        }
        Collection<Part> parts = read(ctx);
        if (parts.size() > MAX_PARTS) {
            throw new InvalidInputException("Send at most " + (MAX_PARTS - 10) + " files at once.");
        }
        for (Part part : parts) {
            if (part.getSubmittedFileName() == null && part.getSize() > MAX_FIELD_BYTES) {
                throw new TooLargeException("The field '" + shortened(part.getName()) + "' is longer than "
                        + MAX_FIELD_BYTES / (1024 * 1024) + " MiB.");
            }
        }
    }

    /** The files sent in field {@code name} (none chosen: none). */
    static List<Part> files(Context ctx, String name) {
        try {
            return ctx.req().getParts().stream()
                    .filter(p -> p.getName().equals(name) && p.getSubmittedFileName() != null && !p.getSubmittedFileName().isEmpty())
                    .toList();
        } catch (IOException | ServletException e) {
            throw new InvalidInputException("The upload could not be read: send it again.");
        }
    }

    /** Deletes the files this request's form left waiting, if it was read ({@link #admit}). */
    static void release(Context ctx) {
        if (ctx.req().getAttribute(JETTY_MULTIPART_CONFIG) == null) {
            return; // never read: asking for the parts now would read them
        }
        try {
            for (Part part : ctx.req().getParts()) {
                part.delete();
            }
        } catch (IOException | ServletException | RuntimeException e) {
            // a form that could not be read left nothing the container does not delete itself
        }
    }

    private Collection<Part> read(Context ctx) {
        try {
            Files.createDirectories(folder);
            ctx.req().setAttribute(JETTY_MULTIPART_CONFIG,
                    new MultipartConfigElement(folder.toString(), maxBytes, maxBytes, IN_MEMORY_BYTES));
            return ctx.req().getParts();
        } catch (IOException | ServletException | RuntimeException e) {
            UnreadBody.drop(ctx); // reading began (100 Continue went out): the client is sending the rest
            if (isTooLarge(e)) {
                throw tooLarge();
            }
            throw new InvalidInputException("The upload was cut short or is not a form this page sent: send it again.");
        }
    }

    /**
     * Jetty says so in its message: a 413 it would send itself, "max length/file size exceeded", or
     * "Form is larger than max length" (the fields together, {@code HttpServer.MAX_FORM_FIELDS_BYTES}).
     */
    private static boolean isTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("exceed") || message.contains("413") || message.contains("too large")
                    || message.contains("larger than")) {
                return true;
            }
        }
        return false;
    }

    private TooLargeException tooLarge() {
        return new TooLargeException("An upload from the page holds at most " + RepoPages.size(maxBytes)
                + " in all: send fewer files at once, or upload large ones with the CLI (hubkeep upload, hf upload).");
    }

    private static boolean isMultipart(Context ctx) {
        String type = ctx.contentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    private static String shortened(String text) {
        return text == null ? "" : text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
