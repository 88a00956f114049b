package dev.hubkeep.server.auth;

import dev.hubkeep.protocol.TokenFormat;
import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.PasswordHasher;
import dev.hubkeep.server.accounts.SignupRequest;
import dev.hubkeep.server.errors.UnauthenticatedException;
import dev.hubkeep.server.mail.OutboxMailer;
import dev.hubkeep.server.store.Changes;
import dev.hubkeep.server.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of verifying a presented token, on the real verifier over a real SQLite database:
 * a cache hit, a cache miss (one index probe), a malformed token (checksum only), and, as the
 * reference, one raw HMAC-SHA256 of a token with a ready key on the same machine in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TokenVerificationBenchmark {

    private Path dir;
    private Database database;
    private TokenVerifier verifier;
    private String token;
    private String tokenId;
    private String malformed;
    private byte[] tokenBytes;
    private Mac rawMac;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("hubkeep-bench");
        Clock clock = Clock.systemUTC();
        Changes changes = new Changes();
        database = Database.open("jdbc:sqlite:" + dir.resolve("hubkeep.db"), Optional.empty(), Optional.empty());
        OutboxMailer mailer = new OutboxMailer(dir.resolve("outbox"), "bench@localhost", clock);
        AccountService accounts = new AccountService(database, new PasswordHasher(1, 4), mailer, clock, () -> "http://localhost", changes);
        accounts.createByOperator(new SignupRequest("bench", "bench@example.com", "bench password", Optional.empty()), true, false);
        LastUsedRecorder lastUsed = new LastUsedRecorder(database, clock);
        verifier = new TokenVerifier(database, PepperRing.loadOrCreate(dir.resolve("pepper")), lastUsed, clock, changes);
        TokenService tokens = new TokenService(database, verifier, accounts, mailer, clock, GrantChanges.NONE, changes);
        TokenService.Created created = tokens.createByOperator(
                "bench", new NewToken("bench", TokenRole.WRITE, Optional.empty(), Optional.empty(), List.of()));
        token = created.value();
        tokenId = created.token().id();
        malformed = token.substring(0, 42) + (token.charAt(42) == 'a' ? 'b' : 'a');
        tokenBytes = token.getBytes(StandardCharsets.US_ASCII);
        rawMac = Mac.getInstance("HmacSHA256");
        rawMac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
        verifier.verify(token, "127.0.0.1");
        if (TokenFormat.isWellFormed(malformed)) {
            throw new IllegalStateException("the malformed token must fail its checksum");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        database.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Reference: one HMAC-SHA256 over the token with an initialised key. */
    @Benchmark
    public byte[] hmacRaw() {
        return rawMac.doFinal(tokenBytes);
    }

    @Benchmark
    public Object verifyCacheHit() {
        return verifier.verify(token, "127.0.0.1");
    }

    @Benchmark
    public Object verifyMalformed() {
        try {
            return verifier.verify(malformed, "127.0.0.1");
        } catch (UnauthenticatedException expected) {
            return expected;
        }
    }

    /** Each call starts from an empty cache for this token, so it pays the database probe. */
    @State(Scope.Thread)
    public static class Evicted {
        @Setup(Level.Invocation)
        public void evict(TokenVerificationBenchmark bench) {
            bench.verifier.evict(bench.tokenId);
        }
    }

    @Benchmark
    public Object verifyCacheMiss(Evicted evicted) {
        return verifier.verify(token, "127.0.0.1");
    }
}
