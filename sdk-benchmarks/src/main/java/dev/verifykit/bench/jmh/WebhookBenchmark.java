package dev.verifykit.bench.jmh;

import dev.verifykit.webhook.WebhookSigner;
import dev.verifykit.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code WebhookVerifier.verify(byte[], String)} against the raw JDK work on the same bytes: one
 * {@code Mac} (initialised once, reused by the benchmark thread) over the signed payload and a
 * {@code MessageDigest.isEqual} with the expected signature bytes. The raw side parses no header:
 * it is the floor the verifier is measured against.
 *
 * <p>Schemes: {@code bare} is what Dokai sends (the hex HMAC of the body); {@code timestamped} is
 * {@code t=<seconds>,v1=<hex>} over {@code "<t>.<body>"}, with the tolerance check.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WebhookBenchmark {
    private static final String SECRET = "whsec_benchmark_secret_0123456789";

    @Param({"1024", "65536"})
    public int bodyBytes;

    @Param({"bare", "timestamped"})
    public String scheme;

    private byte[] body;
    private String header;
    private WebhookVerifier verifier;
    private Mac rawMac;
    private byte[] rawPrefix;
    private byte[] rawExpected;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        body = jsonBody(bodyBytes);
        WebhookSigner signer = WebhookSigner.of(SECRET);
        long now = Instant.now().getEpochSecond();
        if (scheme.equals("bare")) {
            header = signer.sign(body);
            rawPrefix = new byte[0];
        } else {
            header = signer.signTimestamped(body, Instant.ofEpochSecond(now));
            rawPrefix = (now + ".").getBytes(StandardCharsets.US_ASCII);
        }
        verifier = WebhookVerifier.builder().secret(SECRET).build();
        rawMac = Mac.getInstance("HmacSHA256");
        rawMac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String hex = header.substring(header.lastIndexOf('=') + 1);
        rawExpected = HexFormat.of().parseHex(hex);
        verifier.verify(body, header);
        if (!raw()) {
            throw new IllegalStateException("the raw HMAC does not match the signer's");
        }
    }

    @Benchmark
    public void sdk() {
        verifier.verify(body, header);
    }

    @Benchmark
    public boolean raw() {
        rawMac.update(rawPrefix);
        byte[] mac = rawMac.doFinal(body);
        return MessageDigest.isEqual(mac, rawExpected);
    }

    /** A Dokai-like JSON event padded to exactly {@code size} bytes. */
    static byte[] jsonBody(int size) {
        String head = "{\"id\":\"ver_0123456789abcdef\",\"event\":\"verification.completed\",\"status\":\"verified\",\"pad\":\"";
        String tail = "\"}";
        StringBuilder out = new StringBuilder(size).append(head);
        while (out.length() < size - tail.length()) {
            out.append((char) ('a' + out.length() % 26));
        }
        return out.append(tail).toString().getBytes(StandardCharsets.UTF_8);
    }
}
