package dev.verifykit.spring;

import dev.verifykit.roblox.RobloxGameServerClient;
import dev.verifykit.roblox.RobloxVerificationClient;
import dev.verifykit.roblox.RpcTransformer;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code verifykit.roblox.*}: the {@link RobloxVerificationClient} bean (made when
 * {@code verifykit.roblox.base-url} has text: the RPC has no public default) and the
 * {@link RobloxGameServerClient} bean (made when {@code verifykit.roblox.verification-secret} has text
 * too). {@link #toString()} never shows the secret.
 */
@ConfigurationProperties(prefix = "verifykit.roblox", ignoreUnknownFields = false)
public class RobloxProperties extends ClientProperties {
    /** The shared x-verification-secret of the game-server client; that client is made only when it is set. Secret. */
    private String verificationSecret;

    /** The server's transformer (default none). */
    private RpcTransformer transformer;

    /** The interval between checks of an await (client default 2 s). */
    private Duration checkInterval;

    /** The least time between two checks of one session (client default 1 s). */
    private Duration minCheckInterval;

    /** How long sessions live at most (client default 10 minutes). */
    private Duration sessionLifetime;

    /** How long before a JWT's expiry a refresh is due (client default 5 minutes; at most 44 minutes). */
    private Duration refreshSkew;

    public String getVerificationSecret() {
        return verificationSecret;
    }

    public void setVerificationSecret(String verificationSecret) {
        this.verificationSecret = verificationSecret;
    }

    public RpcTransformer getTransformer() {
        return transformer;
    }

    public void setTransformer(RpcTransformer transformer) {
        this.transformer = transformer;
    }

    public Duration getCheckInterval() {
        return checkInterval;
    }

    public void setCheckInterval(Duration checkInterval) {
        this.checkInterval = checkInterval;
    }

    public Duration getMinCheckInterval() {
        return minCheckInterval;
    }

    public void setMinCheckInterval(Duration minCheckInterval) {
        this.minCheckInterval = minCheckInterval;
    }

    public Duration getSessionLifetime() {
        return sessionLifetime;
    }

    public void setSessionLifetime(Duration sessionLifetime) {
        this.sessionLifetime = sessionLifetime;
    }

    public Duration getRefreshSkew() {
        return refreshSkew;
    }

    public void setRefreshSkew(Duration refreshSkew) {
        this.refreshSkew = refreshSkew;
    }

    @Override
    public String toString() {
        return "RobloxProperties[verificationSecret=" + secret(verificationSecret) + ", transformer=" + transformer
                + ", checkInterval=" + checkInterval + ", minCheckInterval=" + minCheckInterval + ", sessionLifetime="
                + sessionLifetime + ", refreshSkew=" + refreshSkew + ", " + httpToString() + "]";
    }
}
