package io.clusterboot.internal.ipc;

import java.nio.file.Path;

/**
 * The private directory of a master's control socket, as the control command finds it.
 * Only the master's user can enter it: for anyone else its master is unknown, and what
 * another user's directory holds is never trusted.
 *
 * @param directory the directory
 * @param owner the user who owns it, the master's user
 * @param master what the master tells about itself, or {@code null} if the directory is
 * another user's
 * @author ClusterBoot team
 */
public record MasterDirectory(Path directory, String owner, MasterInfo master) {

	/**
	 * Returns whether the directory is this user's, and so its master one to talk to.
	 * @return whether the directory is accessible
	 */
	public boolean isAccessible() {
		return this.master != null;
	}

	/**
	 * Returns the master's control socket.
	 * @return the socket's path
	 */
	public Path socket() {
		return this.directory.resolve(MasterDirectories.SOCKET_FILE);
	}

}
