package dev.verifykit.roblox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verifykit.http.HttpSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The RPC clients' keep-alive rule without waiting for a pool's eviction (RpcIdleConnectionTest shows
 * the failure it prevents against Node's 5-s idle close): under 5 s unless set, a setting of the
 * integrator's kept as given.
 */
class RpcConnectionsTest {
    @Test
    void anUnsetKeepAliveIsUnderNodesFiveSecondsAndASetOneIsKept() {
        HttpSettings unset = HttpSettings.builder().baseUrl("https://rpc.example.com").build();
        assertThat(RpcConnections.keptUnderNodesTimeout(unset).connectionKeepAlive()).hasValue(RpcConnections.KEEP_ALIVE);
        assertThat(RpcConnections.KEEP_ALIVE).isLessThan(Duration.ofSeconds(5));

        HttpSettings set = unset.toBuilder().connectionKeepAlive(Duration.ofMinutes(1)).build();
        assertThat(RpcConnections.keptUnderNodesTimeout(set)).isSameAs(set);
    }
}
