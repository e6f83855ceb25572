package dev.verifykit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code verifykit.*.call-timeout} feeds {@code HttpSettings.callTimeout}, the limit of one attempt
 * of a call (a call against a silent server takes "(1 + retries) × the call timeout plus the
 * backoff"), but its description in the starter's metadata, which the IDE shows, said the opposite:
 * "How long one call may take in all, retries included". An integrator sizing it as a whole-call
 * budget got calls lasting 3 × that plus backoff.
 */
class CallTimeoutPropertyDescriptionTest {
    @Test
    void theCallTimeoutPropertySaysItBoundsEachAttemptNotTheWholeCall() throws Exception {
        String metadata = null;
        for (URL url : Collections.list(getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (text.contains("verifykit.dock.call-timeout")) {
                    metadata = text;
                }
            }
        }
        assertThat(metadata).as("the starter's configuration metadata").isNotNull();
        for (String service : new String[] {"dock", "dokai", "roblox"}) {
            Matcher entry = Pattern.compile("\\{[^{}]*\"name\"\\s*:\\s*\"verifykit\\." + service + "\\.call-timeout\"[^{}]*\\}")
                    .matcher(metadata);
            assertThat(entry.find()).as(service).isTrue();
            assertThat(entry.group()).as("verifykit." + service + ".call-timeout's description")
                    .doesNotContain("retries included").doesNotContain("in all");
        }
    }
}
