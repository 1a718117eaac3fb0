package io.clusterboot.internal.bootcache;

import java.nio.file.Path;

/**
 * One built boot cache: the extracted application and its class archive, in a directory
 * of their own.
 *
 * @param directory the entry's directory
 * @param jarName the file name of the application's jar
 * @param kind the kind of class archive
 * @author ClusterBoot team
 */
record Entry(Path directory, String jarName, ArchiveKind kind) {

	Path applicationDirectory() {
		return this.directory.resolve("application");
	}

	/**
	 * Returns the extracted application's jar, which names its libraries in its
	 * manifest.
	 */
	Path jar() {
		return applicationDirectory().resolve(this.jarName);
	}

	Path archive() {
		return this.directory.resolve(this.kind.fileName());
	}

}
