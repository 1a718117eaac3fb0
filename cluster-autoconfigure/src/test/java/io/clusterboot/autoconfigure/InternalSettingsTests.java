package io.clusterboot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.clusterboot.internal.master.StartupSettings;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InternalSettings}: what the master's start-up gets of the bound
 * settings and of the environment.
 *
 * @author ClusterBoot team
 */
class InternalSettingsTests {

	@Test
	void theStartUpGetsTheResolvedSettings() {
		ClusterProperties properties = new ClusterProperties();
		properties.setWorkers("3");
		properties.getWorker().setJvmArgs(List.of("-Xmx256m"));
		properties.getWorker().setServingNice("12");
		properties.setPidFile(Path.of("/run/app.pid"));
		properties.setStartupTimeout(Duration.ofSeconds(90));
		StartupSettings settings = InternalSettings.startup(properties);
		assertThat(settings).isEqualTo(new StartupSettings(3, List.of("-Xmx256m"), Path.of("/run/app.pid"), "12",
				Duration.ofSeconds(90), properties.getBootCache()));
		properties.getWorker().setOwnSchedulingGroup(false);
		assertThat(InternalSettings.startup(properties).servingNice()).isNull();
	}

	@Test
	void theActuatorHasAPortOfItsOwnWhenItIsSetAndNotTheServerPort() {
		assertThat(managementPort(new MockEnvironment())).isNull();
		assertThat(managementPort(new MockEnvironment().withProperty("management.server.port", "-1"))).isNull();
		assertThat(managementPort(new MockEnvironment().withProperty("management.server.port", "8080"))).isNull();
		assertThat(managementPort(new MockEnvironment().withProperty("server.port", "9000")
			.withProperty("management.server.port", "9000"))).isNull();
		assertThat(managementPort(new MockEnvironment().withProperty("management.server.port", "8081")))
			.isEqualTo(8081);
		assertThat(managementPort(new MockEnvironment().withProperty("server.port", "0")
			.withProperty("management.server.port", "0"))).isEqualTo(0);
	}

	private static Integer managementPort(MockEnvironment environment) {
		return InternalSettings.managementPort(environment);
	}

}
