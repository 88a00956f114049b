package dev.hubkeep.server.scan;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * How fast the pickle and safetensors engines classify model files (goal: at least 200 MB/s of
 * file, so a 7 GB checkpoint takes well under a minute), beside a plain sequential read of the same
 * file in the same run. The files are made here: a PyTorch-style zip checkpoint (a data.pkl naming
 * one storage per tensor, the storages stored uncompressed), a plain pickle whose arrays are
 * BINBYTES8 payloads (as protocol 4+ writes large buffers), and a safetensors file. The last rows
 * run the whole scanner (builtin, pickle, safetensors, and the secret finder, which reads every byte).
 *
 * <p>Usage: {@code bench/run-scan-bench [MiB per file, default 512]}.
 */
public final class ScanThroughputBench {

    private static final int TENSORS = 400;
    private static final int ROUNDS = 5;

    private ScanThroughputBench() {}

    public static void main(String[] args) throws IOException {
        long size = (args.length > 0 ? Long.parseLong(args[0]) : 512) << 20;
        Path dir = Files.createTempDirectory("hubkeep-scan-bench");
        try {
            Path checkpoint = torchZip(dir.resolve("pytorch_model.bin"), size);
            Path pickle = bigPickle(dir.resolve("arrays.pkl"), size);
            Path safetensors = safetensors(dir.resolve("model.safetensors"), size);
            Scanner whole = new Scanner(List.of(new BuiltinEngine(Set.of()), new PickleEngine(), new SafetensorsEngine()));
            System.out.printf("%-34s %12s %12s%n", "what", "MB/s", "ms per file");
            report("raw read, zip checkpoint", checkpoint, ScanThroughputBench::readAll);
            report("pickle engine, zip checkpoint", checkpoint, file -> engine(new PickleEngine(), file, "pytorch_model.bin"));
            report("raw read, pickle with arrays", pickle, ScanThroughputBench::readAll);
            report("pickle engine, pickle with arrays", pickle, file -> engine(new PickleEngine(), file, "arrays.pkl"));
            report("raw read, safetensors", safetensors, ScanThroughputBench::readAll);
            report("safetensors engine", safetensors, file -> engine(new SafetensorsEngine(), file, "model.safetensors"));
            report("whole scanner, zip checkpoint", checkpoint, file -> whole.scan(input(file, "pytorch_model.bin")).report());
            report("whole scanner, safetensors", safetensors, file -> whole.scan(input(file, "model.safetensors")).report());
            System.out.println("\nGoal: the pickle and safetensors engines at >= 200 MB/s of model file.");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @FunctionalInterface
    private interface Work {
        Object run(Path file) throws IOException;
    }

    /** The best of a few rounds (the first warms up the JIT and the page cache). */
    private static void report(String what, Path file, Work work) throws IOException {
        long best = Long.MAX_VALUE;
        Object result = null;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            result = work.run(file);
            best = Math.min(best, System.nanoTime() - start);
        }
        double megabytes = Files.size(file) / 1e6;
        System.out.printf("%-34s %12.0f %12.1f   %s%n", what, megabytes / (best / 1e9), best / 1e6, summary(result));
    }

    private static String summary(Object result) {
        if (result instanceof Finding finding) {
            return finding.status().wireName() + (finding.imports().isEmpty() ? "" : ", " + finding.imports().size() + " imports");
        }
        if (result instanceof ScanReport report) {
            return report.status().wireName();
        }
        return "";
    }

    private static Finding engine(Engine engine, Path file, String path) throws IOException {
        ScanInput input = input(file, path);
        byte[] head;
        try (InputStream in = input.open()) {
            head = in.readNBytes(Scanner.HEAD);
        }
        return engine.scan(input, head);
    }

    private static Long readAll(Path file) throws IOException {
        long total = 0;
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
            }
        }
        return total;
    }

    private static ScanInput input(Path file, String path) {
        return new ScanInput() {
            @Override
            public long size() {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
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
                return Optional.of("0".repeat(64));
            }
        };
    }

    /** A checkpoint as torch.save lays it out: archive/data.pkl, then one stored member per tensor. */
    private static Path torchZip(Path file, long size) throws IOException {
        long perTensor = size / TENSORS;
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            stored(zip, "archive/data.pkl", statePickle(perTensor));
            stored(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            byte[] tensor = random((int) perTensor);
            for (int i = 0; i < TENSORS; i++) {
                stored(zip, "archive/data/" + i, tensor);
            }
        }
        return file;
    }

    private static void stored(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    /** An OrderedDict of tensors rebuilt from persistent storages, in protocol 2 as torch writes it. */
    private static byte[] statePickle(long perTensor) {
        PickleBytes p = new PickleBytes();
        p.op(0x80).op(2).global("collections", "OrderedDict").op(')').op('R').op('(');
        for (int i = 0; i < TENSORS; i++) {
            p.unicode("layer." + i + ".weight").global("torch._utils", "_rebuild_tensor_v2").op('(').op('(')
                    .unicode("storage").global("torch", "FloatStorage").unicode(Integer.toString(i)).unicode("cpu")
                    .binint((int) (perTensor / 4)).op('t').op('Q').binint(0).binint((int) (perTensor / 4)).op(0x85)
                    .binint(1).op(0x85).op(0x89).global("collections", "OrderedDict").op(')').op('R').op('t').op('R');
        }
        return p.op('u').op('.').bytes();
    }

    /** A list of arrays written as BINBYTES8 payloads (what pickle protocol 4+ does with large buffers). */
    private static Path bigPickle(Path file, long size) throws IOException {
        long perArray = size / TENSORS;
        byte[] payload = random((int) perArray);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new PickleBytes().op(0x80).op(4).op(']').op('(').bytes());
            for (int i = 0; i < TENSORS; i++) {
                out.write(new PickleBytes().global("numpy", "ndarray").op(0x8e).u64(perArray).bytes());
                out.write(payload);
                out.write(new PickleBytes().op(0x85).op('R').bytes());
            }
            out.write(new PickleBytes().op('e').op('.').bytes());
        }
        return file;
    }

    private static Path safetensors(Path file, long size) throws IOException {
        long perTensor = size / TENSORS / 4 * 4;
        StringBuilder header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        for (int i = 0; i < TENSORS; i++) {
            header.append(",\"layer.").append(i).append(".weight\":{\"dtype\":\"F32\",\"shape\":[").append(perTensor / 4)
                    .append("],\"data_offsets\":[").append(i * perTensor).append(',').append((i + 1) * perTensor).append("]}");
        }
        byte[] json = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        byte[] tensor = random((int) perTensor);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            out.write(json);
            for (int i = 0; i < TENSORS; i++) {
                out.write(tensor);
            }
        }
        return file;
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    /** Pickle opcodes, written by hand. */
    private static final class PickleBytes {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        PickleBytes op(int opcode) {
            out.write(opcode);
            return this;
        }

        PickleBytes global(String module, String name) {
            out.writeBytes(("c" + module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        PickleBytes unicode(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            out.write('X');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length).array());
            out.writeBytes(bytes);
            return this;
        }

        PickleBytes binint(int value) {
            out.write('J');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
            return this;
        }

        PickleBytes u64(long value) {
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
