package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.error.ValidationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BaseUrlsTest {
    @ParameterizedTest
    @ValueSource(strings = {"https://api.docksys.xyz", "https://api.dokai.dev/", "http://localhost:8080/dock",
            "http://127.0.0.1:9/roblox", "http://[::1]:80/x"})
    void acceptsHttpsAndLoopbackHttp(String url) {
        assertThat(BaseUrls.parse(url)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://api.docksys.xyz", "http://10.0.0.1/", "http://localhost.evil.example/",
        "http://app.localhost/"})
    void refusesPlainHttpElsewhere(String url) {
        assertThatThrownBy(() -> BaseUrls.parse(url))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("baseUrl");
                    assertThat(e.rule()).contains("https");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "api.docksys.xyz", "ftp://x.example", "https://x.example/?a=1", "https://x.example/#f"})
    void refusesWhatIsNotABaseUrl(String url) {
        assertThatThrownBy(() -> BaseUrls.parse(url)).isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("baseUrl: ");
    }
}
