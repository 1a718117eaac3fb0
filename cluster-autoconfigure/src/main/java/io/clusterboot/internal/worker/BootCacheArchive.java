package io.clusterboot.internal.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.clusterboot.internal.bootcache.BootCache;

/**
 * Tells whether this worker's JVM uses the class archive of the boot cache it was started
 * from. A JVM that cannot use an archive (another JDK, other options, a corrupt file)
 * starts without it and says nothing; one that uses it has the file mapped in its memory.
 *
 * @author ClusterBoot team
 */
final class BootCacheArchive {

	private static final Path MAPS = Path.of("/proc/self/maps");

	private BootCacheArchive() {
	}

	/**
	 * Returns whether the archive this worker was started from is in use.
	 * @return whether it is, or {@code null} if the worker was not started from one or
	 * this system does not tell
	 */
	static Boolean isUsed() {
		String archive = System.getenv(BootCache.ARCHIVE_ENVIRONMENT);
		if (archive == null) {
			return null;
		}
		try (Stream<String> mappings = Files.lines(MAPS)) {
			// the kernel names a mapped file by its real path
			String mapped = " " + Path.of(archive).toRealPath();
			return mappings.anyMatch((mapping) -> mapping.endsWith(mapped));
		}
		catch (IOException | UncheckedIOException ex) {
			return null;
		}
	}

}
