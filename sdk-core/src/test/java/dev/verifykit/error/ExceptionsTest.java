package dev.verifykit.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.verifykit.dock.CreateSessionParams;
import dev.verifykit.http.internal.ApiErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExceptionsTest {
    /**
     * {@code ValidationException}'s Javadoc sample shows the field and the rule of a blank pid as
     * comments ({@code e.field(); // "pid"}, {@code e.rule(); // "…"}): they are what the sample gets. The
     * rule shown was "must not be blank"; the sample gets "is required and must not be blank".
     */
    @Test
    void theJavadocSampleShowsTheFieldAndTheRuleItGets() throws IOException {
        String javadoc = Files.readString(
                Path.of("src/main/java/dev/verifykit/error/ValidationException.java"));
        Matcher field = Pattern.compile("e\\.field\\(\\); // \"([^\"]*)\"").matcher(javadoc);
        Matcher rule = Pattern.compile("e\\.rule\\(\\); +// \"([^\"]*)\"").matcher(javadoc);
        assertThat(field.find() && rule.find()).as("the sample's comments").isTrue();

        ValidationException refused = catchThrowableOfType(ValidationException.class,
                () -> CreateSessionParams.builder().pid(" ").clientId("user_1").build());

        assertThat(refused.field()).isEqualTo(field.group(1));
        assertThat(refused.rule()).as("the rule the sample shows").isEqualTo(rule.group(1));
    }

    @ParameterizedTest
    @CsvSource({"400,InvalidRequestException", "422,InvalidRequestException", "401,AuthenticationException",
            "403,PermissionException", "404,NotFoundException", "409,ConflictException", "429,RateLimitException",
            "500,ServerException", "502,ServerException", "503,ServerException", "418,ApiException",
            "408,ApiException"})
    void eachStatusMapsToItsType(int status, String type) {
        ApiException e = ApiErrors.forStatus(ApiError.of(Service.DOCK, status, "CODE", "text"));
        assertThat(e.getClass().getSimpleName()).isEqualTo(type);
        assertThat(e.httpStatus()).isEqualTo(status);
    }

    @Test
    void apiExceptionsCarryEverythingTheServiceSaid() {
        ApiError error = new ApiError(Service.ROBLOX, 429, "TOO_MANY_REQUESTS", "Rate limit hit. Try again in 12s.",
                "req_1", "auth.checkVerification", Duration.ofSeconds(12));
        RateLimitException e = new RateLimitException(error);
        assertThat(e.service()).contains(Service.ROBLOX);
        assertThat(e.code()).contains("TOO_MANY_REQUESTS");
        assertThat(e.serviceMessage()).contains("Rate limit hit. Try again in 12s.");
        assertThat(e.endpoint()).contains("auth.checkVerification");
        assertThat(e.requestId()).contains("req_1");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
        assertThat(e.error()).isEqualTo(error);
        assertThat(e.getMessage()).isEqualTo(
                "roblox: HTTP 429 TOO_MANY_REQUESTS: Rate limit hit. Try again in 12s. [auth.checkVerification] (request req_1)");
    }

    @Test
    void missingPartsAreEmptyNotNull() {
        ApiException e = new ApiException(ApiError.of(Service.DOKAI, 418, null, null));
        assertThat(e.code()).isEmpty();
        assertThat(e.serviceMessage()).isEmpty();
        assertThat(e.endpoint()).isEmpty();
        assertThat(e.requestId()).isEmpty();
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.getMessage()).isEqualTo("dokai: HTTP 418");
    }

    @Test
    void otherExceptionsDescribeThemselves() {
        ValidationException v = new ValidationException("guildId", "must be a Discord snowflake (17 to 20 digits)");
        assertThat(v.getMessage()).isEqualTo("guildId: must be a Discord snowflake (17 to 20 digits)");
        assertThat(v.service()).isEmpty();

        PollCapException cap = new PollCapException(Service.DOCK, 60, 59);
        assertThat(cap.limit()).isEqualTo(60);
        assertThat(cap.attempts()).isEqualTo(59);
        assertThat(cap).isInstanceOf(WaitException.class).hasMessageContaining("60");

        assertThat(new WaitCancelledException(Service.DOKAI, 2).getMessage()).isEqualTo("dokai: the wait was cancelled");
        assertThat(new WaitTimeoutException(Service.DOCK, "late", 3, null).attempts()).isEqualTo(3);

        MalformedResponseException m = new MalformedResponseException(Service.DOCK, 200, "bad", "req_2", null);
        assertThat(m.httpStatus()).isEqualTo(200);
        assertThat(m.requestId()).contains("req_2");

        WebhookVerificationException w = new WebhookVerificationException(
                WebhookVerificationException.Reason.REPLAYED, "already accepted");
        assertThat(w.reason()).isEqualTo(WebhookVerificationException.Reason.REPLAYED);
        assertThat(Service.DOCK.label()).isEqualTo("dock");
    }
}
