package io.clusterboot.internal.bootcache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.clusterboot.status.BootCacheState;
import io.clusterboot.status.ClusterStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BootCache} where it decides without building: when it is off, and
 * when its directory cannot be used. Building it takes a Spring Boot jar and a training
 * run: the end-to-end tests do that.
 *
 * @author ClusterBoot team
 */
class BootCacheTests {

	@TempDir
	Path directory;

	private final List<ClusterStatus.BootCache> changes = new CopyOnWriteArrayList<>();

	@Test
	void whenTurnedOffWorkersStartThePlainWay() throws IOException {
		BootCacheSettings settings = settings(false, this.directory.resolve("cache"));
		try (BootCache cache = BootCache.start(settings, application(List.of()), this.changes::add)) {
			assertDisabled(cache, "cluster.boot-cache.enabled is false");
		}
	}

	@Test
	void whenTheApplicationDoesNotRunAJarWorkersStartThePlainWay() {
		try (BootCache cache = BootCache.start(settings(),
				new Application("java", List.of(), null, List.of()), this.changes::add)) {
			assertDisabled(cache, "the application does not run with java -jar");
		}
	}

	@Test
	void whenTheJvmOptionsChooseAnArchiveOfTheirOwnTheCacheLeavesThemAlone() throws IOException {
		try (BootCache cache = BootCache.start(settings(), application(List.of("-Xmx1g", "-Xshare:off")),
				this.changes::add)) {
			assertDisabled(cache, "the JVM options choose a class archive of their own (-Xshare:off)");
		}
	}

	@Test
	void prepareReportsWhyItBuiltNothing() throws IOException {
		BootCacheSettings off = settings(false, this.directory.resolve("cache"));
		assertThat(BootCache.prepare(off, application(List.of())).reason())
			.isEqualTo("cluster.boot-cache.enabled is false");
		Path file = Files.writeString(this.directory.resolve("file"), "not a directory");
		BootCacheSettings unusable = settings(true, file.resolve("cache"));
		ClusterStatus.BootCache status = BootCache.prepare(unusable, application(List.of()));
		assertThat(status.state()).isEqualTo(BootCacheState.UNAVAILABLE);
		assertThat(status.reason()).startsWith("Cannot use " + file.resolve("cache"));
	}

	@Test
	void directoryOthersCanWriteIsNotUsed() throws IOException {
		Path shared = Files.createDirectory(this.directory.resolve("shared"));
		Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
		BootCacheSettings settings = settings(true, shared);
		try (BootCache cache = BootCache.start(settings, application(List.of()), this.changes::add)) {
			assertThat(cache.status().state()).isEqualTo(BootCacheState.UNAVAILABLE);
			assertThat(cache.status().reason()).contains("is not private to user", "rwxrwxrwx");
			assertThat(cache.launch()).isEqualTo(Launch.PLAIN);
			try (var entries = Files.list(shared)) {
				assertThat(entries).isEmpty();
			}
		}
	}

	@Test
	void directoryThatCannotBeCreatedLeavesTheCacheUnavailableWithTheReason() throws IOException {
		Path file = Files.writeString(this.directory.resolve("file"), "not a directory");
		BootCacheSettings settings = settings(true, file.resolve("cache"));
		try (BootCache cache = BootCache.start(settings, application(List.of()), this.changes::add)) {
			assertThat(cache.status().state()).isEqualTo(BootCacheState.UNAVAILABLE);
			assertThat(cache.status().reason()).startsWith("Cannot use " + file.resolve("cache"));
			assertThat(cache.launch()).isEqualTo(Launch.PLAIN);
			assertThat(this.changes).extracting(ClusterStatus.BootCache::state)
				.containsExactly(BootCacheState.UNAVAILABLE);
		}
	}

	@Test
	void entriesOfAJarThatIsGoneAreRemovedAndOthersKept() throws IOException {
		BootCacheSettings settings = settings();
		Path root = settings.directory();
		Path otherJar = Files.writeString(this.directory.resolve("other-1.0.jar"), "another application");
		Path gone = readyEntry(root.resolve("app-1.2-0badc0de"), this.directory.resolve("app-1.2.jar").toString());
		Path kept = readyEntry(root.resolve("other-1.0-0ddba11e"), otherJar.toString());
		Path building = Files.createDirectories(root.resolve("app-1.1-0000abcd").resolve("key-1"));
		Path relative = readyEntry(root.resolve("app-0.9-0000ffff"), "app-0.9.jar");
		Path used = readyEntry(root.resolve("app-1.0-00001111"), this.directory.resolve("app-1.0.jar").toString());
		// the lock a running master holds, here this JVM's
		try (FileChannel channel = FileChannel.open(used.resolve("in-use"), StandardOpenOption.CREATE,
				StandardOpenOption.WRITE);
				FileLock lock = channel.lock();
				BootCache cache = BootCache.start(settings, application(List.of()), this.changes::add)) {
			assertThat(gone).doesNotExist();
			assertThat(kept).isDirectory();
			assertThat(building).as("nothing ready yet: being built").isDirectory();
			assertThat(relative).as("a jar named by a relative path: unknown").isDirectory();
			assertThat(used).as("in use by a running master").isDirectory();
		}
	}

	private static Path readyEntry(Path scope, String jar) throws IOException {
		Path entry = Files.createDirectories(scope.resolve("key-1"));
		Files.writeString(entry.resolve(BootCacheBuilder.READY_FILE), jar + System.lineSeparator());
		return scope;
	}

	private void assertDisabled(BootCache cache, String reason) {
		assertThat(cache.status()).isEqualTo(new ClusterStatus.BootCache(BootCacheState.DISABLED, reason, null, null));
		assertThat(cache.launch()).isEqualTo(Launch.PLAIN);
		cache.refresh();
		cache.discard("no matter");
		assertThat(cache.status().state()).isEqualTo(BootCacheState.DISABLED);
		assertThat(this.changes).isEmpty();
	}

	private BootCacheSettings settings() {
		return settings(true, this.directory.resolve("cache"));
	}

	private static BootCacheSettings settings(boolean enabled, Path directory) {
		return new BootCacheSettings(enabled, directory, Duration.ofMinutes(2));
	}

	private Application application(List<String> jvmArguments) throws IOException {
		Path jar = this.directory.resolve("app.jar");
		if (!Files.exists(jar)) {
			Files.writeString(jar, "not really a jar");
		}
		return new Application("java", jvmArguments, jar, List.of());
	}

}
