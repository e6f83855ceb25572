package dev.verifykit.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.verifykit.error.WebhookVerificationException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The timestamped form is read two ways: the form senders write by a short path, anything else by
 * the general loop. Whatever the short path reads, the general loop must read the same way.
 */
class SignatureHeaderTest {
    private static final String HEX = "0123456789abcdef".repeat(4);

    @Test
    void theFormSendersWriteTakesTheShortPathAndReadsAsTheGeneralLoopReadsIt() {
        for (String value : List.of("t=1764700000,v1=" + HEX, "t=0,v1=" + HEX, "t=000000000000000042,v1=" + HEX,
                "t=999999999999999999,v1=" + HEX, "t=1,v1=" + HEX.toUpperCase())) {
            SignatureHeader usual = SignatureHeader.usualTimestamped(value);

            assertThat(usual).as(value).isNotNull();
            assertSame(value, usual, SignatureHeader.anyTimestamped(value));
            assertThat(SignatureHeader.parse(value).timestamp()).isEqualTo(usual.timestamp());
        }
    }

    @Test
    void anythingElseIsLeftToTheGeneralLoop() {
        for (String value : List.of("T=1,v1=" + HEX, "t=1,V1=" + HEX, "t=1,v1=" + HEX + ",v0=x", "v1=" + HEX + ",t=1",
                "t=,v1=" + HEX, "t=1x,v1=" + HEX, "t=+1,v1=" + HEX, "t=1234567890123456789,v1=" + HEX,
                "t=1,v1=" + HEX.substring(1) + ",", "t=1,v1=" + HEX.substring(2) + ",x", "t=1,v1=" + HEX + "0",
                "t=1,v1=" + HEX.substring(1), "t=1;v1=" + HEX, "t=1,v2=" + HEX)) {
            assertThat(SignatureHeader.usualTimestamped(value)).as(value).isNull();
        }
    }

    @Test
    void onMutatedHeadersTheShortPathNeverDisagreesWithTheGeneralLoop() {
        SplittableRandom random = new SplittableRandom(22);
        String alphabet = "t=v1,0123456789abcdefABCDEF .;é\u0001";
        int shortPath = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder value = new StringBuilder("t=" + random.nextLong(0, Long.MAX_VALUE) % (long) Math.pow(10, random.nextInt(1, 20))
                    + ",v1=" + HEX);
            for (int edits = random.nextInt(0, 3); edits > 0; edits--) {
                int at = random.nextInt(0, value.length() + 1);
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> value.insert(at, c);
                    case 1 -> { if (at < value.length()) value.setCharAt(at, c); }
                    default -> { if (at < value.length()) value.deleteCharAt(at); }
                }
            }
            String text = value.toString();
            SignatureHeader usual = SignatureHeader.usualTimestamped(text);
            if (usual != null) {
                shortPath++;
                assertSame(text, usual, SignatureHeader.anyTimestamped(text));
            }
        }
        assertThat(shortPath).as("values that took the short path").isGreaterThan(10_000);
    }

    @Test
    void aValueTheShortPathLeavesIsStillRefusedForWhatIsWrongWithIt() {
        Throwable refused = catchThrowable(() -> SignatureHeader.parse("t=12a,v1=" + HEX));

        assertThat(refused).isInstanceOf(WebhookVerificationException.class)
                .hasMessageContaining("t= timestamp that is not whole unix seconds");
    }

    private static void assertSame(String value, SignatureHeader usual, SignatureHeader general) {
        assertThat(general.scheme()).as(value).isEqualTo(usual.scheme());
        assertThat(general.timestamp()).as(value).isEqualTo(usual.timestamp());
        assertThat(general.signedPrefix()).as(value).isEqualTo(usual.signedPrefix());
        assertThat(signatureStarts(general)).as(value).isEqualTo(signatureStarts(usual));
    }

    private static List<Integer> signatureStarts(SignatureHeader header) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < header.signatureCount(); i++) {
            starts.add(header.signatureStart(i));
        }
        return starts;
    }
}
