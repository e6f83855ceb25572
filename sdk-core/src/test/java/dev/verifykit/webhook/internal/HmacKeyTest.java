package dev.verifykit.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link HmacKey} computes HMAC-SHA256 itself from two pre-hashed pads, so it is held to the
 * standard's own test vectors and to {@code javax.crypto.Mac}, on both of its ways.
 */
class HmacKeyTest {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * RFC 4231, section 4 (test cases 1–4, 6 and 7; case 5 truncates its output), as hex key, hex
     * data and HMAC-SHA-256; checked again with Python's {@code hmac}. Cases 6 and 7 have a
     * 131-byte key, longer than SHA-256's block, which is hashed first.
     */
    @ParameterizedTest(name = "RFC 4231 test case {0}")
    @CsvSource({
        "1, 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b, 4869205468657265,"
                + " b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        "2, 4a656665, 7768617420646f2079612077616e7420666f72206e6f7468696e673f,"
                + " 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        "3, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, " + "dddddddddddddddddddddddddddddddddddddddddddddddddd"
                + "dddddddddddddddddddddddddddddddddddddddddddddddddd,"
                + " 773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
        "4, 0102030405060708090a0b0c0d0e0f10111213141516171819, "
                + "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd,"
                + " 82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
    })
    void matchesTheStandardsVectors(int testCase, String key, String data, String mac) {
        assertVector(HEX.parseHex(key), HEX.parseHex(data), mac);
    }

    @Test
    void hashesAKeyLongerThanABlockFirstAsTheStandardsVectorsDo() {
        byte[] key = new byte[131];
        Arrays.fill(key, (byte) 0xaa);

        assertVector(key, ascii("Test Using Larger Than Block-Size Key - Hash Key First"),
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
        assertVector(key, ascii("This is a test using a larger than block-size key and a larger than block-size data."
                        + " The key needs to be hashed before being used by the HMAC algorithm."),
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
    }

    @Test
    void aKeyOfExactlyOneBlockIsUsedAsItIsAndOneByteMoreIsHashed() {
        // Python's hmac.new(b"k" * n, b"x", hashlib.sha256)
        assertVector(ascii("k".repeat(64)), ascii("x"), "f91c4c403625fb06910ef93999265bbd2d62baeaec6ff36455498cc124fe3e66");
        assertVector(ascii("k".repeat(65)), ascii("x"), "75092ca3ee2b307470c227697b42b3e65376aa3bae98fb5a1f7b7536daa9588a");
    }

    @Test
    void thePlatformsSha256IsClonedSoThePadsAreHashedOnce() {
        assertThat(HmacKey.of("whsec_anything")).isInstanceOf(HmacKey.Precomputed.class);
    }

    @Test
    void agreesWithMacOnEitherWayForKeysPrefixesAndBodiesOfEveryLengthAroundABlock() throws Exception {
        SplittableRandom random = new SplittableRandom(4231);
        for (int keyLength = 1; keyLength <= 140; keyLength += random.nextInt(1, 6)) {
            byte[] key = bytes(random, keyLength);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            HmacKey precomputed = HmacKey.of(key);
            HmacKey byMac = HmacKey.byMac(key);
            for (int bodyLength : new int[] {0, 1, 54, 55, 56, 63, 64, 65, 119, 120, 128, 1024, 4099}) {
                byte[] prefix = bytes(random, random.nextInt(0, 12));
                byte[] body = bytes(random, bodyLength);
                mac.update(prefix);
                byte[] expected = mac.doFinal(body);

                assertThat(precomputed.sign(prefix, body)).as("key %d, body %d", keyLength, bodyLength).isEqualTo(expected);
                assertThat(byMac.sign(prefix, body)).as("key %d, body %d", keyLength, bodyLength).isEqualTo(expected);
            }
        }
    }

    @Test
    void oneKeySignsForManyThreadsAtOnceWithoutMixingTheirMessages() throws Exception {
        HmacKey key = HmacKey.of("whsec_shared_between_threads");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(ascii("whsec_shared_between_threads"), "HmacSHA256"));
        byte[][] bodies = new byte[8][];
        byte[][] expected = new byte[8][];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = bytes(random, 100 + 300 * i);
            expected[i] = mac.doFinal(bodies[i]);
        }
        ExecutorService threads = Executors.newFixedThreadPool(bodies.length);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < bodies.length; i++) {
                int which = i;
                Callable<Integer> signer = () -> {
                    int wrong = 0;
                    for (int n = 0; n < 2_000; n++) {
                        wrong += Arrays.equals(key.sign(new byte[0], bodies[which]), expected[which]) ? 0 : 1;
                    }
                    return wrong;
                };
                results.add(threads.submit(signer));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).as("signatures that differ from Mac's").isZero();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void neverShowsTheKey() {
        assertThat(HmacKey.of("whsec_do_not_print")).hasToString("HmacKey[REDACTED]");
        assertThat(HmacKey.byMac(ascii("whsec_do_not_print"))).hasToString("HmacKey[REDACTED]");
    }

    private static void assertVector(byte[] key, byte[] data, String mac) {
        assertThat(HEX.formatHex(HmacKey.of(key).sign(new byte[0], data))).isEqualTo(mac);
        assertThat(HEX.formatHex(HmacKey.byMac(key).sign(new byte[0], data))).isEqualTo(mac);
        // the same message split between prefix and body
        int half = data.length / 2;
        assertThat(HEX.formatHex(HmacKey.of(key).sign(Arrays.copyOf(data, half), Arrays.copyOfRange(data, half, data.length))))
                .isEqualTo(mac);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(SplittableRandom random, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) random.nextInt(256);
        }
        return out;
    }
}
