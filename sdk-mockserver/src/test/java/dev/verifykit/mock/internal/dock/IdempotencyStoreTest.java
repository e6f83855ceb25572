package dev.verifykit.mock.internal.dock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.mock.internal.JavaScript;
import dev.verifykit.mock.internal.Json;
import org.junit.jupiter.api.Test;

/**
 * An idempotency record keeps a fingerprint of the create's body, not the body (up to 64 KiB each,
 * for every create of a day's quotas), and tells the same JSON apart from other JSON as before.
 */
class IdempotencyStoreTest {
    @Test
    void theFingerprintIsShortAndTheSameForTheSameJsonOnly() {
        Object padded = Json.parse("{\"pid\":\"PID-FREE0001\",\"clientId\":\"u\",\"pad\":\"" + "x".repeat(60_000) + "\"}")
                .orElseThrow();
        Object reordered = Json.parse("{ \"b\": [1, {\"y\": 2, \"x\": 1}], \"a\": null }").orElseThrow();
        Object original = Json.parse("{\"a\":null,\"b\":[1,{\"x\":1,\"y\":2}]}").orElseThrow();
        Object listReordered = Json.parse("{\"a\":null,\"b\":[{\"x\":1,\"y\":2},1]}").orElseThrow();

        assertThat(IdempotencyStore.fingerprint(padded)).hasSize(64);
        assertThat(IdempotencyStore.fingerprint(reordered)).isEqualTo(IdempotencyStore.fingerprint(original));
        assertThat(IdempotencyStore.fingerprint(listReordered)).isNotEqualTo(IdempotencyStore.fingerprint(original));
    }

    /** README: a number past a double's range is written {@code Infinity} / {@code -Infinity} in a fingerprint, not as null. */
    @Test
    void aNumberPastADoublesRangeIsNotTheSameAsNull() {
        Object infinite = JavaScript.jsonParseObject("{\"pid\":\"p\",\"extra\":1e999}").orElseThrow();
        Object negative = JavaScript.jsonParseObject("{\"pid\":\"p\",\"extra\":-1e999}").orElseThrow();
        Object nothing = JavaScript.jsonParseObject("{\"pid\":\"p\",\"extra\":null}").orElseThrow();

        assertThat(IdempotencyStore.fingerprint(infinite)).isNotEqualTo(IdempotencyStore.fingerprint(nothing))
                .isNotEqualTo(IdempotencyStore.fingerprint(negative));
        assertThat(IdempotencyStore.fingerprint(negative)).isNotEqualTo(IdempotencyStore.fingerprint(nothing));
    }
}
