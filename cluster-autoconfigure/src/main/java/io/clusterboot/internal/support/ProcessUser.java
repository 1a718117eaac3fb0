package io.clusterboot.internal.support;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;

/**
 * The user this process runs as, to tell the files it may trust from those another user
 * may have written.
 *
 * @author ClusterBoot team
 */
public final class ProcessUser {

	private ProcessUser() {
	}

	/**
	 * Returns the user this process runs as: on Linux the owner of its {@code /proc}
	 * entry, its effective user, also where that user has no name (a container's
	 * arbitrary user id); elsewhere the user of {@code user.name}.
	 * @return the user
	 * @throws IOException if it cannot be found
	 */
	public static UserPrincipal current() throws IOException {
		Path self = Path.of("/proc/self");
		if (Files.isDirectory(self)) {
			return Files.getOwner(self);
		}
		return FileSystems.getDefault()
			.getUserPrincipalLookupService()
			.lookupPrincipalByName(System.getProperty("user.name"));
	}

}
