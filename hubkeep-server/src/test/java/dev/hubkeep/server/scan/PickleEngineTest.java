package dev.hubkeep.server.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pickle engine on pickles python3 made ({@link PickleFixtures}) and a real torch.save checkpoint. */
class PickleEngineTest {

    @TempDir
    static Path dir;

    private final PickleEngine engine = new PickleEngine();

    @BeforeAll
    static void fixtures() {
        PickleFixtures.build(dir);
    }

    private Finding scan(String name) throws IOException {
        return scan(dir.resolve(name), name);
    }

    private Finding scan(Path file, String path) throws IOException {
        ScanInput input = PickleFixtures.input(file, path);
        byte[] head;
        try (InputStream in = input.open()) {
            head = in.readNBytes(Scanner.HEAD);
        }
        assertThat(engine.appliesTo(input, head)).as("the engine looks at " + path).isTrue();
        return engine.scan(input, head);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void reduceCallingOsSystem_anyProtocol_isInfectedNamingIt(int protocol) throws IOException {
        Finding finding = scan("evil-p" + protocol + ".pkl");

        assertThat(finding.status()).isEqualTo(ScanStatus.INFECTED);
        assertThat(finding.detail()).contains("posix.system");
    }

    @Test
    void osSystemHiddenThroughTheMemoAndStackGlobal_isInfected() throws IOException {
        Finding finding = scan("memo-trick.pkl");

        assertThat(finding.status()).isEqualTo(ScanStatus.INFECTED);
        assertThat(finding.imports()).containsExactly(new PickleImport("os", "system", PickleImport.Safety.DANGEROUS));
    }

    @Test
    void torchSaveCheckpointOfARealModel_isOkWithItsImportsListed() throws IOException {
        Finding finding = scan(PickleFixtures.torchCheckpoint(dir), "pytorch_model.bin");

        assertThat(finding.status()).isEqualTo(ScanStatus.OK);
        assertThat(finding.imports()).extracting(PickleImport::qualifiedName)
                .containsExactly("collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch.FloatStorage");
    }

    @Test
    void zipCheckpointWithMaliciousDataPkl_isInfected() throws IOException {
        assertThat(scan("evil-checkpoint.pt").status()).isEqualTo(ScanStatus.INFECTED);
    }

    @Test
    void truncatedPickle_isAnErrorSayingSo() throws IOException {
        Finding finding = scan("truncated.pkl");

        assertThat(finding.status()).isEqualTo(ScanStatus.ERROR);
        assertThat(finding.detail()).contains("truncated");
    }

    @Test
    void unknownOpcodes_areAnErrorNotACrash() throws IOException {
        assertThat(scan("garbage.pkl").status()).isEqualTo(ScanStatus.ERROR);
    }

    @Test
    void onlySafeImports_isOk() throws IOException {
        Finding finding = scan("safe.pkl");

        assertThat(finding.status()).isEqualTo(ScanStatus.OK);
        assertThat(finding.imports()).extracting(PickleImport::qualifiedName).containsExactly("collections.OrderedDict");
    }

    @Test
    void joblibDumpWithNumericArrays_theRawArrayBytesAreSkipped() throws IOException {
        Finding finding = scan(PickleFixtures.resource(dir, "tiny-model.joblib"), "model.joblib");

        assertThat(finding.status()).isEqualTo(ScanStatus.OK);
        assertThat(finding.imports()).extracting(PickleImport::qualifiedName)
                .contains("joblib.numpy_pickle.NumpyArrayWrapper", "numpy.dtype", "collections.OrderedDict");
    }

    @Test
    void joblibDangerousGlobalAfterAnArray_isInfected() throws IOException {
        assertThat(scan(PickleFixtures.resource(dir, "evil-after-array.joblib"), "model.joblib").status())
                .isEqualTo(ScanStatus.INFECTED);
    }

    @Test
    void joblibObjectArray_itsOwnPickleIsRead() throws IOException {
        assertThat(scan(PickleFixtures.resource(dir, "evil-objects.joblib"), "model.joblib").detail())
                .contains("posix.system");
    }

    @Test
    void joblibDumpOfPlainObjects_isReadAsAPickle() throws IOException {
        assertThat(scan("safe.joblib").status()).isEqualTo(ScanStatus.OK);
    }

    @Test
    void importNotOnTheSafeList_isSuspiciousNamingIt() throws IOException {
        Finding finding = scan("suspicious.pkl");

        assertThat(finding.status()).isEqualTo(ScanStatus.SUSPICIOUS);
        assertThat(finding.detail()).contains("fractions.Fraction");
    }

    @Test
    void legacyTorchFormat_picklesThenRawData_isOk() throws IOException {
        assertThat(scan("legacy.bin").status()).isEqualTo(ScanStatus.OK);
    }

    @Test
    void numpyObjectArray_itsPickleIsRead() throws IOException {
        assertThat(scan("evil-object.npy").status()).isEqualTo(ScanStatus.INFECTED);
    }

    @Test
    void npzArchiveOfObjectArrays_itsMembersAreRead() throws IOException {
        assertThat(scan("evil-arrays.npz").status()).isEqualTo(ScanStatus.INFECTED);
    }

    @Test
    void protocol0PickleNamedTxt_isStillFound() throws IOException {
        assertThat(scan("evil-p0.txt").status()).isEqualTo(ScanStatus.INFECTED);
    }

    @Test
    void proseThatStartsLikeAPickle_isNotAPickle() throws IOException {
        Finding finding = scan("readme.txt");

        assertThat(finding.status()).isEqualTo(ScanStatus.OK);
        assertThat(finding.detail()).isEqualTo(PickleEngine.NO_PICKLE);
    }

    @Test
    void millionsOfValues_keepMemoryBounded() throws IOException {
        // A list of 5 million small ints (protocol 2: MARK, BININT1 × n, APPENDS), written here: 10 MB.
        Path big = dir.resolve("big.pkl");
        byte[] body = new byte[10_000_000];
        for (int i = 0; i < body.length; i += 2) {
            body[i] = 'K';
            body[i + 1] = 7;
        }
        Files.write(big, concat(new byte[] {(byte) 0x80, 2, ']', '('}, body, new byte[] {'e', '.'}));

        assertThat(scan(big, "big.pkl").status()).isEqualTo(ScanStatus.OK);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
