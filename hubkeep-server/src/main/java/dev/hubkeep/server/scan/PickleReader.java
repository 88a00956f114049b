package dev.hubkeep.server.scan;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Python pickle stream opcode by opcode (protocols 0 to 5) and lists every global it would
 * import, without ever building an object: {@code GLOBAL} and {@code INST} name theirs inline,
 * {@code STACK_GLOBAL} takes two strings from the stack, so the stack and the memo are followed as
 * far as strings go (a name built through {@code BINPUT}/{@code MEMOIZE} and read back with
 * {@code BINGET} is still seen). Anything an import could be made of that is not a plain string is
 * reported as an unresolved import: the analysis cannot vouch for it.
 *
 * <p>Memory stays bounded whatever the stream: payloads (bytes, long strings) are skipped, not
 * kept; only strings up to {@value #MAX_KEPT_STRING} characters are remembered, and runs of other
 * values on the stack are counted, not stored. Not thread-safe: one reader per stream.
 */
final class PickleReader {

    /** A global the stream imports; {@code module} and {@code name} are null when they could not be told. */
    record Global(String module, String name) {
        boolean resolved() {
            return module != null && name != null;
        }
    }

    /** The stream is not a well-formed pickle (the reason says where). */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    /** Longer strings cannot be a module or attribute name anyone imports; they are skipped. */
    static final int MAX_KEPT_STRING = 1024;
    /** The longest text line an opcode of protocol 0 may carry (an INT, a STRING, a GLOBAL's names). */
    private static final int MAX_LINE = 64 * 1024;
    /** Strings remembered in the memo: beyond this a name read back from the memo counts as unresolved. */
    private static final int MAX_MEMO_STRINGS = 1 << 20;
    /** Other values remembered in the memo (only joblib's array wrappers need them). */
    private static final int MAX_MEMO_VALUES = 4096;

    /** Something on the stack: a string we know, or anything else. */
    static final Object OTHER = new Object();
    private static final Object MARK = new Object();

    private final InputStream in;
    private final Stack stack = new Stack();
    /** Memoized values worth remembering: strings (for STACK_GLOBAL) and the small values {@link Values} tracks. */
    private final Map<Long, Object> memo = new HashMap<>();
    private long memoStrings;
    private long memoSize;
    private final Set<Global> imports = new LinkedHashSet<>();
    private long position;
    private int opcodes;

    private PickleReader(InputStream in) {
        this.in = in;
    }

    /**
     * One pickle read from {@code in} up to and including its {@code STOP} (the stream is left just
     * after it): the globals it imports, and why it is not well formed if it is not. The imports
     * seen before a fault are kept: an unpickler runs each opcode as it reads it, so what came
     * before the fault would have run.
     *
     * @param problem empty for a well-formed pickle
     * @param empty the stream ended before a first opcode: there was no further pickle
     */
    record Result(List<Global> imports, java.util.Optional<String> problem, boolean empty) {}

    static Result readOne(InputStream in) throws IOException {
        PickleReader reader = new PickleReader(in);
        try {
            reader.run();
            return new Result(new ArrayList<>(reader.imports), java.util.Optional.empty(), false);
        } catch (EOFException e) {
            return new Result(List.of(), java.util.Optional.empty(), true);
        } catch (MalformedException e) {
            return new Result(new ArrayList<>(reader.imports), java.util.Optional.of(e.getMessage()), false);
        }
    }

    /** Reads until STOP. */
    private void run() throws IOException, MalformedException {
        while (true) {
            int op = in.read();
            if (op < 0) {
                if (opcodes == 0) {
                    throw new EOFException();
                }
                throw new MalformedException("the pickle ends without a STOP opcode at byte " + position + " (truncated?)");
            }
            position++;
            opcodes++;
            if (op == '.') {
                if (stack.size() < 1) {
                    throw malformed("STOP with an empty stack");
                }
                return;
            }
            step(op);
        }
    }

    private void step(int op) throws IOException, MalformedException {
        switch (op) {
            case '(' -> stack.pushMark();
            case '0' -> stack.pop();
            case '1' -> stack.popToMark();
            case '2' -> stack.push(stack.peek());
            case 'F', 'L', 'P' -> {
                line();
                stack.push(OTHER);
            }
            case 'I' -> stack.push(protocol0Int(line()));
            case 'J' -> stack.push(Values.signed(littleEndian(4), 4));
            case 'K' -> stack.push(littleEndian(1));
            case 'M' -> stack.push(littleEndian(2));
            case 0x8a -> {
                int length = u8();
                if (length <= 7) {
                    stack.push(Values.signed(littleEndian(length), length));
                } else {
                    skipThenPush(length);
                }
            }
            case 'G' -> skipThenPush(8);
            case 'N' -> stack.push(Values.NONE);
            case 0x88 -> stack.push(Boolean.TRUE);
            case 0x89 -> stack.push(Boolean.FALSE);
            case ')' -> stack.push(new Values.Tuple(List.of()));
            case '}' -> stack.push(new Values.Dict());
            case ']', 0x8f -> stack.push(OTHER);
            case 'Q' -> {
                stack.pop();
                stack.push(OTHER);
            }
            case 'R', 0x81 -> {
                Object args = stack.pop();
                Object callable = stack.pop();
                stack.push(callable instanceof Values.Ref ref ? new Values.Obj(ref, args) : OTHER);
            }
            case 'S' -> stack.push(quoted(line()));
            case 'T' -> pushString(u32(), false);
            case 'U' -> pushString(u8(), false);
            case 'V' -> stack.push(kept(line()));
            case 'X' -> pushString(u32(), true);
            case 0x8c -> pushString(u8(), true);
            case 0x8d -> pushString(u64(), true);
            case 'B' -> pushString(u32(), false);
            case 'C' -> pushString(u8(), false);
            case 0x8e, 0x96 -> skipThenPush(u64());
            case 0x8b -> skipThenPush(u32());
            case 'a' -> stack.pop();
            case 'b' -> build();
            case 's' -> {
                Object value = stack.pop();
                Object key = stack.pop();
                if (stack.peek() instanceof Values.Dict dict) {
                    dict.put(key, value);
                }
            }
            case 'u' -> {
                List<Object> items = stack.popToMark();
                if (stack.peek() instanceof Values.Dict dict) {
                    for (int i = 0; i + 1 < items.size(); i += 2) {
                        dict.put(items.get(i), items.get(i + 1));
                    }
                }
            }
            case 'e', 0x90 -> stack.popToMark();
            case 't' -> stack.push(Values.tuple(stack.popToMark()));
            case 'd' -> {
                List<Object> items = stack.popToMark();
                Values.Dict dict = new Values.Dict();
                for (int i = 0; i + 1 < items.size(); i += 2) {
                    dict.put(items.get(i), items.get(i + 1));
                }
                stack.push(dict);
            }
            case 'l', 0x91 -> {
                stack.popToMark();
                stack.push(OTHER);
            }
            case 0x85 -> tuple(1);
            case 0x86 -> tuple(2);
            case 0x87 -> tuple(3);
            case 'c' -> stack.push(imported(named(line(), line())));
            case 'i' -> {
                imported(named(line(), line()));
                stack.popToMark();
                stack.push(OTHER);
            }
            case 'o' -> {
                stack.popToMark();
                stack.push(OTHER);
            }
            case 0x93 -> stackGlobal();
            case 0x92 -> {
                stack.pop();
                stack.pop();
                stack.pop();
                stack.push(OTHER);
            }
            case 0x82 -> extension(u8());
            case 0x83 -> extension(u16());
            case 0x84 -> extension(u32());
            case 'g' -> get(decimal(line()));
            case 'h' -> get(u8());
            case 'j' -> get(u32());
            case 'p' -> put(decimal(line()));
            case 'q' -> put(u8());
            case 'r' -> put(u32());
            case 0x94 -> put(memoSize);
            case 0x80 -> {
                int protocol = u8();
                if (protocol > 5) {
                    throw malformed("unsupported pickle protocol " + protocol);
                }
            }
            case 0x95 -> u64(); // FRAME: only a hint of the frame's length
            case 0x97 -> stack.push(OTHER);
            case 0x98 -> {
                stack.pop();
                stack.push(OTHER);
            }
            default -> throw malformed(String.format("unknown opcode 0x%02x", op));
        }
    }

    private Values.Ref imported(Global global) {
        imports.add(global);
        return global.resolved() ? new Values.Ref(global.module(), global.name()) : null;
    }

    /**
     * BUILD: the state goes to the object below it. joblib's unpickler does more for its array
     * wrapper: right after the wrapper's BUILD, the array's raw bytes follow in the stream (or, for
     * an array of Python objects, a whole pickle), which the wrapper's state says how to skip.
     */
    private void build() throws IOException, MalformedException {
        Object state = stack.pop();
        Object target = stack.peek();
        if (!(target instanceof Values.Obj obj)) {
            return;
        }
        obj.state = state;
        if (obj.type.is("joblib.numpy_pickle", "NumpyArrayWrapper")) {
            skipJoblibArray(obj);
            stack.pop();
            stack.push(OTHER);
        }
    }

    private void skipJoblibArray(Values.Obj wrapper) throws IOException, MalformedException {
        if (!(wrapper.state instanceof Values.Dict state) || !(state.get("dtype") instanceof Values.Obj dtype)
                || !dtype.type.is("numpy", "dtype") || !(dtype.args instanceof Values.Tuple args) || args.items().isEmpty()
                || !(args.items().get(0) instanceof String code)) {
            throw malformed("a joblib array whose dtype cannot be told");
        }
        if (Values.isObjectDtype(code)) {
            // joblib pickles an array of objects as a pickle of its own, read (and run) by the unpickler.
            Result nested = readOne(in);
            imports.addAll(nested.imports());
            if (nested.problem().isPresent() || nested.empty()) {
                throw malformed("a joblib object array whose pickle is not well formed");
            }
            return;
        }
        long itemSize = Values.itemSize(code);
        long count = 1;
        if (itemSize < 0 || !(state.get("shape") instanceof Values.Tuple shape)) {
            throw malformed("a joblib array whose dtype or shape cannot be told");
        }
        for (Object dimension : shape.items()) {
            if (!(dimension instanceof Long n) || n < 0) {
                throw malformed("a joblib array whose shape cannot be told");
            }
            count = Math.multiplyExact(count, n);
        }
        Object alignment = state.get("numpy_array_alignment_bytes");
        if (alignment != null && alignment != Values.NONE) {
            skip(u8()); // one byte tells how many padding bytes follow
        }
        skip(Math.multiplyExact(count, itemSize));
    }

    private static Object protocol0Int(String text) {
        return switch (text) {
            case "00" -> Boolean.FALSE;
            case "01" -> Boolean.TRUE;
            default -> {
                try {
                    yield Long.parseLong(text.strip());
                } catch (NumberFormatException e) {
                    yield OTHER;
                }
            }
        };
    }

    /** An unsigned little-endian number of {@code bytes} bytes. */
    private long littleEndian(int bytes) throws IOException, MalformedException {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value |= (long) u8() << (8 * i);
        }
        return value;
    }

    private void stackGlobal() throws MalformedException {
        Object name = stack.pop();
        Object module = stack.pop();
        if (module instanceof String m && name instanceof String n) {
            stack.push(imported(named(m, n)));
        } else {
            imports.add(new Global(module instanceof String m ? m : null, name instanceof String n ? n : null));
            stack.push(OTHER);
        }
    }

    /**
     * A global named in the stream. A name no Python module or attribute can have fails to import
     * when unpickled, so the stream stops being a pickle there (and binary data that happens to
     * hold a GLOBAL opcode is not taken for an import).
     */
    private Global named(String module, String name) throws MalformedException {
        if (!DOTTED.matcher(module).matches() || !DOTTED.matcher(name).matches()) {
            throw malformed("a global with a name Python cannot import");
        }
        return new Global(module, name);
    }

    private static final java.util.regex.Pattern DOTTED =
            java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    /** EXT1/2/4 import through copyreg's extension registry: what they name is not in the stream. */
    private void extension(long code) {
        imports.add(new Global(null, null));
        stack.push(OTHER);
    }

    private void tuple(int items) throws MalformedException {
        Object[] popped = new Object[items];
        for (int i = items - 1; i >= 0; i--) {
            popped[i] = stack.pop();
        }
        stack.push(Values.tuple(java.util.Arrays.asList(popped)));
    }

    private void get(long index) throws MalformedException {
        if (index < 0 || index >= memoSize && !memo.containsKey(index)) {
            throw malformed("memo index " + index + " read before it was written");
        }
        Object value = memo.get(index);
        stack.push(value != null ? value : OTHER);
    }

    private void put(long index) throws MalformedException {
        if (index < 0) {
            throw malformed("negative memo index");
        }
        Object top = stack.peek();
        boolean kept = top instanceof String ? memoStrings < MAX_MEMO_STRINGS : memo.size() - memoStrings < MAX_MEMO_VALUES;
        Object previous = top != OTHER && kept ? memo.put(index, top) : memo.remove(index);
        if (previous instanceof String) {
            memoStrings--;
        }
        if (top instanceof String && kept) {
            memoStrings++;
        }
        memoSize = Math.max(memoSize, index + 1);
    }

    private void skipThenPush(long bytes) throws IOException, MalformedException {
        skip(bytes);
        stack.push(OTHER);
    }

    private void pushString(long length, boolean utf8) throws IOException, MalformedException {
        if (length > MAX_KEPT_STRING) {
            skip(length);
            stack.push(OTHER);
            return;
        }
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length < length) {
            throw truncated();
        }
        position += length;
        stack.push(new String(bytes, utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
    }

    private static Object kept(String text) {
        return text.length() <= MAX_KEPT_STRING ? text : OTHER;
    }

    /** A protocol 0 STRING argument: a Python literal in single or double quotes. */
    private Object quoted(String literal) throws MalformedException {
        if (literal.length() < 2 || literal.charAt(0) != literal.charAt(literal.length() - 1)
                || (literal.charAt(0) != '\'' && literal.charAt(0) != '"')) {
            throw malformed("a STRING opcode's argument is not quoted");
        }
        String inner = literal.substring(1, literal.length() - 1);
        // Escapes could spell a name in a way we do not decode: then it is not a known string.
        return inner.indexOf('\\') >= 0 ? OTHER : kept(inner);
    }

    private static long decimal(String text) throws MalformedException {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new MalformedException("a memo index is not a number: " + text);
        }
    }

    /** One line of protocol 0 text, without its newline. */
    private String line() throws IOException, MalformedException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw truncated();
            }
            position++;
            if (b == '\n') {
                return line.toString();
            }
            if (line.length() == MAX_LINE) {
                throw malformed("a text argument longer than " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
    }

    private int u8() throws IOException, MalformedException {
        int b = in.read();
        if (b < 0) {
            throw truncated();
        }
        position++;
        return b;
    }

    private int u16() throws IOException, MalformedException {
        return u8() | u8() << 8;
    }

    private long u32() throws IOException, MalformedException {
        return (long) u16() | (long) u16() << 16;
    }

    private long u64() throws IOException, MalformedException {
        long low = u32();
        long high = u32();
        if (high > Integer.MAX_VALUE) {
            throw malformed("a length beyond 2^63");
        }
        return low | high << 32;
    }

    private void skip(long bytes) throws IOException, MalformedException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw truncated();
                }
                skipped = 1;
            }
            left -= skipped;
        }
        position += bytes;
    }

    private MalformedException truncated() {
        return new MalformedException("the pickle is truncated at byte " + position);
    }

    private MalformedException malformed(String what) {
        return new MalformedException(what + " at byte " + position);
    }

    /**
     * The unpickler's stack as far as this analysis needs it: known strings and marks are kept,
     * any other values are counted in runs, so a list of a million numbers costs one entry.
     */
    private final class Stack {
        /** Entries: a String, {@link #MARK}, or a long[1] counting consecutive other values. */
        private final ArrayList<Object> entries = new ArrayList<>();
        private long size;

        long size() {
            return size;
        }

        void push(Object value) {
            if (value == OTHER) {
                if (!entries.isEmpty() && entries.getLast() instanceof long[] run) {
                    run[0]++;
                } else {
                    entries.add(new long[] {1});
                }
            } else {
                entries.add(value);
            }
            size++;
        }

        void pushMark() {
            entries.add(MARK);
        }

        Object peek() throws MalformedException {
            if (entries.isEmpty() || entries.getLast() == MARK) {
                throw malformed("an opcode needs a value but the stack is empty");
            }
            Object top = entries.getLast();
            return top instanceof long[] ? OTHER : top;
        }

        /** Pops the top value (not crossing a mark). */
        Object pop() throws MalformedException {
            Object value = peek();
            Object top = entries.getLast();
            if (top instanceof long[] run && run[0] > 1) {
                run[0]--;
            } else {
                entries.removeLast();
            }
            size--;
            return value;
        }

        /**
         * Pops everything down to the last MARK, and it; returns the values in stack order, or an
         * empty list when there are more than {@value #MAX_TRACKED} (they are not looked into then).
         */
        List<Object> popToMark() throws MalformedException {
            ArrayList<Object> popped = new ArrayList<>();
            boolean tracked = true;
            while (true) {
                if (entries.isEmpty()) {
                    throw malformed("an opcode needs a MARK but there is none");
                }
                Object top = entries.removeLast();
                if (top == MARK) {
                    return tracked ? popped.reversed() : List.of();
                }
                long count = top instanceof long[] run ? run[0] : 1;
                size -= count;
                tracked &= popped.size() + count <= MAX_TRACKED;
                for (long i = 0; tracked && i < count; i++) {
                    popped.add(top instanceof long[] ? OTHER : top);
                }
            }
        }
    }

    /** Values looked into per MARK (tuples, dicts): a joblib array's state has a handful. */
    private static final int MAX_TRACKED = 4096;
}
