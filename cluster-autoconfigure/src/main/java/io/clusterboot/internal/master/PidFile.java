package io.clusterboot.internal.master;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's pid file, for scripts and service managers: written at start, removed at
 * exit. A file left by a master that died is replaced; one naming a running process stops
 * the start, since another master may be running. A file naming this very process is
 * replaced too: a container's PID 1, restarted with the file on a persistent volume,
 * finds its own pid in it. The new master of an upgrade writes it over that of the master
 * it replaces once it took over, and that master leaves it when it exits.
 *
 * @author ClusterBoot team
 */
final class PidFile implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(PidFile.class);

	private final Path path;

	private final String pid;

	private volatile boolean handedOver;

	private PidFile(Path path, String pid) {
		this.path = path;
		this.pid = pid;
	}

	/**
	 * Writes the pid file of this process.
	 * @param path the file
	 * @return the pid file, to close at exit
	 * @throws IOException if it cannot be written
	 * @throws IllegalStateException if it names another process that runs
	 */
	static PidFile write(Path path) throws IOException {
		PidFile pidFile = at(path);
		pidFile.writeOver(null);
		return pidFile;
	}

	/**
	 * Returns the pid file of this process without writing it yet: the new master of an
	 * upgrade writes it once it took over.
	 * @param path the file
	 * @return the pid file, to close at exit
	 */
	static PidFile at(Path path) {
		return new PidFile(path, Long.toString(ProcessHandle.current().pid()));
	}

	/**
	 * Writes the pid file of this process over that of the master it took over from.
	 * @param predecessor the pid of that master, which may still run
	 * @throws IOException if it cannot be written
	 * @throws IllegalStateException if it names another process that runs
	 */
	void replace(long predecessor) throws IOException {
		writeOver(predecessor);
	}

	private void writeOver(Long predecessor) throws IOException {
		long self = ProcessHandle.current().pid();
		Optional<Long> previous = read(this.path).filter((other) -> other != self && !other.equals(predecessor));
		if (previous.isPresent()) {
			long other = previous.get();
			if (ProcessHandle.of(other).map(ProcessHandle::isAlive).orElse(false)) {
				throw new IllegalStateException("Pid file " + this.path + " (cluster.pid-file) names process " + other
						+ ", which is running: is another master running? Stop it, or delete the file if process "
						+ other + " is not a master");
			}
			logger.info("Replacing pid file {} left by process {}, which is no longer running", this.path, other);
		}
		Path directory = this.path.toAbsolutePath().getParent();
		Files.createDirectories(directory);
		Path temporary = Files.createTempFile(directory, ".cluster-pid", ".tmp");
		Files.writeString(temporary, this.pid + System.lineSeparator(), StandardCharsets.US_ASCII);
		Files.move(temporary, this.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	private static Optional<Long> read(Path path) throws IOException {
		if (!Files.isRegularFile(path)) {
			return Optional.empty();
		}
		try {
			return Optional.of(Long.parseLong(Files.readString(path, StandardCharsets.US_ASCII).trim()));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Leaves the file in place from now on: the new master of an upgrade writes it.
	 */
	void handedOver() {
		this.handedOver = true;
	}

	/**
	 * Deletes the file if it still names this process, unless this master handed over.
	 */
	@Override
	public void close() throws IOException {
		if (!this.handedOver && read(this.path).map((pid) -> pid.toString().equals(this.pid)).orElse(false)) {
			Files.delete(this.path);
		}
	}

}
