package io.clusterboot.internal.ipc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * The private directory of a master's control server, made in the base directory where
 * the control command looks for masters ({@link MasterDirectories}). Only the master's
 * user can enter it, and it holds the control socket, the cluster's random token, which
 * workers and commands must present, and what the master tells about itself: file
 * permissions decide who may control the cluster. It goes with the server.
 *
 * @author ClusterBoot team
 */
final class ControlDirectory {

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	private final Path directory;

	private final String token;

	/**
	 * Creates a private directory and the token file in it.
	 * @param base the directory to create it in
	 * @throws IOException if it cannot be created
	 */
	ControlDirectory(Path base) throws IOException {
		this.directory = Files.createTempDirectory(base, MasterDirectories.DIRECTORY_PREFIX,
				PosixFilePermissions.asFileAttribute(MasterDirectories.PRIVATE_DIRECTORY));
		this.token = HexFormat.of().formatHex(randomBytes());
		Files.writeString(Files.createFile(MasterDirectories.tokenFile(socket()),
				PosixFilePermissions.asFileAttribute(OWNER_ONLY)), this.token, StandardCharsets.US_ASCII);
	}

	private static byte[] randomBytes() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return bytes;
	}

	/**
	 * Returns the path of the control socket in the directory.
	 * @return the socket's path
	 */
	Path socket() {
		return this.directory.resolve(MasterDirectories.SOCKET_FILE);
	}

	/**
	 * Returns the secret workers and commands must present in their hello.
	 * @return the token
	 */
	String token() {
		return this.token;
	}

	/**
	 * Writes what the master tells about itself next to the socket, where the control
	 * command reads it; only the master's user can.
	 * @param master the master's description
	 * @throws IOException if it cannot be written
	 */
	void publish(MasterInfo master) throws IOException {
		Path written = Files.createTempFile(this.directory, MasterDirectories.INFO_FILE, ".tmp",
				PosixFilePermissions.asFileAttribute(OWNER_ONLY));
		try {
			Files.write(written, ControlJson.write(ControlRecords.toValue(master)));
			Files.move(written, this.directory.resolve(MasterDirectories.INFO_FILE), StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			// the directory must be empty for remove() to remove it
			Files.deleteIfExists(written);
			throw ex;
		}
	}

	/**
	 * Removes the directory and what the server put in it.
	 * @throws IOException if it cannot be removed
	 */
	void remove() throws IOException {
		Files.deleteIfExists(this.directory.resolve(MasterDirectories.INFO_FILE));
		Files.deleteIfExists(socket());
		Files.deleteIfExists(MasterDirectories.tokenFile(socket()));
		Files.deleteIfExists(this.directory);
	}

}
