package io.clusterboot.internal.bootcache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock a master holds on the directory of its jar's boot cache entries for as long as
 * it runs, so that no other master removes them while they may be used. It is a file lock:
 * it goes with the process, however the process ends, so a master killed with
 * {@code SIGKILL} leaves nothing that keeps its entries from being removed once its jar is
 * gone.
 *
 * @author ClusterBoot team
 */
final class InUseLock {

	private static final Logger logger = LoggerFactory.getLogger(InUseLock.class);

	/**
	 * The file of a jar's entries that a master using them holds a lock on.
	 */
	private static final String IN_USE_FILE = "in-use";

	private FileLock held;

	/**
	 * Locks the entries of a jar, unless this master holds the lock of a jar's entries
	 * already. Another master of the same jar may hold it: its entries are kept all the
	 * same.
	 * @param scope the directory of the jar's entries
	 */
	synchronized void hold(Path scope) {
		if (this.held != null) {
			return;
		}
		try {
			FileChannel channel = FileChannel.open(scope.resolve(IN_USE_FILE), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE);
			this.held = channel.tryLock();
			if (this.held == null) {
				// another master of the same jar holds it
				channel.close();
			}
		}
		catch (IOException | OverlappingFileLockException ex) {
			logger.debug("Could not lock {}", scope, ex);
		}
	}

	/**
	 * Returns whether a running master uses the entries of a jar: one holds their lock.
	 * @param scope the directory of the jar's entries
	 * @return {@code true} if they are in use, or their lock cannot be tried
	 */
	static boolean isHeld(Path scope) {
		Path file = scope.resolve(IN_USE_FILE);
		if (!Files.exists(file)) {
			return false;
		}
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
				FileLock lock = channel.tryLock()) {
			return lock == null;
		}
		catch (IOException | OverlappingFileLockException ex) {
			return true;
		}
	}

	/**
	 * Releases the lock, if this master holds it.
	 */
	synchronized void release() {
		if (this.held != null) {
			try {
				this.held.channel().close();
			}
			catch (IOException ex) {
				logger.debug("Could not unlock the boot cache", ex);
			}
		}
	}

}
