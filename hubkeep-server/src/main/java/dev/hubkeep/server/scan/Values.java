package dev.hubkeep.server.scan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The few kinds of value {@link PickleReader} follows besides strings: small integers, booleans,
 * None, short tuples, dicts with string keys, references to globals and the objects built from them
 * (with their BUILD state). Enough to read a joblib array wrapper's dtype and shape; anything else
 * is "some other value".
 */
final class Values {

    static final Object NONE = new Object();
    /** Longer tuples are not looked into. */
    private static final int MAX_TUPLE = 64;
    /** Keys kept per dict. */
    private static final int MAX_DICT = 32;

    private Values() {}

    /** A global, as a value (the callable of a REDUCE, the class of a NEWOBJ). */
    record Ref(String module, String name) {
        boolean is(String m, String n) {
            return module.equals(m) && name.equals(n);
        }
    }

    record Tuple(List<Object> items) {}

    /** An object a REDUCE or NEWOBJ built from a global, with what BUILD gave it. */
    static final class Obj {
        final Ref type;
        final Object args;
        Object state;

        Obj(Ref type, Object args) {
            this.type = type;
            this.args = args;
        }
    }

    static final class Dict {
        private final Map<String, Object> entries = new HashMap<>();

        void put(Object key, Object value) {
            if (key instanceof String k && (entries.size() < MAX_DICT || entries.containsKey(k))) {
                entries.put(k, value);
            }
        }

        Object get(String key) {
            return entries.get(key);
        }
    }

    static Object tuple(List<Object> items) {
        return items.size() <= MAX_TUPLE ? new Tuple(List.copyOf(items)) : PickleReader.OTHER;
    }

    /** A two's complement little-endian integer of {@code bytes} bytes (BININT, LONG1). */
    static long signed(long unsigned, int bytes) {
        if (bytes == 0) {
            return 0;
        }
        long signBit = 1L << (8 * bytes - 1);
        return (unsigned ^ signBit) - signBit;
    }

    /** Whether a NumPy dtype code ('O', '|O') holds Python objects. */
    static boolean isObjectDtype(String code) {
        return stripOrder(code).startsWith("O");
    }

    /** Bytes per element of a NumPy dtype code ('f8', '<i4', 'b1', 'U10', 'M8[ns]'); -1 if not one. */
    static long itemSize(String code) {
        String c = stripOrder(code);
        if (c.isEmpty()) {
            return -1;
        }
        if (c.equals("?")) {
            return 1;
        }
        char kind = c.charAt(0);
        String digits = c.substring(1).replaceAll("\\[.*]$", "");
        long n;
        try {
            n = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
        return switch (kind) {
            case 'b', 'i', 'u', 'f', 'c', 'S', 'a', 'V', 'M', 'm' -> n;
            case 'U' -> 4 * n;
            default -> -1;
        };
    }

    private static String stripOrder(String code) {
        return code.isEmpty() || "<>|=".indexOf(code.charAt(0)) < 0 ? code : code.substring(1);
    }
}
