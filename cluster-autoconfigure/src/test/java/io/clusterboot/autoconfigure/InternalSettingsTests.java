package io.clusterboot.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.clusterboot.internal.master.MasterSettings;
import io.clusterboot.internal.master.StartupSettings;
import io.clusterboot.internal.session.SessionStoreSettings;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InternalSettings}: what the master's start-up and its rules get of the
 * bound settings and of the environment.
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
				Duration.ofSeconds(90), InternalSettings.bootCache(properties.getBootCache()),
				new SessionStoreSettings(128 * 1024 * 1024, 1024 * 1024,
						properties.getSessions().resolveStoreDir(System.getenv()))));
		properties.getWorker().setOwnSchedulingGroup(false);
		assertThat(InternalSettings.startup(properties).servingNice()).isNull();
		properties.getSessions().setEnabled(false);
		assertThat(InternalSettings.startup(properties).sessions()).isNull();
	}

	@Test
	void autoCountsAreResolvedAgainstTheAvailableProcessors() {
		int processors = Runtime.getRuntime().availableProcessors();
		MasterSettings settings = InternalSettings.master(new ClusterProperties());
		assertThat(settings.workers()).isEqualTo(processors);
		assertThat(settings.maxWorkers()).isEqualTo(4 * processors);
		assertThat(settings.maxStarting()).isEqualTo(processors);
	}

	@Test
	void everySettingOfTheMasterIsTaken() {
		ClusterProperties properties = new ClusterProperties();
		properties.setWorkers("3");
		properties.setMaxWorkers("6");
		properties.setMaxStarting("2");
		properties.setStartupTimeout(Duration.ofSeconds(20));
		properties.getHeartbeat().setTimeout(Duration.ofSeconds(7));
		properties.setProcessKillTimeout(Duration.ofSeconds(9));
		properties.getReload().setBatchSize(2);
		properties.getRecycle().setMaxRequests(1000);
		properties.getRecycle().setMaxRequestsJitter(50);
		properties.getRecycle().setMaxMemory(DataSize.ofMegabytes(300));
		properties.getRestart().setInitialDelay(Duration.ofMillis(200));
		properties.getRestart().setMaxDelay(Duration.ofSeconds(10));
		properties.getRestart().setMinUptime(Duration.ofSeconds(3));
		properties.getWorker().getDebug().setPort(5006);
		properties.getWorker().setJvmArgs(List.of("-Xmx200m"));
		assertThat(InternalSettings.master(properties)).isEqualTo(new MasterSettings(3, 6, 2, Duration.ofSeconds(20),
				Duration.ofSeconds(7), Duration.ofSeconds(9), 2,
				new MasterSettings.Recycle(1000, 50, DataSize.ofMegabytes(300).toBytes()),
				new MasterSettings.Restart(Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(3)),
				new MasterSettings.Debug(5006, "127.0.0.1"), List.of("-Xmx200m")));
	}

	@Test
	void laterChangesToTheBindingChangeNothing() {
		ClusterProperties properties = new ClusterProperties();
		List<String> jvmArgs = new ArrayList<>(List.of("-Xmx200m"));
		properties.getWorker().setJvmArgs(jvmArgs);
		properties.setWorkers("2");
		MasterSettings settings = InternalSettings.master(properties);
		jvmArgs.add("-Xss1m");
		properties.setWorkers("5");
		assertThat(settings.workerJvmArgs()).containsExactly("-Xmx200m");
		assertThat(settings.workers()).isEqualTo(2);
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
