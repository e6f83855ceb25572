package dev.verifykit.spring.snippets;

import dev.verifykit.dokai.KycSession;
import java.security.Principal;

/** The application's own service that the README's Spring Boot sample calls. */
public interface Accounts {
    /** Records a finished KYC session. */
    void kycFinished(KycSession session);

    /** Whether the Dock session was created for this user. */
    boolean ownsDockSession(Principal user, String sessionId);
}
