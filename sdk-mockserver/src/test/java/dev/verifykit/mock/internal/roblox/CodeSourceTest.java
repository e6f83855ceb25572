package dev.verifykit.mock.internal.roblox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class CodeSourceTest {

    /** Always draws the same numbers, so every code collides with the one before. */
    private static final RandomGenerator STUCK = () -> 0x1234_5678_9ABC_DEF0L;

    @Test
    void sixDigitsUnlessTheyCollideWithAnActiveCode() {
        CodeSource codes = new CodeSource(STUCK, false);
        String first = codes.next(code -> false);
        assertThat(first).matches("[1-9][0-9]{5}");

        String second = codes.next(Set.of(first)::contains);
        assertThat(second).matches("[0-9A-F]{8}").isEqualTo("12345678");
    }

    /** The server draws a 6-digit code, then up to 10 more while they collide, and only then 8 hex characters. */
    @Test
    void elevenSixDigitDrawsBeforeTheHexFallback() {
        CodeSource codes = new CodeSource(STUCK, false);
        int[] asked = {0};

        String afterTenCollisions = codes.next(code -> asked[0]++ < 10);
        asked[0] = 0;
        String afterElevenCollisions = codes.next(code -> asked[0]++ < 11);

        assertThat(afterTenCollisions).matches("[1-9][0-9]{5}");
        assertThat(afterElevenCollisions).matches("[0-9A-F]{8}");
    }

    /** A hex code is drawn again while it collides with an active code, as a 6-digit one is. */
    @Test
    void hexCodesAreDrawnAgainWhileTheyCollide() {
        long[] draws = {0};
        RandomGenerator counting = () -> ++draws[0] << 32; // nextInt() gives 1, 2, 3, ...
        CodeSource codes = new CodeSource(counting, true);

        assertThat(codes.next(Set.of("00000001", "00000002")::contains)).isEqualTo("00000003");
    }

    @Test
    void forcedHexCodes() {
        assertThat(new CodeSource(RandomGenerator.getDefault(), true).next(code -> false)).matches("[0-9A-F]{8}");
    }
}
