package io.clusterboot.internal.master;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import io.clusterboot.autoconfigure.ClusterProperties;
import io.clusterboot.autoconfigure.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ConfigurationReader}, with shell commands in the place of the JVM of
 * the application on disk.
 *
 * @author ClusterBoot team
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConfigurationReaderTests {

	@TempDir
	Path directory;

	@Test
	void readsWhatTheJvmWrote() throws IOException {
		ClusterProperties properties = new ClusterProperties();
		properties.setWorkers("3");
		MasterSettings written = TestSettings.master(properties);
		Path file = this.directory.resolve("written.json");
		ClusterConfiguration.write(written, file);
		MasterSettings read = reader("cp '" + file + "' \"$" + ClusterConfiguration.OUTPUT_VARIABLE + "\"; rm '"
				+ file + "'", Duration.ofSeconds(20))
			.read()
			.join();
		assertThat(read).isEqualTo(written);
		assertThat(this.directory).isEmptyDirectory();
	}

	@Test
	void aJvmThatFailsGivesItsFailureAnalysis() {
		String script = "echo starting; echo '***'; echo 'APPLICATION FAILED TO START'; echo; echo 'Description:'; "
				+ "echo; echo \"Invalid value '0' for cluster.workers\"; echo; echo 'Action:'; echo; "
				+ "echo 'Update the value'; exit 1";
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> reader(script, Duration.ofSeconds(20)).read().join())
			.withMessageContaining("the JVM that reads it exited with code 1: Invalid value '0' for cluster.workers "
					+ "Action: Update the value");
		assertThat(this.directory).isEmptyDirectory();
	}

	@Test
	void aJvmThatHangsIsKilledAtTheTimeout() {
		assertThatExceptionOfType(CompletionException.class)
			.isThrownBy(() -> reader("exec sleep 30", Duration.ofMillis(300)).read().join())
			.withMessageContaining("did not finish within");
	}

	@Test
	void theAnalysisIsTheLastLinesWithoutOne() {
		assertThat(ConfigurationReader.analysis(List.of("a", "b", "c", "d", "e", "f", "Error: main class not found")))
			.isEqualTo("c d e f Error: main class not found");
	}

	private ConfigurationReader reader(String script, Duration timeout) {
		return new ConfigurationReader(List.of("/bin/sh", "-c", script), this.directory, timeout);
	}

}
