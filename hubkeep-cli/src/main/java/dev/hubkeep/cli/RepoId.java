package dev.hubkeep.cli;

/** A repository as the commands name it: {@code ns/name} and its type (model, dataset, space). */
public record RepoId(String type, String namespace, String name) {

    public static RepoId parse(String id, String type) {
        String[] parts = id.split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("A repository is named namespace/name, not '" + id + "'.");
        }
        if (!type.equals("model") && !type.equals("dataset") && !type.equals("space")) {
            throw new IllegalArgumentException("--type is model, dataset or space, not '" + type + "'.");
        }
        return new RepoId(type, parts[0], parts[1]);
    }

    public String id() {
        return namespace + "/" + name;
    }

    /** {@code /api/models/ns/name} and the like. */
    public String api() {
        return "/api/" + type + "s/" + id();
    }

    /** {@code /ns/name} for models, {@code /datasets/ns/name} otherwise: where files and git live. */
    public String web() {
        return (type.equals("model") ? "" : "/" + type + "s") + "/" + id();
    }

    /** The folder name of the Hub's cache: {@code models--ns--name}. */
    public String cacheFolder() {
        return type + "s--" + namespace + "--" + name;
    }
}
