package io.clusterboot.internal.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionFile}.
 *
 * @author ClusterBoot team
 */
@ExtendWith(OutputCaptureExtension.class)
class SessionFileTests {

	private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

	private static final String APPLICATION = "/srv/shop/current/shop.jar";

	@TempDir
	private Path directory;

	@Test
	void sessionsKeptShouldBeTakenOnceByTheNextMasterOfTheApplication() throws IOException {
		SessionFile file = file(this.directory.resolve("state"), APPLICATION);
		List<StoredSession> sessions = List.of(session("a", 10), session("b", 100_000));
		file.keep(sessions);
		List<StoredSession> taken = file(this.directory.resolve("state"), APPLICATION).take();
		assertThat(taken).extracting(StoredSession::id).containsExactly("a", "b");
		assertThat(taken.get(1).attributes().get("cart")).hasSize(100_000);
		assertThat(taken.get(0).lastAccessedTime()).isEqualTo(NOW);
		assertThat(file.path()).doesNotExist();
		assertThat(file.take()).isEmpty();
	}

	@Test
	void fileAndDirectoryShouldBePrivateToTheUser() throws IOException {
		SessionFile file = file(this.directory.resolve("state"), APPLICATION);
		file.keep(List.of(session("a", 10)));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path().getParent())))
			.isEqualTo("rwx------");
		try (var listing = Files.list(file.path().getParent())) {
			assertThat(listing).containsExactly(file.path());
		}
	}

	@Test
	void keepingShouldReplaceWhatTheFileHeld() throws IOException {
		SessionFile file = file(this.directory, APPLICATION);
		file.keep(List.of(session("a", 10)));
		file.keep(List.of(session("b", 10)));
		assertThat(file.take()).extracting(StoredSession::id).containsExactly("b");
	}

	@Test
	void applicationsShouldHaveFilesOfTheirOwn() {
		assertThat(SessionFile.of(this.directory, APPLICATION).path().getFileName().toString())
			.matches("sessions-shop-[0-9a-f]{12}\\.bin");
		assertThat(SessionFile.of(this.directory, APPLICATION).path())
			.isNotEqualTo(SessionFile.of(this.directory, "/srv/other/current/shop.jar").path());
	}

	@Test
	void noFileShouldMeanNoSessions(CapturedOutput output) {
		assertThat(file(this.directory, APPLICATION).take()).isEmpty();
		assertThat(output).doesNotContain("Ignored");
	}

	@Test
	void directoryThatCannotBeUsedShouldBeToldAtStart(CapturedOutput output) throws IOException {
		Path notADirectory = Files.writeString(this.directory.resolve("file"), "");
		assertThat(file(notADirectory, APPLICATION).take()).isEmpty();
		assertThat(output).contains("Cannot use " + notADirectory + " (cluster.sessions.store-dir)");
	}

	@Test
	void fileCutShortShouldBeIgnoredWithAWarningAndRemoved(CapturedOutput output) throws IOException {
		SessionFile file = file(this.directory, APPLICATION);
		file.keep(List.of(session("a", 10), session("b", 10)));
		byte[] bytes = Files.readAllBytes(file.path());
		Files.write(file.path(), java.util.Arrays.copyOf(bytes, bytes.length - 20));
		assertThat(file.take()).isEmpty();
		assertThat(output).contains("Ignored the sessions kept in " + file.path() + ": the file is cut short");
		assertThat(file.path()).doesNotExist();
	}

	@Test
	void corruptFileShouldBeIgnoredWithAWarning(CapturedOutput output) throws IOException {
		SessionFile file = file(this.directory, APPLICATION);
		file.keep(List.of(session("a", 10)));
		byte[] bytes = Files.readAllBytes(file.path());
		bytes[bytes.length - 9] = 42;
		Files.write(file.path(), bytes);
		assertThat(file.take()).isEmpty();
		assertThat(output).contains("Ignored the sessions kept in " + file.path());
	}

	@Test
	void fileOfAnotherFormatShouldBeIgnoredWithAWarning(CapturedOutput output) throws IOException {
		SessionFile file = file(this.directory, APPLICATION);
		Files.writeString(file.path(), "rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcA this is not ours, at all",
				java.nio.file.StandardOpenOption.CREATE_NEW);
		Files.setPosixFilePermissions(file.path(), PosixFilePermissions.fromString("rw-------"));
		assertThat(file.take()).isEmpty();
		assertThat(output).contains("Ignored the sessions kept in " + file.path());
	}

	@Test
	void fileOfAnotherApplicationShouldBeIgnoredWithAWarning(CapturedOutput output) throws IOException {
		SessionFile other = file(this.directory, "/srv/other/other.jar");
		other.keep(List.of(session("a", 10)));
		SessionFile file = file(this.directory, APPLICATION);
		Files.move(other.path(), file.path());
		assertThat(file.take()).isEmpty();
		assertThat(output).contains("the sessions of another application (/srv/other/other.jar)");
	}

	@Test
	void fileOthersCouldReadShouldBeIgnoredAndLeft(CapturedOutput output) throws IOException {
		SessionFile file = file(this.directory, APPLICATION);
		file.keep(List.of(session("a", 10)));
		Files.setPosixFilePermissions(file.path(), PosixFilePermissions.fromString("rw-r--r--"));
		assertThat(file.take()).isEmpty();
		assertThat(output).contains("its permissions are rw-r--r--, not rw-------");
		assertThat(file.path()).exists();
	}

	@Test
	void linkShouldBeIgnoredAndLeft(CapturedOutput output) throws IOException {
		SessionFile kept = file(this.directory, "/srv/other/other.jar");
		kept.keep(List.of(session("a", 10)));
		SessionFile file = file(this.directory, APPLICATION);
		Files.createSymbolicLink(file.path(), kept.path());
		assertThat(file.take()).isEmpty();
		assertThat(output).contains("not a regular file");
		assertThat(kept.path()).exists();
	}

	private static SessionFile file(Path directory, String application) {
		Path path = SessionFile.of(directory, application).path();
		return new SessionFile(path, application, Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private static StoredSession session(String id, int cartBytes) {
		return new StoredSession(id, NOW.minusSeconds(60), NOW, Duration.ofMinutes(30),
				Map.of("cart", new byte[cartBytes], "user", "alice".getBytes()));
	}

}
