package dev.hubkeep.server.scan;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The {@code pickle} engine: finds the pickles a file holds and lists what they import
 * ({@link PickleReader}, which never unpickles). Pickles are found in plain pickle files
 * ({@code .pkl}, {@code .pickle}, joblib dumps, PyTorch's legacy format: one pickle after another),
 * in zip archives ({@code .pkl} members: PyTorch checkpoints {@code .bin}/{@code .pt}/{@code .pth}/
 * {@code .ckpt}, TorchScript; {@code .npy} members of {@code .npz}) and after the header of NumPy
 * {@code .npy} files of object dtype. A file is looked at when its path says it is one of these or
 * its first bytes do (a pickle named {@code .txt} is still a pickle to {@code pickle.load}).
 *
 * <p>Verdict: a dangerous import makes the file infected (even in a broken stream: what came
 * before the fault would have run); an import not on the safe list, suspicious; a file that claims
 * to be a pickle but is not well formed, an error; only safe imports, ok.
 */
final class PickleEngine implements Engine {

    static final String NAME = "pickle";
    static final String NO_PICKLE = "no pickle found";

    private static final Set<String> EXTENSIONS = Set.of("pkl", "pickle", "joblib", "bin", "pt", "pth", "ckpt", "npy", "npz", "dill");
    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] NPY = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Zip members read per archive: a checkpoint has a handful; more is not a checkpoint. */
    private static final int MAX_MEMBERS = 100_000;
    /** Bytes inflated per archive member while reading its pickle: bounds a zip bomb. */
    private static final long MAX_MEMBER_BYTES = 4L << 30;
    private static final Pattern OBJECT_DTYPE = Pattern.compile("'[<>|=]?O\\d*'");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean appliesTo(ScanInput input, byte[] head) {
        return EXTENSIONS.contains(input.extension()) || startsWith(head, ZIP) || startsWith(head, NPY) || isPickleStart(head)
                || head.length > 0 && PROTOCOL_0_STARTS.indexOf(head[0]) >= 0;
    }

    /** The first opcode of most protocol 0 and 1 pickles: MARK, GLOBAL, an empty list, dict or tuple. */
    private static final String PROTOCOL_0_STARTS = "(c]})";

    @Override
    public Finding scan(ScanInput input, byte[] head) throws IOException {
        Analysis analysis = new Analysis();
        // A .bin may be any binary format; a .pkl, or bytes starting with a pickle's PROTO, claim to be a pickle.
        analysis.claimed = EXTENSIONS.contains(input.extension()) && !input.extension().equals("bin") || isPickleStart(head);
        if (startsWith(head, ZIP)) {
            readZip(input, analysis);
        } else if (startsWith(head, NPY)) {
            try (InputStream in = new BufferedInputStream(input.open(), 1 << 16)) {
                readNpy(in, "", analysis);
            }
        } else {
            try (InputStream in = new BufferedInputStream(input.open(), 1 << 16)) {
                readPickles(in, "", analysis);
            }
        }
        return analysis.verdict();
    }

    /** What the pickles of one file imported, and the first fault met. */
    private static final class Analysis {
        final Set<PickleImport> imports = new LinkedHashSet<>();
        Optional<String> problem = Optional.empty();
        /** Complete pickles read. */
        int pickles;
        /** Whether the file (or an archive member) says it is a pickle; else only a complete pickle counts. */
        boolean claimed;

        void add(List<PickleReader.Global> globals) {
            globals.forEach(g -> imports.add(PickleGlobals.classify(g)));
        }

        void fault(String where, String what) {
            if (problem.isEmpty()) {
                problem = Optional.of(where.isEmpty() ? what : where + ": " + what);
            }
        }

        Finding verdict() {
            if (!claimed && pickles == 0) {
                // Text that merely starts like a pickle: nothing would load it as one.
                return new Finding(NAME, ScanStatus.OK, NO_PICKLE, false, List.of());
            }
            List<PickleImport> listed = List.copyOf(imports);
            List<String> dangerous = names(listed, PickleImport.Safety.DANGEROUS);
            List<String> suspicious = names(listed, PickleImport.Safety.SUSPICIOUS);
            if (!dangerous.isEmpty()) {
                return new Finding(NAME, ScanStatus.INFECTED, "dangerous import: " + String.join(", ", dangerous), false, listed);
            }
            if (problem.isPresent()) {
                return new Finding(NAME, ScanStatus.ERROR, "not a well-formed pickle: " + problem.get(), false, listed);
            }
            if (!suspicious.isEmpty()) {
                return new Finding(NAME, ScanStatus.SUSPICIOUS, "imports not known to be safe: " + String.join(", ", suspicious),
                        false, listed);
            }
            return new Finding(NAME, ScanStatus.OK, pickles == 0 ? NO_PICKLE : "", false, listed);
        }

        private static List<String> names(List<PickleImport> imports, PickleImport.Safety safety) {
            return imports.stream().filter(i -> i.safety() == safety).map(PickleImport::qualifiedName).toList();
        }
    }

    /**
     * One pickle after another until the stream ends (PyTorch's legacy format writes five, then raw
     * storage bytes). A fault in the first is the file's; after a complete one, what follows may
     * be raw data, so reading stops there, keeping what the broken stream imported before the fault.
     */
    private static void readPickles(InputStream in, String where, Analysis analysis) throws IOException {
        for (int index = 0; ; index++) {
            PickleReader.Result result = PickleReader.readOne(in);
            if (result.empty()) {
                return;
            }
            analysis.add(result.imports());
            if (result.problem().isPresent()) {
                if (index == 0) {
                    analysis.fault(where, result.problem().get());
                }
                return;
            }
            analysis.pickles++;
        }
    }

    private static void readZip(ScanInput input, Analysis analysis) throws IOException {
        try (ZipFile zip = new ZipFile(input.file().toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            for (int count = 0; entries.hasMoreElements(); count++) {
                if (count == MAX_MEMBERS) {
                    analysis.fault("", "more than " + MAX_MEMBERS + " archive members");
                    return;
                }
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !(name.endsWith(".pkl") || name.endsWith(".npy"))) {
                    continue;
                }
                try (InputStream in = new BufferedInputStream(new Bounded(zip.getInputStream(entry), MAX_MEMBER_BYTES), 1 << 16)) {
                    if (name.endsWith(".pkl")) {
                        analysis.claimed = true;
                        readPickles(in, name, analysis);
                    } else {
                        readNpy(in, name, analysis);
                    }
                } catch (ZipException e) {
                    analysis.fault(name, "unreadable archive member (" + e.getMessage() + ")");
                }
            }
        } catch (ZipException e) {
            if (analysis.claimed) {
                analysis.fault("", "not a readable zip archive (" + e.getMessage() + ")");
            }
        }
    }

    /** A NumPy array file: only an object array holds a pickle, right after the header. */
    private static void readNpy(InputStream in, String where, Analysis analysis) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8 || !startsWith(magic, NPY)) {
            analysis.fault(where, "not a NumPy array file");
            return;
        }
        int major = magic[6];
        byte[] lengthBytes = in.readNBytes(major == 1 ? 2 : 4);
        long headerLength = 0;
        for (int i = lengthBytes.length - 1; i >= 0; i--) {
            headerLength = headerLength << 8 | (lengthBytes[i] & 0xff);
        }
        if (lengthBytes.length < 2 || headerLength > 1 << 20) {
            analysis.fault(where, "a NumPy header that is cut short or too long");
            return;
        }
        byte[] header = in.readNBytes((int) headerLength);
        String text = new String(header, StandardCharsets.ISO_8859_1);
        int fortran = text.indexOf("fortran_order");
        String descr = fortran < 0 ? text : text.substring(0, fortran);
        if (OBJECT_DTYPE.matcher(descr).find()) {
            analysis.claimed = true;
            readPickles(in, where, analysis);
        }
    }

    private static boolean isPickleStart(byte[] head) {
        return head.length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5;
    }

    static boolean startsWith(byte[] head, byte[] prefix) {
        if (head.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (head[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** A stream that ends with an error once it has given {@code limit} bytes. */
    private static final class Bounded extends java.io.FilterInputStream {
        private long left;

        Bounded(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) throws ZipException {
            left -= n;
            if (left < 0) {
                throw new ZipException("it inflates to more than " + MAX_MEMBER_BYTES + " bytes");
            }
        }
    }
}
