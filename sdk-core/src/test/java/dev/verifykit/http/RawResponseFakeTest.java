package dev.verifykit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A {@link RawResponse} built for a fake (README: "the responses have builders … so your own unit
 * tests can fake VerifyKit") answers {@link RawResponse#header} as the client's own does: "the first
 * value of a header, whatever the case of its name".
 */
class RawResponseFakeTest {
    @Test
    void aFakesHeaderIsFoundWhateverTheCaseOfItsName() {
        RawResponse<String> raw = RawResponse.<String>builder()
                .putHeaders("Retry-After", List.of("5"))
                .putHeaders("x-request-id", List.of("req_1"))
                .value("v").build();

        assertThat(raw.header("Retry-After")).as("the name as the fake gave it").contains("5");
        assertThat(raw.header("retry-after")).as("lower case").contains("5");
        assertThat(raw.header("X-Request-Id")).as("a lower-case name asked in another case").contains("req_1");
    }

    @Test
    void aNullHeaderNameIsRefusedNamingTheArgument() {
        RawResponse<String> raw = RawResponse.<String>builder().value("v").build();

        assertThatThrownBy(() -> raw.header(null)).isInstanceOf(ValidationException.class).hasMessageContaining("name");
    }
}
