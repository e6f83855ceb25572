package dev.verifykit.dokai;

import dev.verifykit.error.ValidationException;
import dev.verifykit.http.internal.BaseUrls;
import dev.verifykit.internal.Input;
import dev.verifykit.internal.Require;
import java.util.Optional;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * What a new hosted KYC session needs; every field is optional. Checked when built, so that a bad
 * value never reaches the service.
 *
 * <pre>{@code
 * CreateKycSessionParams params = CreateKycSessionParams.builder()
 *         .webhookUrl("https://hooks.example.com/dokai")
 *         .documentType("identity_card")
 *         .build();
 * }</pre>
 */
@Input
@Value.Immutable
public abstract class CreateKycSessionParams {
    private static final int MAX_TEXT = 64;
    /** An IPv4 address as four numbers 0 to 255 without leading zeros (a WHATWG parser reads those as octal). */
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.?");
    /** A last label a WHATWG URL parser reads as a number, making the host an IPv4 address: digits, or 0x and hex. */
    private static final Pattern NUMBER = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

    CreateKycSessionParams() {}

    /** A builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** Parameters with nothing set: no webhook, document type and brand auto-detected. */
    public static CreateKycSessionParams none() {
        return builder().build();
    }

    /**
     * Where Dokai POSTs the outcome: an absolute {@code https} URL on a domain allowed in the Dokai
     * dashboard; {@code http} only on a loopback host, for tests. No user-info
     * ({@code user:password@host}): its password would be sent to Dokai and shown in messages.
     * Kept and sent in the canonical form it was checked in (lower-case scheme and host, a path of at
     * least {@code /}, a backslash read as {@code /}), so that Dokai reads the host that was checked; a
     * host ending in a number must be an IPv4 address written as four numbers 0 to 255 without leading
     * zeros ({@code 1.2.3}, {@code 0x7f.1} or {@code 256.1.1.1} would be read as another address, or
     * refused, by Dokai's URL parser).
     */
    public abstract Optional<String> webhookUrl();

    /** The expected document type, e.g. {@code identity_card} (auto-detected when omitted). */
    public abstract Optional<String> documentType();

    /** The expected regional variant of the document (auto-detected when omitted). */
    public abstract Optional<String> documentBrand();

    @Value.Check
    CreateKycSessionParams checked() {
        checkText("documentType", documentType());
        checkText("documentBrand", documentBrand());
        if (webhookUrl().isEmpty()) {
            return this;
        }
        String url = Require.wellFormed("webhookUrl", webhookUrl().get());
        okhttp3.HttpUrl checked = BaseUrls.withoutUserInfo("webhookUrl", BaseUrls.secure("webhookUrl", url), "Dokai",
                "; protect the receiver with the webhook's signature (webhook secret) instead");
        if (checked.fragment() != null) {
            throw new ValidationException("webhookUrl", "must not have a fragment");
        }
        checkHost(checked.host());
        // what was checked is what is sent: Dokai's URL parser may read the text as typed otherwise
        // (a backslash before an '@' names another host to a parser that is not the WHATWG one)
        String canonical = checked.toString();
        return url.equals(canonical) ? this : builder().from(this).webhookUrl(canonical).build();
    }

    /**
     * A host ending in a number is an IPv4 address to a WHATWG URL parser (Node's, a browser's), which
     * reads {@code 1.2.3} as 1.2.0.3 and {@code 0x7f.1} as 127.0.0.1 and refuses {@code 256.1.1.1},
     * while OkHttp checked it as a domain name: only four numbers 0 to 255 are read alike by both.
     */
    private static void checkHost(String host) {
        if (host.indexOf(':') >= 0) {
            return; // an IPv6 address
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (NUMBER.matcher(name.substring(name.lastIndexOf('.') + 1)).matches() && !IPV4.matcher(host).matches()) {
            throw new ValidationException("webhookUrl", "must have a domain name or an IPv4 address written as four"
                    + " numbers 0 to 255 without leading zeros as its host, which Dokai reads as it was checked here"
                    + " (host " + host + " ends in a number)");
        }
    }

    private static void checkText(String field, Optional<String> value) {
        if (value.isPresent() && (value.get().isBlank() || value.get().length() > MAX_TEXT)) {
            throw new ValidationException(field, "must be 1 to " + MAX_TEXT + " characters and not blank when given");
        }
        value.ifPresent(text -> Require.wellFormed(field, text));
    }

    /**
     * Builds {@link CreateKycSessionParams}; {@link #build()} throws a {@link ValidationException}
     * naming the first field that breaks a rule.
     */
    public static final class Builder extends CreateKycSessionParamsValue.Builder {
        Builder() {}
    }
}
