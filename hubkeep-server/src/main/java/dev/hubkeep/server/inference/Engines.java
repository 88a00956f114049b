package dev.hubkeep.server.inference;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which engine serves which model, as the operator mapped them ({@code inference-engines},
 * docs/inference.md): a model by its id first, then by its {@code pipeline_tag}, then the default.
 *
 * @param byModel engines by lower-cased repository id ({@code alice/tiny-gpt2})
 * @param byPipeline engines by pipeline tag ({@code text-generation})
 * @param fallback the engine for every other model, if any
 */
public record Engines(Map<String, Engine> byModel, Map<String, Engine> byPipeline, Optional<Engine> fallback) {

    /** No engine: every inference request is told the hub serves none. */
    public static final Engines NONE = new Engines(Map.of(), Map.of(), Optional.empty());

    /** How long an engine may take to start answering unless its entry says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern PIPELINE_TAG = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern TEMPLATE_PART = Pattern.compile("\\{[^}]*}");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(ms|s|m)");

    public Engines {
        byModel = Map.copyOf(byModel);
        byPipeline = Map.copyOf(byPipeline);
    }

    public boolean isEmpty() {
        return byModel.isEmpty() && byPipeline.isEmpty() && fallback.isEmpty();
    }

    /** Whether an engine is mapped by the model's id (needing no look at its files). */
    public Optional<Engine> byId(String fullName) {
        return Optional.ofNullable(byModel.get(fullName.toLowerCase(Locale.ROOT)));
    }

    /** The engine serving {@code fullName}; its pipeline tag is read only when a mapping needs it. */
    public Optional<Engine> forModel(String fullName, Supplier<Optional<String>> pipelineTag) {
        Optional<Engine> engine = byId(fullName);
        if (engine.isEmpty() && !byPipeline.isEmpty()) {
            engine = pipelineTag.get().map(byPipeline::get);
        }
        return engine.or(() -> fallback);
    }

    /**
     * Reads the setting: entries separated by {@code ;} or new lines, each
     * {@code TARGET URL [model=TEMPLATE] [timeout=DURATION]}, where TARGET is {@code default}, a pipeline
     * tag or a model id. A key the engine wants goes in the URL's user part ({@code http://KEY@host/v1}).
     *
     * @throws IllegalArgumentException saying what is wrong with which entry
     */
    public static Engines parse(String setting, Duration defaultTimeout) {
        Map<String, Engine> byModel = new LinkedHashMap<>();
        Map<String, Engine> byPipeline = new LinkedHashMap<>();
        Engine fallback = null;
        for (String raw : setting.split("[;\\n]")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            String[] fields = entry.split("\\s+");
            if (fields.length < 2 || fields.length > 4) {
                throw new IllegalArgumentException("'" + redacted(entry) + "' must be TARGET URL [model=TEMPLATE]"
                        + " [timeout=DURATION], TARGET being default, a pipeline tag or a model id");
            }
            String target = fields[0];
            String template = Engine.DEFAULT_TEMPLATE;
            Duration timeout = defaultTimeout;
            for (int i = 2; i < fields.length; i++) {
                if (fields[i].startsWith("model=")) {
                    template = template(fields[i].substring("model=".length()), target);
                } else if (fields[i].startsWith("timeout=")) {
                    timeout = duration(fields[i].substring("timeout=".length()), target);
                } else {
                    throw new IllegalArgumentException("the entry for " + target + " has '" + fields[i]
                            + "'; after the URL come only model=TEMPLATE and timeout=DURATION");
                }
            }
            Engine engine = engine(fields[1], template, timeout, target);
            Engine previous;
            if (target.equals("default")) {
                previous = fallback;
                fallback = engine;
            } else if (MODEL_ID.matcher(target).matches()) {
                previous = byModel.put(target.toLowerCase(Locale.ROOT), engine);
            } else if (PIPELINE_TAG.matcher(target).matches()) {
                previous = byPipeline.put(target, engine);
            } else {
                throw new IllegalArgumentException("'" + target + "' is neither default, a pipeline tag (text-generation)"
                        + " nor a model id (namespace/name)");
            }
            if (previous != null) {
                throw new IllegalArgumentException(target + " is mapped twice");
            }
        }
        return new Engines(byModel, byPipeline, Optional.ofNullable(fallback));
    }

    private static Engine engine(String url, String template, Duration timeout, String target) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the URL for " + target + " is not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the URL for " + target + " must be http:// or https:// with a host"
                    + " and no query, such as http://127.0.0.1:8000/v1");
        }
        Optional<String> key = Optional.ofNullable(uri.getRawUserInfo())
                .map(info -> info.contains(":") ? info.substring(info.indexOf(':') + 1) : info)
                .map(info -> URLDecoder.decode(info, StandardCharsets.UTF_8))
                .filter(info -> !info.isEmpty());
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        URI base = URI.create(uri.getScheme() + "://" + uri.getRawAuthority().replaceFirst("^.*@", "") + path);
        return new Engine(base, key, template, timeout);
    }

    private static String template(String template, String target) {
        Matcher parts = TEMPLATE_PART.matcher(template);
        while (parts.find()) {
            if (!parts.group().equals("{model}") && !parts.group().equals("{revision}")) {
                throw new IllegalArgumentException("the model template for " + target + " has " + parts.group()
                        + "; it may use {model} and {revision} only");
            }
        }
        if (template.isEmpty()) {
            throw new IllegalArgumentException("the model template for " + target + " is empty");
        }
        return template;
    }

    private static Duration duration(String text, String target) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("the timeout for " + target + " must be a positive duration such as"
                    + " 500ms, 30s or 2m, not '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** An entry as it may be shown: without the key in a URL's user part. */
    private static String redacted(String entry) {
        return entry.replaceAll("://[^/@\\s]*@", "://");
    }

    /** Never a key: the record's default would print the engines' URLs and keys into logs. */
    @Override
    public String toString() {
        return "Engines[" + byModel.size() + " by model, " + byPipeline.size() + " by pipeline"
                + (fallback.isPresent() ? ", a default" : "") + "]";
    }
}
