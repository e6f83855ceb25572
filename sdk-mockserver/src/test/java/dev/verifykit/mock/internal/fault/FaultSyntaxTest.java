package dev.verifykit.mock.internal.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verifykit.mock.MockFault;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The compact rule syntax as the module README documents it ("Compact syntax", the fault kinds' table):
 * each option read into the fault it names, quoted values, and a malformed rule refused naming the part.
 */
class FaultSyntaxTest {

    @Test
    void processedIsReadAsWritten() {
        assertThat(FaultSyntax.parse("POST /dock/v2/sessions reset-before-response processed=true").fault())
                .isEqualTo(MockFault.resetBeforeResponse(true));
        assertThat(FaultSyntax.parse("POST /dock/v2/sessions reset-before-response processed=FALSE").fault())
                .isEqualTo(MockFault.resetBeforeResponse(false));
        assertThat(FaultSyntax.parse("POST /dock/v2/sessions reset-before-response").fault())
                .as("the default").isEqualTo(MockFault.resetBeforeResponse(false));
    }

    @Test
    void truncateBodyKeepsHalfUnlessKeepIsGiven() {
        assertThat(FaultSyntax.parse("GET /dock/** truncate-body").fault()).isEqualTo(MockFault.truncateBody());
        assertThat(((MockFault.TruncateBody) FaultSyntax.parse("GET /dock/** truncate-body").fault()).keep()).isNull();
        assertThat(FaultSyntax.parse("GET /dock/** truncate-body keep=0").fault()).isEqualTo(MockFault.truncateBody(0));
    }

    @Test
    void throttleBodyTricklesPerSecondUnlessPeriodIsGiven() {
        assertThat(FaultSyntax.parse("GET /dock/** throttle-body bytes=10").fault())
                .isEqualTo(MockFault.throttleBody(10, Duration.ofSeconds(1)));
        assertThat(FaultSyntax.parse("GET /dock/** throttle-body bytes=10 period=250ms").fault())
                .isEqualTo(MockFault.throttleBody(10, Duration.ofMillis(250)));
    }

    @Test
    void aQuotedValueMayEndTheRuleAndADoubledQuoteStandsForOne() {
        FaultSyntax.Spec spec = FaultSyntax.parse("GET /dokai/** respond status=503 body='it''s \"down\"'");

        assertThat(((MockFault.Respond) spec.fault()).body()).isEqualTo("it's \"down\"");
        assertThat(FaultSyntax.tokens("a \"b c\"")).containsExactly("a", "b c");
    }

    @Test
    void timesAndForAreTheRuleLifetime() {
        FaultSyntax.Spec spec = FaultSyntax.parse("get /roblox/** respond status=500 header=Retry-After:1 times=2 for=2s");

        assertThat(spec.method()).isEqualTo("GET");
        assertThat(spec.path()).hasToString("/roblox/**");
        assertThat(spec.times()).isEqualTo(2);
        assertThat(spec.lasting()).isEqualTo(Duration.ofSeconds(2));
        assertThat(((MockFault.Respond) spec.fault()).headers()).isEqualTo(Map.of("Retry-After", "1"));
        assertThat(FaultSyntax.parse("* /roblox/** reset-mid-body").times()).as("every matching request").isNull();
    }

    @Test
    void aMalformedRuleIsRefusedNamingThePart() {
        assertThatThrownBy(() -> FaultSyntax.parse(" GET /dock/** "))
                .hasMessage("a fault rule is METHOD PATH KIND [option=value …], got 'GET /dock/**'");
        assertThatThrownBy(() -> FaultSyntax.parse("GET /dock/** respond =503"))
                .hasMessage("fault option '=503' is not name=value");
        assertThatThrownBy(() -> FaultSyntax.parse("GET /dock/** Explode"))
                .hasMessage("unknown fault kind 'Explode'");
        assertThatThrownBy(() -> FaultSyntax.parse("GET /dock/** respond status=503 header=:1"))
                .hasMessage("header=:1 is not Name:value");
        assertThatThrownBy(() -> FaultSyntax.parse("GET /dock/** reset-mid-body keep=1"))
                .hasMessage("unknown option keep= for reset-mid-body (it takes only times= and for=)");
        assertThatThrownBy(() -> FaultSyntax.parse("GET /dock/** respond status=503 keep=1"))
                .hasMessage("unknown option keep= for respond (it takes status, body, times, for)");
        assertThatThrownBy(() -> FaultSyntax.parse("GET /dock/** respond status=503 times=0"))
                .hasMessage("times= expects a whole number of at least 1, got '0'");
        assertThatThrownBy(() -> FaultSyntax.parse("GET /dock/** respond status=503 for=0"))
                .hasMessage("for= must be a positive duration, got '0'");
    }
}
