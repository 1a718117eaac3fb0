package io.clusterboot.internal.ipc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@link MasterDirectories} and {@link ControlDirectory}: the private
 * directories of masters' control servers, what is trusted in them and which are
 * removed.
 *
 * @author ClusterBoot team
 */
@Timeout(30)
class MasterDirectoriesTests {

	private static final FileAttribute<Set<PosixFilePermission>> PRIVATE = PosixFilePermissions
		.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

	private static final MasterInfo INFO = new MasterInfo(99999, "1.2.3", ControlServer.PROTOCOL, "/srv/app.jar",
			"127.0.0.1:8080", Instant.parse("2026-12-03T10:00:00Z"), null, null);

	private final RecordingHandler received = new RecordingHandler();

	@Test
	void tokenShouldBeInAFileOnlyTheOwnerCanReadNextToTheSocket() throws IOException {
		ControlServer server = ControlServer.start(this.received);
		Path directory = server.socketPath().getParent();
		try {
			Path tokenFile = server.socketPath().resolveSibling("token");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
			assertThat(MasterDirectories.readToken(server.socketPath())).isEqualTo(server.token());
		}
		finally {
			server.close();
		}
		assertThat(directory).doesNotExist();
	}

	@Test
	void publishedMasterIsFoundOnlyTheOwnerCanReadItAndItGoesWithTheServer() throws Exception {
		MasterInfo info = new MasterInfo(ProcessHandle.current().pid(), "1.2.3", ControlServer.PROTOCOL,
				"/srv/app.jar", "127.0.0.1:8080", Instant.parse("2026-12-03T10:00:00Z"), null, "/srv/app.jar");
		ControlServer server = ControlServer.start(this.received);
		Path directory = server.socketPath().getParent();
		Path published = server.socketPath().resolveSibling("master.json");
		try {
			server.publish(info);
			assertThat(MasterDirectories.findMasters(directory.getParent()))
				.contains(new MasterDirectory(directory, System.getProperty("user.name"), info));
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(published))).isEqualTo("rw-------");
		}
		finally {
			server.close();
		}
		assertThat(published).doesNotExist();
		assertThat(MasterDirectories.findMasters(directory.getParent()))
			.noneMatch((found) -> found.directory().equals(directory));
	}

	@Test
	void directoriesOfMastersThatAreGoneAreRemovedAndThoseOfLiveOnesKept(@TempDir Path base) throws Exception {
		Path gone = abandoned(base.resolve("clusterboot-master-1"));
		Path starting = Files.createDirectory(base.resolve("clusterboot-master-2"), PRIVATE);
		try (ControlServer live = ControlServer.start(base, this.received)) {
			live.publish(INFO);
			assertThat(MasterDirectories.removeAbandoned(base)).containsExactly(gone);
			assertThat(gone).doesNotExist();
			assertThat(live.socketPath()).exists();
			assertThat(starting).as("a master that has not described itself yet").exists();
		}
	}

	@Test
	void directoriesThatAnotherUserMayHaveWrittenAreNeitherReadNorRemoved(@TempDir Path base) throws Exception {
		Path open = abandoned(base.resolve("clusterboot-master-open"));
		Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
		Path target = abandoned(Files.createDirectory(base.resolve("elsewhere")).resolve("master"));
		Path link = Files.createSymbolicLink(base.resolve("clusterboot-master-link"), target);
		Path linkedFiles = Files.createDirectory(base.resolve("clusterboot-master-files"), PRIVATE);
		for (String file : List.of("master.json", "token", "control.sock")) {
			Files.createSymbolicLink(linkedFiles.resolve(file), target.resolve(file));
		}
		assertThat(MasterDirectories.findMasters(base)).isEmpty();
		assertThat(MasterDirectories.removeAbandoned(base)).isEmpty();
		assertThat(open.resolve("master.json")).exists();
		assertThat(link).isSymbolicLink();
		assertThat(target.resolve("master.json")).exists();
		assertThat(target.resolve("token")).exists();
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> MasterDirectories.readToken(linkedFiles.resolve("control.sock")));
	}

	@Test
	void directoryOfAnotherUserIsNamedButNeitherReadNorRemoved(@TempDir Path base) throws Exception {
		assumeThat(isRoot()).as("root, to give a directory to nobody").isTrue();
		Path planted = abandoned(base.resolve("clusterboot-master-1"));
		UserPrincipal nobody = base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
		try (DirectoryStream<Path> files = Files.newDirectoryStream(planted)) {
			for (Path file : files) {
				Files.setOwner(file, nobody);
			}
		}
		Files.setOwner(planted, nobody);
		assertThat(MasterDirectories.findMasters(base)).containsExactly(new MasterDirectory(planted, "nobody", null));
		assertThat(MasterDirectories.removeAbandoned(base)).isEmpty();
		assertThat(planted.resolve("master.json")).exists();
	}

	/**
	 * Makes the private directory a master killed with {@code SIGKILL} leaves: its
	 * description, its token and a socket nothing listens on any more.
	 */
	private static Path abandoned(Path directory) throws IOException {
		Files.createDirectory(directory, PRIVATE);
		Files.write(directory.resolve("master.json"), ControlJson.write(ControlRecords.toValue(INFO)));
		Files.writeString(directory.resolve("token"), "t");
		ServerSocketChannel.open(StandardProtocolFamily.UNIX)
			.bind(UnixDomainSocketAddress.of(directory.resolve("control.sock")))
			.close();
		return directory;
	}

	private static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

}
