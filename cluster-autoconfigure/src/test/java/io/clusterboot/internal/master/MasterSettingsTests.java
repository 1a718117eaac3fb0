package io.clusterboot.internal.master;

import java.time.Duration;
import java.util.List;

import io.clusterboot.autoconfigure.ClusterProperties;
import io.clusterboot.autoconfigure.TestSettings;
import io.clusterboot.status.ClusterStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MasterSettings}: what the status shows of the master's settings.
 *
 * @author ClusterBoot team
 */
class MasterSettingsTests {

	@Test
	void theStatusShowsTheSettingsAndTheGenerationTheyApplyFrom() {
		ClusterProperties properties = new ClusterProperties();
		properties.setWorkers("3");
		properties.setMaxWorkers("6");
		properties.setMaxStarting("2");
		properties.getRecycle().setMaxRequests(1000);
		properties.getWorker().setJvmArgs(List.of("-Xmx200m"));
		assertThat(TestSettings.master(properties).describe(4)).isEqualTo(new ClusterStatus.Settings(4, 3, 6, 2,
				properties.getStartupTimeout(), properties.getHeartbeat().getTimeout(),
				properties.getProcessKillTimeout(), properties.getReload().getBatchSize(), 1000, List.of("-Xmx200m")));
	}

}
