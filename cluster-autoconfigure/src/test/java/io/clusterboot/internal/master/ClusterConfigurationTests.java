package io.clusterboot.internal.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.clusterboot.autoconfigure.ClusterProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
	void theSettingsAnEnvironmentResolvesBindAsTheMastersDid() throws IOException {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application.yml",
					Map.of("cluster.workers", 3, "cluster.worker.jvm-args[0]", "-Xmx${heap}", "cluster.startup-timeout",
							"90s", "heap", "200m", "server.port", "8081")));
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("environment", Map.of("CLUSTER_STARTUP_TIMEOUT", "20s")));
		Path file = this.directory.resolve("configuration.json");
		ClusterConfiguration.write(environment, file);
		assertThat(Files.readString(file)).doesNotContain("server.port");
		ClusterProperties properties = ClusterConfiguration.read(file);
		assertThat(properties.resolveWorkerCount()).isEqualTo(3);
		assertThat(properties.getWorker().getJvmArgs()).containsExactly("-Xmx200m");
		assertThat(properties.getStartupTimeout()).isEqualTo(Duration.ofSeconds(20));
	}

	@Test
	void aFileOfAnotherShapeIsRefused() throws IOException {
		Path file = Files.writeString(this.directory.resolve("configuration.json"), "{\"cluster.workers\":3}");
		assertThatIOException().isThrownBy(() -> ClusterConfiguration.read(file))
			.withMessageContaining("not an object of text values");
		Files.writeString(file, "{");
		assertThatIOException().isThrownBy(() -> ClusterConfiguration.read(file))
			.withMessageContaining("Unreadable configuration");
	}

}
