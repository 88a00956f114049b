package dev.hubkeep.server.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.attributes.Attribute;
import org.eclipse.jgit.attributes.AttributesNode;
import org.eclipse.jgit.attributes.AttributesRule;

/**
 * The repository's {@code .gitattributes}, as far as LFS cares: which paths git-lfs stores. The
 * server keeps it right when the files API commits an LFS file, as the Hub does, so that a plain
 * {@code git clone} with git-lfs gets the file rather than its pointer.
 */
final class GitAttributes {

    static final String PATH = ".gitattributes";

    private final String text;
    private final AttributesNode node = new AttributesNode();

    GitAttributes(byte[] content) {
        this.text = new String(content, StandardCharsets.UTF_8);
        try {
            node.parse(new ByteArrayInputStream(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether git-lfs stores {@code path}: the last matching rule that names {@code filter} decides. */
    boolean isLfs(String path) {
        String filter = null;
        for (AttributesRule rule : node.getRules()) {
            if (rule.isMatch(path, false)) {
                for (Attribute attribute : rule.getAttributes()) {
                    if (attribute.getKey().equals("filter")) {
                        filter = attribute.getState() == Attribute.State.CUSTOM ? attribute.getValue() : null;
                    }
                }
            }
        }
        return "lfs".equals(filter);
    }

    /** This file with a rule making git-lfs store {@code path} (the same line {@code git lfs track} writes). */
    GitAttributes tracking(String path) {
        StringBuilder next = new StringBuilder(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            next.append('\n');
        }
        next.append(pattern(path)).append(" filter=lfs diff=lfs merge=lfs -text\n");
        return new GitAttributes(next.toString().getBytes(StandardCharsets.UTF_8));
    }

    byte[] bytes() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code path} as a pattern matching only itself: glob characters escaped, spaces as git-lfs writes them. */
    static String pattern(String path) {
        StringBuilder pattern = new StringBuilder("/");
        for (char c : path.toCharArray()) {
            switch (c) {
                case ' ' -> pattern.append("[[:space:]]");
                case '*', '?', '[', ']', '\\', '!', '#', '"' -> pattern.append('\\').append(c);
                default -> pattern.append(c);
            }
        }
        return pattern.toString();
    }
}
