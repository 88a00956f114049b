package dev.hubkeep.server.scan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Pickles and archives made by the real {@code python3} (its own pickle, zipfile and pickletools
 * modules, no third-party package) into a temporary folder: what each file is, is told in the
 * script. The PyTorch checkpoint is the committed {@code scan/tiny-state-dict.pt} (see the README
 * beside it). Nothing here is ever unpickled: the script only dumps.
 */
final class PickleFixtures {

    /** Each fixture the script writes, by file name. */
    static final String SCRIPT = """
            import collections, fractions, io, os, pickle, pickletools, struct, sys, zipfile
            out = sys.argv[1]

            class Evil:
                def __reduce__(self):
                    return (os.system, ("echo pwned",))

            def write(name, data):
                with open(os.path.join(out, name), "wb") as f:
                    f.write(data)

            for protocol in range(0, 6):
                write("evil-p%d.pkl" % protocol, pickle.dumps(Evil(), protocol=protocol))

            # os.system named through the memo: the two strings are memoized, popped, read back, then STACK_GLOBAL.
            memo = (b"\\x80\\x04" + b"\\x8c\\x02os\\x94" + b"\\x8c\\x06system\\x94" + b"00"
                    + b"h\\x00h\\x01\\x93" + b"\\x8c\\x0aecho pwned\\x85R.")
            pickletools.dis(memo, out=io.StringIO())  # a well-formed stream, as Python reads it
            write("memo-trick.pkl", memo)

            safe = {"weights": [1.5, 2.5], "names": collections.OrderedDict(a=1), "n": 3, "s": "text" * 10}
            write("safe.pkl", pickle.dumps(safe, protocol=4))
            write("safe.joblib", pickle.dumps(safe, protocol=2))
            write("suspicious.pkl", pickle.dumps(fractions.Fraction(1, 3), protocol=2))
            write("truncated.pkl", pickle.dumps(safe, protocol=4)[:-7])
            write("garbage.pkl", b"\\x80\\x04\\xff\\xfe not a pickle")
            write("evil-p0.txt", pickle.dumps(Evil(), protocol=0))
            write("readme.txt", b"(This file starts like a pickle but is prose.)\\n")

            # PyTorch's legacy format: pickles one after another, then raw storage bytes.
            legacy = b"".join(pickle.dumps(x, protocol=2) for x in (0x1950a86a20f9469cfc6c, 1001, {"little_endian": True}))
            legacy += pickle.dumps(collections.OrderedDict(w=1), protocol=2) + pickle.dumps(["0"], protocol=2)
            write("legacy.bin", legacy + struct.pack("<q", 3) + b"\\x00" * 12)

            # A zip checkpoint laid out as torch.save writes it, with a malicious data.pkl.
            with zipfile.ZipFile(os.path.join(out, "evil-checkpoint.pt"), "w") as z:
                z.writestr("archive/data.pkl", pickle.dumps(Evil(), protocol=2))
                z.writestr("archive/version", "3\\n")
                z.writestr("archive/data/0", b"\\x00" * 16)

            # A NumPy .npy of object dtype: its data is a pickle (written by hand: no numpy here).
            header = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }"
            header += " " * (63 - (10 + len(header)) % 64) + "\\n"
            npy = b"\\x93NUMPY\\x01\\x00" + struct.pack("<H", len(header)) + header.encode() + pickle.dumps([Evil()], protocol=3)
            write("evil-object.npy", npy)
            with zipfile.ZipFile(os.path.join(out, "evil-arrays.npz"), "w") as z:
                z.writestr("a.npy", npy)
            """;

    private PickleFixtures() {}

    /** Runs the script with python3 into {@code dir}. */
    static void build(Path dir) {
        try {
            Path script = dir.resolve("make_fixtures.py");
            Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
            Process process = new ProcessBuilder("python3", script.toString(), dir.toString()).redirectErrorStream(true).start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("python3 could not build the fixtures: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The committed PyTorch checkpoint, copied out of the test resources. */
    static Path torchCheckpoint(Path dir) {
        return resource(dir, "tiny-state-dict.pt");
    }

    /** A committed fixture (see the README beside them), copied out of the test resources. */
    static Path resource(Path dir, String name) {
        try (InputStream in = PickleFixtures.class.getResourceAsStream("/scan/" + name)) {
            Path file = dir.resolve("resource-" + name);
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file on disk as the engines see a scanned file, named as at {@code path}. */
    static ContentSource.OpenedInput input(Path file, String path) {
        return new ContentSource.OpenedInput() {
            @Override
            public long size() {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public Optional<String> path() {
                return Optional.of(path);
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public Path file() {
                return file;
            }

            @Override
            public Optional<String> knownSha256() {
                return Optional.empty();
            }

            @Override
            public void close() {}
        };
    }
}
