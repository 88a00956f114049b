package dev.hubkeep.server.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Link;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.UrlSanitizer;

/**
 * A README as HTML (CommonMark with GitHub's tables), safe to put in a page: raw HTML in the Markdown is shown as text, never
 * rendered; links and images may point only at http(s), mailto or a path (no {@code javascript:},
 * no {@code data:}), links to elsewhere carry {@code rel="nofollow noopener noreferrer"}, and the
 * pages' policy keeps images from other sites from loading at all. The YAML front matter (the
 * model card's metadata) is left out.
 */
final class Markdown {

    /** The most of a README that is rendered; the rest is cut off. */
    static final int MAX_CHARS = 512 * 1024;

    /** GitHub's tables, as model cards use them for results; cells go through the same escaping. */
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .urlSanitizer(new SafeUrls())
            .attributeProviderFactory(context -> (node, tagName, attributes) -> {
                if (node instanceof Link) {
                    attributes.put("rel", "nofollow noopener noreferrer");
                }
            })
            .build();

    private Markdown() {}

    static String render(String markdown) {
        String text = withoutFrontMatter(markdown);
        if (text.length() > MAX_CHARS) {
            text = text.substring(0, MAX_CHARS);
        }
        return RENDERER.render(PARSER.parse(text));
    }

    static String withoutFrontMatter(String markdown) {
        String text = markdown.startsWith("\uFEFF") ? markdown.substring(1) : markdown;
        if (!text.startsWith("---\n") && !text.startsWith("---\r\n")) {
            return text;
        }
        int end = text.indexOf("\n---", 3);
        while (end >= 0) {
            int lineEnd = text.indexOf('\n', end + 4);
            String rest = lineEnd < 0 ? text.substring(end + 4) : text.substring(end + 4, lineEnd);
            if (rest.isBlank()) {
                return lineEnd < 0 ? "" : text.substring(lineEnd + 1);
            }
            end = text.indexOf("\n---", end + 4);
        }
        return text;
    }

    /** Only schemes that cannot run script; anything else becomes an empty link. */
    private static final class SafeUrls implements UrlSanitizer {

        private static final Map<String, Boolean> ALLOWED = Map.of("http", true, "https", true, "mailto", true);

        @Override
        public String sanitizeLinkUrl(String url) {
            return safe(url);
        }

        @Override
        public String sanitizeImageUrl(String url) {
            return safe(url);
        }

        private static String safe(String url) {
            String trimmed = url.strip();
            int colon = trimmed.indexOf(':');
            int slash = trimmed.indexOf('/');
            int query = trimmed.indexOf('?');
            int hash = trimmed.indexOf('#');
            boolean hasScheme = colon >= 0 && (slash < 0 || colon < slash) && (query < 0 || colon < query)
                    && (hash < 0 || colon < hash);
            if (!hasScheme) {
                return trimmed;
            }
            return ALLOWED.containsKey(trimmed.substring(0, colon).toLowerCase(Locale.ROOT)) ? trimmed : "";
        }
    }
}
