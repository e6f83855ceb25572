package dev.verifykit.dokai;

import dev.verifykit.error.ValidationException;
import dev.verifykit.http.internal.BaseUrls;
import java.util.Objects;
import java.util.Optional;

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
public final class CreateKycSessionParams {
    private static final int MAX_TEXT = 64;

    private final String webhookUrl;
    private final String documentType;
    private final String documentBrand;

    private CreateKycSessionParams(Builder b) {
        this.webhookUrl = b.webhookUrl;
        this.documentType = b.documentType;
        this.documentBrand = b.documentBrand;
    }

    /** A builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** Parameters with nothing set: no webhook, document type and brand auto-detected. */
    public static CreateKycSessionParams none() {
        return builder().build();
    }

    /** Where Dokai POSTs the outcome. */
    public Optional<String> webhookUrl() {
        return Optional.ofNullable(webhookUrl);
    }

    /** The expected document type, e.g. {@code identity_card}. */
    public Optional<String> documentType() {
        return Optional.ofNullable(documentType);
    }

    /** The expected regional variant of the document. */
    public Optional<String> documentBrand() {
        return Optional.ofNullable(documentBrand);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CreateKycSessionParams p && Objects.equals(p.webhookUrl, webhookUrl)
                && Objects.equals(p.documentType, documentType) && Objects.equals(p.documentBrand, documentBrand);
    }

    @Override
    public int hashCode() {
        return Objects.hash(webhookUrl, documentType, documentBrand);
    }

    @Override
    public String toString() {
        return "CreateKycSessionParams{webhookUrl=" + webhookUrl + ", documentType=" + documentType
                + ", documentBrand=" + documentBrand + "}";
    }

    /** Builds {@link CreateKycSessionParams}. */
    public static final class Builder {
        private String webhookUrl;
        private String documentType;
        private String documentBrand;

        private Builder() {}

        /**
         * An absolute {@code https} URL on a domain allowed in the Dokai dashboard; {@code http} only on
         * a loopback host, for tests.
         */
        public Builder webhookUrl(String value) {
            this.webhookUrl = value;
            return this;
        }

        /** The expected document type (auto-detected when omitted). */
        public Builder documentType(String value) {
            this.documentType = value;
            return this;
        }

        /** The expected regional variant (auto-detected when omitted). */
        public Builder documentBrand(String value) {
            this.documentBrand = value;
            return this;
        }

        /**
         * The parameters.
         *
         * @throws ValidationException naming the first field that breaks a rule
         */
        public CreateKycSessionParams build() {
            if (webhookUrl != null) {
                if (BaseUrls.secure("webhookUrl", webhookUrl).fragment() != null) {
                    throw new ValidationException("webhookUrl", "must not have a fragment");
                }
                webhookUrl = webhookUrl.trim();
            }
            checkText("documentType", documentType);
            checkText("documentBrand", documentBrand);
            return new CreateKycSessionParams(this);
        }

        private static void checkText(String field, String value) {
            if (value != null && (value.isBlank() || value.length() > MAX_TEXT)) {
                throw new ValidationException(field, "must be 1 to " + MAX_TEXT + " characters and not blank when given");
            }
        }
    }
}
