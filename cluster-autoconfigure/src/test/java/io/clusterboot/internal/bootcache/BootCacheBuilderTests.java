package io.clusterboot.internal.bootcache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import io.clusterboot.internal.bootcache.BootCacheBuilder.BuildException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link BootCacheBuilder} with a {@code java} command of its own, a shell
 * script that extracts by making the jar and trains the way each test says: a training
 * run that hangs is killed at its timeout, one that fails or writes no archive fails the
 * build with its last output, and only a complete entry is marked ready.
 *
 * @author ClusterBoot team
 */
@EnabledOnOs(OS.LINUX)
@Timeout(30)
class BootCacheBuilderTests {

	/** Extracts: makes the jar in the {@code --destination} directory. */
	private static final String EXTRACT = """
			#!/bin/sh
			extract() {
				while [ $# -gt 0 ]; do
					case "$1" in
						--destination) mkdir -p "$2" && : > "$2/app.jar"; exit 0 ;;
					esac
					shift
				done
			}
			extract "$@"
			""";

	@TempDir
	Path directory;

	@Test
	void aTrainingRunThatHangsIsKilledAtItsTimeout() throws IOException {
		BootCacheBuilder builder = builder("echo 'Connecting to the database'\nexec sleep 60\n", Duration.ofSeconds(1));
		long started = System.nanoTime();
		assertThatExceptionOfType(BuildException.class).isThrownBy(() -> builder.build(entryDirectory()))
			.withMessageStartingWith("The training run did not end within 1s. Its last output")
			.withMessageContaining("Connecting to the database");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
		assertThat(entryDirectory().resolve(BootCacheBuilder.READY_FILE)).doesNotExist();
	}

	@Test
	void aTrainingRunThatFailsFailsTheBuildWithItsLastOutput() throws IOException {
		BootCacheBuilder builder = builder("echo 'Unable to obtain a connection'\nexit 3\n", Duration.ofSeconds(20));
		assertThatExceptionOfType(BuildException.class).isThrownBy(() -> builder.build(entryDirectory()))
			.withMessageStartingWith("The training run exited with code 3. Its last output")
			.withMessageContaining("Unable to obtain a connection");
		assertThat(entryDirectory().resolve(BootCacheBuilder.READY_FILE)).doesNotExist();
	}

	@Test
	void aTrainingRunThatWritesNoArchiveFailsTheBuild() throws IOException {
		BootCacheBuilder builder = builder("exit 0\n", Duration.ofSeconds(20));
		assertThatExceptionOfType(BuildException.class).isThrownBy(() -> builder.build(entryDirectory()))
			.withMessageStartingWith("The training run wrote no class archive.");
		assertThat(entryDirectory().resolve(BootCacheBuilder.READY_FILE)).doesNotExist();
	}

	@Test
	void aTrainingRunThatWritesTheArchiveMakesAReadyEntry() throws Exception {
		// the archive option is -XX:ArchiveClassesAtExit=<file>
		BootCacheBuilder builder = builder("""
				for option in "$@"; do
					case "$option" in
						-XX:ArchiveClassesAtExit=*) echo archive > "${option#*=}" ;;
					esac
				done
				""", Duration.ofSeconds(20));
		Entry entry = builder.build(entryDirectory());
		assertThat(entry.jar()).isRegularFile();
		assertThat(entry.archive()).isNotEmptyFile();
		assertThat(entryDirectory().resolve(BootCacheBuilder.READY_FILE)).isRegularFile();
	}

	private Path entryDirectory() {
		return this.directory.resolve("entry");
	}

	private BootCacheBuilder builder(String training, Duration trainingTimeout) throws IOException {
		Path java = this.directory.resolve("java");
		Files.writeString(java, EXTRACT + training);
		Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
		Application application = new Application(java.toString(), List.of("-Xmx64m"),
				this.directory.resolve("app.jar"), List.of("--server.port=0"));
		return new BootCacheBuilder(application, ArchiveKind.CDS, trainingTimeout);
	}

}
