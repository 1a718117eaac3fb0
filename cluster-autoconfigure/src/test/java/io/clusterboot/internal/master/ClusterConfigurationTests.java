package io.clusterboot.internal.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.clusterboot.autoconfigure.ClusterProperties;
import io.clusterboot.autoconfigure.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link ClusterConfiguration}.
 *
 * @author ClusterBoot team
 */
class ClusterConfigurationTests {

	@TempDir
	Path directory;

	@Test
	void theSettingsAJvmOfTheNewJarResolvedAreReadAsItWroteThem() throws IOException {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application.yml",
					Map.of("cluster.workers", 3, "cluster.worker.jvm-args[0]", "-Xmx${heap}", "cluster.startup-timeout",
							"90s", "heap", "200m", "cluster.recycle.max-memory", "300MB", "cluster.worker.debug.port",
							"5006")));
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("environment", Map.of("CLUSTER_STARTUP_TIMEOUT", "20s")));
		MasterSettings written = TestSettings
			.master(Binder.get(environment).bindOrCreate("cluster", ClusterProperties.class));
		Path file = this.directory.resolve("configuration.json");
		ClusterConfiguration.write(written, file);
		MasterSettings read = ClusterConfiguration.read(file);
		assertThat(read).isEqualTo(written);
		assertThat(read.workers()).isEqualTo(3);
		assertThat(read.workerJvmArgs()).containsExactly("-Xmx200m");
		assertThat(read.startupTimeout()).isEqualTo(Duration.ofSeconds(20));
		assertThat(read.recycle().maxMemory()).isEqualTo(300L * 1024 * 1024);
	}

	@Test
	void aFileOfAnotherShapeIsRefused() throws IOException {
		Path file = Files.writeString(this.directory.resolve("configuration.json"), "{\"cluster.workers\":\"3\"}");
		assertThatIOException().isThrownBy(() -> ClusterConfiguration.read(file))
			.withMessageContaining("Unreadable configuration");
		Files.writeString(file, "{");
		assertThatIOException().isThrownBy(() -> ClusterConfiguration.read(file))
			.withMessageContaining("Unreadable configuration");
	}

}
