package io.clusterboot.internal.bootcache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What tells a jar file from another without reading it: which file it is, its size and
 * when it was written. A deploy's atomic rename makes it another file.
 *
 * @param fileKey the file's identity
 * @param size its size
 * @param modified when it was last written, in milliseconds
 * @author ClusterBoot team
 */
record JarIdentity(Object fileKey, long size, long modified) {

	/**
	 * Returns the identity of a jar file.
	 * @param jar the jar
	 * @return its identity, or {@code null} if it cannot be read
	 */
	static JarIdentity of(Path jar) {
		try {
			BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
			return new JarIdentity(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime().toMillis());
		}
		catch (IOException ex) {
			return null;
		}
	}

}
