package dev.verifykit.dokai;

import com.squareup.moshi.Json;
import java.util.Optional;

/**
 * What the document says about its holder. Personal data: keep it out of logs.
 *
 * <pre>{@code
 * session.identity().flatMap(Identity::name).ifPresent(account::setLegalName);
 * }</pre>
 *
 * @param name the holder's name as printed
 * @param idNumber the document number
 */
public record Identity(Optional<String> name, @Json(name = "id_number") Optional<String> idNumber) {
    /** Absent fields are empty. */
    public Identity {
        name = name == null ? Optional.empty() : name;
        idNumber = idNumber == null ? Optional.empty() : idNumber;
    }

    @Override
    public String toString() {
        return "Identity[name=" + (name.isPresent() ? "[PERSONAL]" : "-") + ", idNumber="
                + (idNumber.isPresent() ? "[PERSONAL]" : "-") + "]";
    }
}
