package io.clusterboot.internal.ipc;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.clusterboot.internal.net.DescriptorServer;
import io.clusterboot.internal.support.ProcessUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The masters' private directories in a base directory, as others see them: the control
 * command looks for the master of its jar there, a worker and a new master of an upgrade
 * read a master's token there, and a starting master removes the directories of masters
 * that are gone. Each master makes its own ({@link ControlDirectory}).
 * <p>
 * Permissions decide who may control a master, so nothing in a directory is trusted that
 * another user may have put there: a directory of another user is named and never read;
 * one of this user counts only if it is private (mode {@code 0700}), as a master makes it,
 * and is not a link; and what it holds is read without following links.
 *
 * @author ClusterBoot team
 */
public final class MasterDirectories {

	private static final Logger logger = LoggerFactory.getLogger(MasterDirectories.class);

	/**
	 * How the names of the masters' directories begin, in the base directory.
	 */
	static final String DIRECTORY_PREFIX = "clusterboot-master-";

	/**
	 * Name of the control socket in its directory.
	 */
	static final String SOCKET_FILE = "control.sock";

	/**
	 * Name of the file of the master's token, next to its socket.
	 */
	static final String TOKEN_FILE = "token";

	/**
	 * Name of the file of what the master tells about itself ({@link MasterInfo}).
	 */
	static final String INFO_FILE = "master.json";

	/**
	 * The permissions of a master's directory: only its user can enter it.
	 */
	static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private MasterDirectories() {
	}

	/**
	 * Returns the directory masters create their private directories in by default: the
	 * temporary directory ({@code java.io.tmpdir}).
	 * @return the base directory
	 */
	public static Path defaultBaseDirectory() {
		return Path.of(System.getProperty("java.io.tmpdir"));
	}

	/**
	 * Finds the masters' directories in a base directory: those of this user with what
	 * their masters tell about themselves, and those of other users, which are named and
	 * never read. A directory of this user counts only if it is private, as a master
	 * makes it (mode {@code 0700}), and is not a link; what it holds is read without
	 * following links. A directory left by a master that died still shows; its master's
	 * pid is gone.
	 * @param base the base directory
	 * @return the directories found, in no particular order
	 * @throws IOException if the base directory cannot be listed
	 */
	public static List<MasterDirectory> findMasters(Path base) throws IOException {
		UserPrincipal user = ProcessUser.current();
		List<MasterDirectory> found = new ArrayList<>();
		try (DirectoryStream<Path> directories = Files.newDirectoryStream(base, DIRECTORY_PREFIX + "*")) {
			for (Path directory : directories) {
				find(directory, user).ifPresent(found::add);
			}
		}
		return found;
	}

	/**
	 * Looks at one directory. One of another user is named and not read: that user may
	 * have put anything there. One of this user is trusted only if no other user can
	 * have put anything there: a directory, not a link, that only this user can enter. One
	 * that is not, that goes away meanwhile (its master stopped), or whose description
	 * cannot be read, half written or of an unknown shape, is left out.
	 */
	private static Optional<MasterDirectory> find(Path directory, UserPrincipal user) {
		try {
			PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class,
					LinkOption.NOFOLLOW_LINKS);
			if (!attributes.isDirectory()) {
				return Optional.empty();
			}
			String owner = attributes.owner().getName();
			if (!attributes.owner().equals(user)) {
				return Optional.of(new MasterDirectory(directory, owner, null));
			}
			if (!attributes.permissions().equals(PRIVATE_DIRECTORY)) {
				return Optional.empty();
			}
			Object info = ControlJson.read(readPrivateFile(directory.resolve(INFO_FILE)));
			return Optional.of(new MasterDirectory(directory, owner, ControlRecords.fromValue(info, MasterInfo.class)));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Removes the directories of this user's masters that are gone: killed with
	 * {@code SIGKILL}, a master cannot remove its own. A directory counts as abandoned
	 * only once its master described itself, which it does once it listens, and its
	 * socket refuses connections: then no process listens on it, in whatever PID
	 * namespace, and no master is about to. Only the directories {@link #findMasters}
	 * trusts are removed, and links in them are removed, not followed.
	 * @param base the base directory
	 * @return the directories removed
	 */
	public static List<Path> removeAbandoned(Path base) {
		List<Path> removed = new ArrayList<>();
		try {
			for (MasterDirectory found : findMasters(base)) {
				if (found.isAccessible() && refusesConnections(found.socket())) {
					for (String file : List.of(INFO_FILE, SOCKET_FILE, TOKEN_FILE, DescriptorServer.SOCKET_FILE)) {
						Files.deleteIfExists(found.directory().resolve(file));
					}
					Files.deleteIfExists(found.directory());
					removed.add(found.directory());
				}
			}
		}
		catch (IOException ex) {
			logger.debug("Could not remove the directories of masters that are gone in {}", base, ex);
		}
		return removed;
	}

	/**
	 * Returns whether a socket refuses connections: nothing listens on it. Without
	 * waiting: a master whose accept queue is full is not taken for gone.
	 */
	private static boolean refusesConnections(Path socket) {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.configureBlocking(false);
			channel.connect(UnixDomainSocketAddress.of(socket));
			return false;
		}
		catch (ConnectException ex) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Reads the token of the control server listening on a socket. It lies next to the
	 * socket, in the directory only the master's user can enter, rather than in the
	 * workers' environment, which Actuator's {@code env} endpoint shows. A link in its
	 * place is not followed.
	 * @param socketPath the control socket
	 * @return the token
	 * @throws IOException if the token cannot be read
	 */
	public static String readToken(Path socketPath) throws IOException {
		return new String(readPrivateFile(tokenFile(socketPath)), StandardCharsets.US_ASCII);
	}

	/**
	 * Returns the file of the token of the control server listening on a socket.
	 */
	static Path tokenFile(Path socketPath) {
		return socketPath.resolveSibling(TOKEN_FILE);
	}

	/**
	 * Reads a file of a master's directory, unless it is a link.
	 */
	private static byte[] readPrivateFile(Path file) throws IOException {
		try (InputStream input = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
			return input.readAllBytes();
		}
	}

}
