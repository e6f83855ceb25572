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

    @Test
    void forcedHexCodes() {
        assertThat(new CodeSource(RandomGenerator.getDefault(), true).next(code -> false)).matches("[0-9A-F]{8}");
    }
}
