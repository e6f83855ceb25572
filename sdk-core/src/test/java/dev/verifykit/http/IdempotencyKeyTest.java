package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.ValidationException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeyTest {
    @Test
    void randomKeysAre128BitsOfHexAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String key = IdempotencyKey.random().value();
            assertThat(key).matches("[0-9a-f]{32}");
            seen.add(key);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void derivedKeysAreStableAndDependOnEveryPart() {
        IdempotencyKey a = IdempotencyKey.derive("signup", "user_1", 2);
        assertThat(IdempotencyKey.derive("signup", "user_1", 2)).isEqualTo(a);
        assertThat(a.value()).matches("signup-[0-9a-f]{64}");
        assertThat(IdempotencyKey.derive("signup", "user_1", 3)).isNotEqualTo(a);
        assertThat(IdempotencyKey.derive("login", "user_1", 2)).isNotEqualTo(a);
        assertThat(IdempotencyKey.derive("signup", "user_", "12")).isNotEqualTo(IdempotencyKey.derive("signup", "user_1", "2"));
    }

    /**
     * Pinned values, computed outside Java (Python: SHA-256 over the namespace and each part, each as
     * its UTF-8 length in 4 big-endian bytes followed by the bytes): a job restarted after a crash,
     * on this or a later version, must derive the key its first run used, or the service creates a
     * second session.
     */
    @Test
    void derivedKeysMatchValuesComputedOutsideTheSdk() {
        assertThat(IdempotencyKey.derive("signup", "user_123", 2).value())
                .isEqualTo("signup-e7f06584b440c073d036d7bfaa98bc23af069268034dd136ab3d015d682f67d3");
        assertThat(IdempotencyKey.derive("signup").value())
                .isEqualTo("signup-c931c39dd701f221cf085d4804e575a1e764013fb331925a23317f4a6ec8faf5");
        assertThat(IdempotencyKey.derive("a", "bc").value())
                .isEqualTo("a-b534ce16ac9c8b36823f39a395ce8e0e3c7ad9605b82b5444f18cadacd217a5d");
        assertThat(IdempotencyKey.derive("signup", "us\u00e9r_\u2713_\uD83D\uDE00").value()).as("well-formed non-ASCII text")
                .isEqualTo("signup-8d7c863eec47cbc2acf99875a275546632989e03c299d1e307fc614de6508151");
        // Python: part.encode("utf-8", "surrogatepass"), a lone surrogate as its own three bytes
        assertThat(IdempotencyKey.derive("signup", "user\uD800" + "1").value()).as("a lone surrogate")
                .isEqualTo("signup-77bc71a628d02dcebc29ae25dd4758d82b8e96810760cfb5b1dd52aec4a0e155");
        // parts whose lengths need the higher bytes of their 4-byte prefix: 300, 70,000 and 2^24 bytes
        assertThat(IdempotencyKey.derive("export", "x".repeat(300)).value())
                .isEqualTo("export-844b6cea3036cb5df7f232732581ab75865cc5b9f74df84aa6be194794e7edb8");
        assertThat(IdempotencyKey.derive("export", "x".repeat(70_000)).value())
                .isEqualTo("export-3ee5cf49c449b342d42f21c1b2a93c045996185dd1647cb2d3a7e10e17212307");
        assertThat(IdempotencyKey.derive("export", "x".repeat(1 << 24)).value())
                .isEqualTo("export-e076bc043732a9cd1472008febb1b00db848de80dccd0ea0353f760ebe5d92a0");
    }

    /**
     * Each part was hashed as {@code getBytes(UTF_8)}, which writes every lone surrogate as '?': a user
     * id read from JSON with a {@code \ud800} escape derived the key of the user whose id has a '?'
     * there, and Dock answered the second create with the first user's session.
     */
    @Test
    void partsDifferingOnlyInALoneSurrogateDeriveDifferentKeys() {
        IdempotencyKey questionMark = IdempotencyKey.derive("signup", "user?1");
        IdempotencyKey highSurrogate = IdempotencyKey.derive("signup", "user\uD800" + "1");
        IdempotencyKey lowSurrogate = IdempotencyKey.derive("signup", "user\uDC00" + "1");

        assertThat(highSurrogate).as("a lone high surrogate and '?'").isNotEqualTo(questionMark);
        assertThat(lowSurrogate).as("a lone low surrogate and '?'").isNotEqualTo(questionMark);
        assertThat(lowSurrogate).as("two different lone surrogates").isNotEqualTo(highSurrogate);
        assertThat(IdempotencyKey.derive("signup", "\uDC00\uD800")).as("a low then a high surrogate: no pair")
                .isNotEqualTo(IdempotencyKey.derive("signup", "\uD800\uDC00"));
    }

    @Test
    void derivedKeysStayWithinTheLengthLimit() {
        IdempotencyKey key = IdempotencyKey.derive("n".repeat(255), "x");
        assertThat(key.value()).hasSizeLessThanOrEqualTo(255);
        assertThat(IdempotencyKey.of(key.value())).isEqualTo(key);
    }

    @Test
    void ownKeysAreAcceptedWithinTheRules() {
        assertThat(IdempotencyKey.of("verify-user-123").value()).isEqualTo("verify-user-123");
        assertThat(IdempotencyKey.of("a b").toString()).isEqualTo("a b");
        assertThat(IdempotencyKey.of("~!~").value()).as("the first and last printable characters but a space")
                .isEqualTo("~!~");
        assertThat(IdempotencyKey.of("x".repeat(255)).value()).hasSize(255);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " lead", "trail ", "tab\tkey", "naïve", "line\nbreak"})
    void refusesKeysBreakingTheRules(String value) {
        assertThatThrownBy(() -> IdempotencyKey.of(value))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("idempotencyKey"));
    }

    @Test
    void refusesOverlongAndNullKeys() {
        assertThatThrownBy(() -> IdempotencyKey.of("x".repeat(256))).hasMessageContaining("at most 255");
        assertThatThrownBy(() -> IdempotencyKey.of(null)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> IdempotencyKey.derive(" ", "x")).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo("namespace"));
    }

    @Test
    void aNullPartIsRefusedRatherThanHashedAsTheWordNull() {
        // before: derive("signup", null) == derive("signup", "null"), one key for every user whose id was missing
        assertThatThrownBy(() -> IdempotencyKey.derive("signup", "user_1", null)).isInstanceOfSatisfying(
                ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("parts");
                    assertThat(e.rule()).contains("null").contains("2");
                });
        assertThatThrownBy(() -> IdempotencyKey.derive("signup", (Object[]) null)).isInstanceOfSatisfying(
                ValidationException.class, e -> assertThat(e.field()).isEqualTo("parts"));
    }

    /**
     * A part whose text may name the instance (an array, an object without a toString of its own, a
     * record or a list holding an array) gave another key for equal inputs (a restarted job made a
     * second session); only values are taken, anything else is refused, naming it.
     */
    @Test
    void aPartThatIsNotAValueIsRefused() {
        byte[] bytes = "user_1".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        record UserBytes(byte[] value) {}
        for (Object part : new Object[] {bytes, new int[] {1}, new Object(), new UserBytes(bytes), java.util.List.of(bytes)}) {
            assertThatThrownBy(() -> IdempotencyKey.derive("signup", "a", part)).isInstanceOfSatisfying(
                    ValidationException.class, e -> {
                        assertThat(e.field()).isEqualTo("parts");
                        assertThat(e.rule()).contains("part 2").contains(part.getClass().getTypeName());
                    });
        }
        assertThat(IdempotencyKey.derive("signup", "u1", 42, true, 'x', java.util.UUID.nameUUIDFromBytes(new byte[1]),
                java.time.LocalDate.of(2026, 12, 4), java.time.DayOfWeek.FRIDAY, new StringBuilder("sb")))
                .isEqualTo(IdempotencyKey.derive("signup", "u1", 42, true, 'x', java.util.UUID.nameUUIDFromBytes(new byte[1]),
                        java.time.LocalDate.of(2026, 12, 4), java.time.DayOfWeek.FRIDAY, new StringBuilder("sb")));
    }

    /**
     * A refused key names the character that breaks the rule as the SDK's other "character N" rules do,
     * counting from 1: the third character of {@code "ab"} is the control character.
     */
    @Test
    void theRefusedCharacterIsCountedFromOne() {
        assertThatThrownBy(() -> IdempotencyKey.of("ab")).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.rule()).isEqualTo("must be printable ASCII (character 3 is not)"));
        assertThatThrownBy(() -> IdempotencyKey.derive("ésignup", "u1")).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field() + ": " + e.rule()).isEqualTo("namespace: must be printable ASCII (character 1 is not)"));
    }

    /**
     * A part is hashed as its text ({@code String.valueOf}), as the Javadoc says: the number 42 and
     * the text "42" give one key (it said parts that differ give different keys; changing the hash
     * would change every derived key across an upgrade).
     */
    @Test
    void partsAreHashedAsTheirText() {
        assertThat(IdempotencyKey.derive("signup", 42)).isEqualTo(IdempotencyKey.derive("signup", "42"))
                .isEqualTo(IdempotencyKey.derive("signup", 42L));
        assertThat(IdempotencyKey.derive("signup", 42)).isNotEqualTo(IdempotencyKey.derive("signup", 43));
    }
}
