package dev.verifykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Review of cfbaceb: {@code Json.write}'s Javadoc says each character {@code Json.printable} escapes
 * is written as a JSON escape "and a parser reads back the same value"; the CHANGELOG says
 * "--json output writes ... lone surrogates from a server as JSON escapes". But {@code write}
 * escapes Moshi's output, and Moshi writes its JSON through okio's {@code writeUtf8}, which replaces
 * every lone surrogate with {@code '?'} before {@code printable} sees it: the value is altered
 * ({@code "a?b"}), while the text output shows {@code a\uD800b}.
 */
class JsonLoneSurrogateTest {
    @Test
    void aLoneSurrogateIsWrittenAsAJsonEscapeAsTheTextOutputShowsIt() {
        String name = "a\ud800b";

        assertThat(Json.printable(name)).as("the text output").isEqualTo("a\\uD800b");
        assertThat(Json.write(Map.of("displayName", name))).as("the --json output")
                .isEqualTo("{\"displayName\":\"a\\uD800b\"}");
    }
}
