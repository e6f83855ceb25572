package dev.verifykit.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.error.ApiError;
import dev.verifykit.error.Service;
import dev.verifykit.http.HttpSettings;
import dev.verifykit.http.RequestOptions;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class RedactionTest {
    private static final String KEY = "dock_test_premium";
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJyb2Jsb3hVc2VySWQiOiIxIn0.c2lnbmF0dXJl";

    @StartStop
    private final MockWebServer server = new MockWebServer();

    @Test
    void secretsAndCredentialsNeverPrintThemselves() {
        Secret secret = Secret.of(KEY);
        assertThat(secret.toString()).doesNotContain(KEY);
        assertThat(Credentials.bearer(secret).toString()).doesNotContain(KEY);
        assertThat(Credentials.header("x-verification-secret", secret).toString()).doesNotContain(KEY);
    }

    @Test
    void redactorMasksKnownSecretsAndJwts() {
        Redactor redactor = new Redactor(List.of(Secret.of(KEY)));
        String text = redactor.redact("key " + KEY + " token " + JWT + " end");
        assertThat(text).doesNotContain(KEY).doesNotContain(JWT).contains("[REDACTED]").endsWith(" end");
        assertThat(redactor.redact("DOCK_TEST_PREMIUM Dock_Test_Premiumdock_test_premium!"))
                .isEqualTo("[REDACTED] [REDACTED][REDACTED]!");
        assertThat(redactor.redact("dock_test_premiu!")).isEqualTo("dock_test_premiu!");
    }

    /**
     * Where a text was cut (its end, or a cut mark), the start of a secret is masked: a JSON path
     * cut to its limit, or a window of a body, showed all of a secret but its last characters.
     */
    @Test
    void theStartOfASecretWhereTheTextWasCutIsMasked() {
        Redactor redactor = new Redactor(List.of(Secret.of(KEY), Secret.of("QZ7K4PMW"), Secret.of("123456")));

        assertThat(redactor.redact("path $.a." + KEY.substring(0, KEY.length() - 1) + "…")).isEqualTo("path $.a.[REDACTED]…");
        assertThat(redactor.redact("code QZ7K…")).isEqualTo("code [REDACTED]…");
        assertThat(redactor.redact("code QZ7…")).as("under half of it: too little to mask").isEqualTo("code QZ7…");
        assertThat(redactor.redact("ends in dock_te…")).as("under 8 characters and half of it").isEqualTo("ends in dock_te…");
        assertThat(redactor.redact("ends in dock_tes…")).isEqualTo("ends in [REDACTED]…");
        // a text not cut keeps its end: a request id ending as a code begins, a key's public prefix
        assertThat(redactor.redact("req_0000123")).isEqualTo("req_0000123");
        assertThat(redactor.redact("keys start with dock_test_premiu")).isEqualTo("keys start with dock_test_premiu");
        assertThat(redactor.redact("a " + KEY.substring(0, 9) + "… more")).as("a mark inside the text is no cut")
                .isEqualTo("a " + KEY.substring(0, 9) + "… more");
    }

    /** A secret holding a shorter one is masked whole, whatever the order the secrets were given in. */
    @Test
    void aSecretHoldingAnotherIsMaskedWhole() {
        Redactor redactor = new Redactor(List.of(Secret.of("inner"), Secret.of("outer-inner-tail")));

        assertThat(redactor.redact("was outer-inner-tail!")).isEqualTo("was [REDACTED]!");
    }

    /** A secret as a gateway or a JSON message may quote it: URL-encoded (+ or %20) or JSON-escaped. */
    @Test
    void aSecretIsMaskedInItsEncodedForms() {
        Redactor redactor = new Redactor(List.of(Secret.of("k+e/y= \"q\"")));

        assertThat(redactor.redact("h=k%2Be%2Fy%3D+%22q%22&x")).isEqualTo("h=[REDACTED]&x");
        assertThat(redactor.redact("h=k%2be%2fy%3d%20%22q%22&x")).isEqualTo("h=[REDACTED]&x");
        assertThat(redactor.redact("{\"m\":\"k+e\\/y= \\\"q\\\"\"}")).isEqualTo("{\"m\":\"[REDACTED]\"}");
    }

    /**
     * A secret as encoders other than Java's quote it: each character as it is or as {@code %XX} (either
     * case, UTF-8 bytes), {@code +} for a space, JSON-escaped, or broken by a line break (a wrapped text).
     */
    @Test
    void aSecretIsMaskedWhicheverEncoderQuotedIt() {
        String secret = "q2+Zx/9L r0=~'\u00e9";
        Redactor redactor = new Redactor(List.of(Secret.of(secret)));
        String[] forms = {
            java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8),
            "q2%2BZx/9L%20r0%3D~%27%C3%A9", // Python urllib.parse.quote
            "q2+Zx%2F9L%20r0=~%27%C3%A9", // Go url.PathEscape
            "q2%2bZx%2f9L%20r0%3d~'%c3%a9", // JavaScript encodeURIComponent, hex in lower case
            "q2+Zx\\/9L r0=~'\\u00E9", // JSON
            "Q2+zX/9l R0=~'\u00c9", // another letter case
            "q2+Zx/9L\r\n r0=~'\u00e9", // wrapped
            "q2+Zx/9L \nr0%3D~'\u00e9",
            "q2+Zx/9\r\n L r0=~'\u00e9", // folded (RFC 5322, HTTP's obsolete line folding)
            "q2+Zx\n\t\t/9L r0=~'\u00e9",
        };
        for (String form : forms) {
            assertThat(redactor.redact("a " + form + " b")).as(form).isEqualTo("a [REDACTED] b");
        }
        assertThat(redactor.redact("q2+Zx/9L\n\n r0=~'\u00e9")).as("two line breaks: not one text wrapped")
                .isEqualTo("q2+Zx/9L\n\n r0=~'\u00e9");
        String farFolded = "q2+Zx\n" + " ".repeat(9) + "/9L r0=~'\u00e9";
        assertThat(redactor.redact(farFolded)).as("a fold of more than 8 spaces: not one text folded").isEqualTo(farFolded);
        assertThat(redactor.redact("q2%2BZx/9L%20r0%3D~%27%C3")).as("cut inside a character").isEqualTo("q2%2BZx/9L%20r0%3D~%27%C3");
        assertThat(new Redactor(List.of(Secret.of("a%41b"))).redact("x a%41b x")).as("a secret holding an escape, as it is")
                .isEqualTo("x [REDACTED] x");
        assertThat(new Redactor(List.of(Secret.of("a%25b"))).redact("x a%25b x a%2525b x")).isEqualTo("x [REDACTED] x [REDACTED] x");
    }

    /** The quick comparison of two ASCII characters finds them alike exactly where the JDK's ignoring case does. */
    @Test
    void aCharacterIsFoundInAnyLetterCaseAsTheJdkComparesThem() {
        for (char secret = 0; secret < 0x180; secret++) {
            Redactor.Known known = new Redactor.Known(String.valueOf(secret));
            for (char text = 0; text < 0x180; text++) {
                boolean alike = String.valueOf(secret).equalsIgnoreCase(String.valueOf(text)) || secret == ' ' && text == '+';
                assertThat(known.matchEnd(String.valueOf(text), 0, 1) == 1).as("U+%04X in U+%04X", (int) secret, (int) text)
                        .isEqualTo(alike);
            }
        }
    }

    /**
     * However a hostile text is made, a secret's masking reads each character of it a bounded number
     * of times per character of the secret (a choice of form is never revisited): counted in reads,
     * not timed.
     */
    @Test
    void maskingASecretReadsEachCharacterOfAHostileTextABoundedNumberOfTimes() {
        String secret = "q2+Zx/9Lr0Pd7bK1mN3vT5yW==";
        Redactor.Known known = new Redactor.Known(secret);
        String[] hostile = {"%71%32%2B%5A%78%2F".repeat(12_000), secret.substring(0, secret.length() - 1).repeat(8_000),
            "q\r\n2\r\n".repeat(30_000), "q\r\n        2\r\n        ".repeat(10_000),
            "\\u0071\\u0032".repeat(15_000), "q".repeat(200_000)};
        for (String text : hostile) {
            CountingText counted = new CountingText(text);
            assertThat(Redactor.masked(counted, known)).isEqualTo(text);
            assertThat(counted.reads).as("characters read for %s characters", text.length())
                    .isLessThanOrEqualTo(16L * secret.length() * text.length());
        }
    }

    @Test
    void aServerMessageEchoingTheKeyOrAJwtIsRedactedInTheException() {
        server.enqueue(new MockResponse.Builder().code(401).body("{\"message\":\"bad key " + KEY + " / " + JWT + "\"}").build());
        ErrorMapper echoing = (response, known, redactor) -> ApiErrors.forStatus(new ApiError(known.service(),
                known.httpStatus(), "INVALID_API_KEY", redactor.redact(response.bodyText()), known.requestId(),
                known.endpoint(), known.retryAfter()));
        try (HttpTransport transport = new HttpTransport(Service.DOCK,
                HttpSettings.builder().baseUrl(server.url("/").toString()).build(), "https://unused.example",
                Credentials.bearer(Secret.of(KEY)), echoing)) {
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                    () -> transport.send(ApiRequest.get("GET /x", "x"), RequestOptions.none()));
            assertThat(thrown.getMessage()).contains("INVALID_API_KEY").doesNotContain(KEY).doesNotContain(JWT);
            assertThat(thrown.toString()).doesNotContain(KEY).doesNotContain(JWT);
        }
    }

    @Test
    void jwtsAreMaskedAsTheirShapeSays() {
        String[][] cases = {
            {JWT, "[REDACTED]"},
            {"a " + JWT + "." + JWT + " b", "a [REDACTED].[REDACTED] b"},
            {"x-" + JWT + ",y", "x-[REDACTED],y"},
            {"eyJab.cd.", "[REDACTED]"},
            {"eyJa.cd.ef", "eyJa.cd.ef"},
            {"eyJab.c.ef", "eyJab.c.ef"},
            {"eyJab.cd", "eyJab.cd"},
            {"eyJeyJeyJ.eyJab.cd.e", "[REDACTED].e"},
            {"eyJeyJeyJ.e.eyJab.cd.", "eyJeyJeyJ.e.[REDACTED]"},
            {"eyJab.cdeyJx.yy.zz", "[REDACTED].zz"},
            {"ey eyJ e", "ey eyJ e"},
        };
        for (String[] c : cases) {
            assertThat(Redactor.maskedJwts(c[0])).as(c[0]).isEqualTo(c[1]);
        }
        java.util.Random random = new java.util.Random(7);
        java.util.regex.Pattern shape = java.util.regex.Pattern.compile(
                "eyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*");
        String[] parts = {"eyJ", "e", "y", "J", "a", ".", "-", " ", "_"};
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(16); k > 0; k--) {
                text.append(parts[random.nextInt(parts.length)]);
            }
            assertThat(Redactor.maskedJwts(text)).as(text.toString()).isEqualTo(shape.matcher(text).replaceAll("[REDACTED]"));
        }
    }

    /**
     * A server's text of many {@code eyJ} (a hostile message or request id) is read a few times
     * over, not once from each {@code eyJ}: counted in reads, not timed. The regular expression used before read
     * 30,000 of them 2.7 billion times (it scanned the rest of the run from each).
     */
    @Test
    void maskingReadsEachCharacterOfAHostileTextAFewTimes() {
        String[] hostile = {"eyJ".repeat(30_000), "eyJab.".repeat(15_000), "eyJab.cd".repeat(10_000) + ".",
            "eyJ".repeat(30_000) + ".ab.cd"};
        for (String text : hostile) {
            CountingText counted = new CountingText(text);
            String masked = Redactor.maskedJwts(counted);
            assertThat(counted.reads).as("characters read for %s characters", text.length()).isLessThanOrEqualTo(4L * text.length());
            assertThat(masked.length()).isPositive();
        }
    }

    /** Counts what a reader reads. */
    private static final class CountingText implements CharSequence {
        private final String text;
        long reads;

        CountingText(String text) {
            this.text = text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            reads++;
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            reads += end - start;
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
