package dev.hubkeep.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkeep.server.accounts.Username;
import dev.hubkeep.server.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Fine-grained grants to and from JSON, in the public Hub's shape:
 * {@code {"scoped": [{"entity": {"type", "name"}, "permissions": [...]}], "global": [...],
 * "canReadGatedRepos": bool}}. Parsing refuses anything it does not understand, naming it.
 */
public final class FineGrainedJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern REPO_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
    private static final int MAX_ENTRIES = 100;

    private FineGrainedJson() {}

    public static FineGrained parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw bad("'fineGrained' must be an object with 'scoped', 'global' and 'canReadGatedRepos'.");
        }
        List<FineGrained.Scoped> scoped = new ArrayList<>();
        JsonNode scopedNode = node.path("scoped");
        if (!scopedNode.isMissingNode() && !scopedNode.isArray()) {
            throw bad("'fineGrained.scoped' must be a list.");
        }
        if (scopedNode.size() > MAX_ENTRIES) {
            throw bad("'fineGrained.scoped' may hold at most " + MAX_ENTRIES + " entities.");
        }
        for (JsonNode entry : scopedNode) {
            scoped.add(parseScoped(entry));
        }
        List<String> global = new ArrayList<>(strings(node.path("global"), "fineGrained.global"));
        for (String permission : global) {
            if (!FineGrained.GLOBAL_PERMISSIONS.contains(permission)) {
                throw bad("Unknown global permission '" + permission + "'. Known: "
                        + String.join(", ", new TreeSet<>(FineGrained.GLOBAL_PERMISSIONS)) + ".");
            }
        }
        JsonNode gated = node.path("canReadGatedRepos");
        if (!gated.isMissingNode() && !gated.isBoolean()) {
            throw bad("'fineGrained.canReadGatedRepos' must be true or false.");
        }
        return new FineGrained(scoped, global, gated.asBoolean(false));
    }

    private static FineGrained.Scoped parseScoped(JsonNode entry) {
        JsonNode entity = entry.path("entity");
        if (!entity.isObject() || !entity.path("type").isTextual() || !entity.path("name").isTextual()) {
            throw bad("Each 'fineGrained.scoped' entry needs an 'entity' with a 'type' and a 'name'.");
        }
        String typeName = entity.path("type").textValue();
        FineGrained.EntityType type = Arrays.stream(FineGrained.EntityType.values())
                .filter(t -> t.wireName().equals(typeName))
                .findFirst()
                .orElseThrow(() -> bad("Unknown entity type '" + typeName + "': use user, org, model, dataset or space."));
        String name = entity.path("name").textValue();
        checkEntityName(type, name);
        Set<String> permissions = new LinkedHashSet<>(strings(entry.path("permissions"), "permissions"));
        if (permissions.isEmpty()) {
            throw bad("The grant on " + typeName + " '" + name + "' lists no permission.");
        }
        for (String permission : permissions) {
            if (!FineGrained.ENTITY_PERMISSIONS.contains(permission)) {
                throw bad("Unknown permission '" + permission + "'. Known: "
                        + String.join(", ", new TreeSet<>(FineGrained.ENTITY_PERMISSIONS)) + ".");
            }
        }
        return new FineGrained.Scoped(type, name, permissions);
    }

    private static void checkEntityName(FineGrained.EntityType type, String name) {
        boolean namespace = type == FineGrained.EntityType.USER || type == FineGrained.EntityType.ORG;
        String[] parts = name.split("/", -1);
        boolean ok = namespace
                ? parts.length == 1 && isNamespace(name)
                : parts.length == 2 && isNamespace(parts[0]) && REPO_NAME.matcher(parts[1]).matches();
        if (!ok) {
            throw bad("'" + name + "' is not a valid " + type.wireName() + " name"
                    + (namespace ? "." : ": use namespace/name."));
        }
    }

    private static boolean isNamespace(String name) {
        try {
            Username.key(name);
            return name.length() >= 1 && name.length() <= 42 && name.matches("[A-Za-z0-9][A-Za-z0-9._-]*");
        } catch (InvalidInputException e) {
            return false;
        }
    }

    private static List<String> strings(JsonNode node, String field) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw bad("'" + field + "' must be a list of strings.");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw bad("'" + field + "' must be a list of strings.");
            }
            values.add(item.textValue());
        }
        return values;
    }

    /** The wire form (also the stored form). */
    public static ObjectNode toJson(FineGrained grants) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode scoped = root.putArray("scoped");
        for (FineGrained.Scoped s : grants.scoped()) {
            ObjectNode entry = scoped.addObject();
            entry.putObject("entity").put("type", s.type().wireName()).put("name", s.name());
            ArrayNode permissions = entry.putArray("permissions");
            s.permissions().forEach(permissions::add);
        }
        ArrayNode global = root.putArray("global");
        grants.global().forEach(global::add);
        root.put("canReadGatedRepos", grants.canReadGatedRepos());
        return root;
    }

    static String toText(FineGrained grants) {
        return toJson(grants).toString();
    }

    public static FineGrained fromText(String text) {
        try {
            return parse(MAPPER.readTree(text));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Stored fine-grained grants are not JSON", e);
        }
    }

    private static InvalidInputException bad(String message) {
        return new InvalidInputException(message);
    }
}
