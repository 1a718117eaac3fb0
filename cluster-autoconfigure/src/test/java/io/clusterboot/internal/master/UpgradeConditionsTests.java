package io.clusterboot.internal.master;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UpgradeConditions}.
 *
 * @author ClusterBoot team
 */
class UpgradeConditionsTests {

	@Test
	void aMasterStartedByHandOrBySystemdWithNotifyCanBeReplaced() {
		assertThat(UpgradeConditions.unavailable(true, 4033, 2990, "systemd", Map.of())).isNull();
		assertThat(UpgradeConditions.unavailable(true, 4033, 1, "systemd",
				Map.of("INVOCATION_ID", "0f3c", "NOTIFY_SOCKET", "/run/systemd/notify"))).isNull();
		assertThat(UpgradeConditions.unavailable(true, 4033, 1, null, Map.of())).isNull();
	}

	@Test
	void aMasterWhoseExitEndsTheServiceCannotBeReplaced() {
		assertThat(UpgradeConditions.unavailable(false, 4033, 2990, "systemd", Map.of())).contains("SO_REUSEPORT");
		assertThat(UpgradeConditions.unavailable(true, 1, 0, "java", Map.of())).contains("PID 1 of its container");
		assertThat(UpgradeConditions.unavailable(true, 7, 1, "tini", Map.of()))
			.startsWith("the master's parent is PID 1 (tini), an init that ends the container");
		assertThat(UpgradeConditions.unavailable(true, 4033, 1, "systemd", Map.of("INVOCATION_ID", "0f3c")))
			.startsWith("the master runs under systemd without Type=notify");
	}

}
