package io.clusterboot.internal.session;

import java.io.EOFException;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import io.clusterboot.internal.ipc.MalformedMessageException;
import io.clusterboot.internal.support.ProcessUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file in which a master that stops keeps its sessions for the next master of the
 * same application, as Tomcat's standard session manager keeps them across restarts: a
 * {@code systemctl restart} or a reboot then logs no one out. One file per application,
 * named after its jar's path, in the store directory
 * ({@code cluster.sessions.store-dir}).
 * <p>
 * The sessions are credentials: the file is written private to the user (mode
 * {@code 0600}, in a directory of mode {@code 0700}) and replaced in one rename, so that
 * a reader never sees half of it. A file that is not private to this user, is a link, is
 * of another application or of another format, or is cut short or corrupt is ignored
 * with a warning, and nothing of it is restored. The next master reads it once and
 * removes it: sessions a later master changed must not come back after a crash.
 *
 * @author ClusterBoot team
 */
public final class SessionFile {

	private static final Logger logger = LoggerFactory.getLogger(SessionFile.class);

	private static final String FORMAT = "clusterboot-sessions-1";

	private static final long HEADER_ID = 0;

	private static final long SESSIONS_ID = 1;

	private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");

	private static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private final Path path;

	private final String application;

	private final Clock clock;

	SessionFile(Path path, String application, Clock clock) {
		this.path = path;
		this.application = application;
		this.clock = clock;
	}

	/**
	 * Returns the file of an application's sessions.
	 * @param directory the store directory
	 * @param application what tells the application from others on this host: its jar's
	 * path as the master was started with it, so that a deploy that swaps a link keeps the
	 * file
	 * @return the file, which may not exist
	 */
	public static SessionFile of(Path directory, String application) {
		String name = Path.of(application).getFileName().toString().replaceFirst("\\.jar$", "")
			.replaceAll("[^A-Za-z0-9._-]", "_");
		String hash = HexFormat.of().formatHex(sha256(application)).substring(0, 12);
		return new SessionFile(directory.resolve("sessions-" + name + "-" + hash + ".bin"), application,
				Clock.systemUTC());
	}

	/**
	 * Returns where the file is.
	 * @return its path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Reads the sessions a previous master of the application kept, and removes the file.
	 * @return the sessions, none if there is no file or it cannot be trusted
	 */
	List<StoredSession> take() {
		createDirectory();
		String distrust;
		try {
			distrust = distrust(
					Files.readAttributes(this.path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
		}
		catch (NoSuchFileException ex) {
			return List.of();
		}
		catch (IOException ex) {
			logger.warn("Ignored the sessions kept in {}: {}", this.path, ex.toString());
			return List.of();
		}
		if (distrust != null) {
			logger.warn("Ignored the sessions kept in {}: {}; it is left as it is", this.path, distrust);
			return List.of();
		}
		List<StoredSession> sessions = new ArrayList<>();
		try (FileChannel file = FileChannel.open(this.path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
			FrameChannel channel = new FrameChannel(file);
			Instant saved = readHeader(channel);
			SessionStream.read(channel, SESSIONS_ID, sessions::add);
			logger.info("Found {} session(s) that the previous master of this application kept in {} at {}",
					sessions.size(), this.path, saved);
		}
		catch (EOFException ex) {
			logger.warn("Ignored the sessions kept in {}: the file is cut short", this.path);
			sessions.clear();
		}
		catch (IOException ex) {
			logger.warn("Ignored the sessions kept in {}: {}", this.path, ex.getMessage());
			sessions.clear();
		}
		delete();
		return sessions;
	}

	private String distrust(PosixFileAttributes attributes) throws IOException {
		if (!attributes.isRegularFile()) {
			return "not a regular file";
		}
		if (!attributes.owner().equals(ProcessUser.current())) {
			return "it belongs to user " + attributes.owner().getName() + ", not to this process's user";
		}
		if (!attributes.permissions().equals(PRIVATE_FILE)) {
			return "its permissions are " + PosixFilePermissions.toString(attributes.permissions())
					+ ", not rw------- (other users could have read or written it)";
		}
		return null;
	}

	private Instant readHeader(FrameChannel channel) throws IOException {
		FrameInput header = new FrameInput(channel.read(SessionProtocol.MAX_HELLO_BYTES));
		try {
			if (header.number() != HEADER_ID || !FORMAT.equals(header.string())) {
				throw new MalformedMessageException("not a file of the format " + FORMAT, null);
			}
			String application = header.string();
			if (!this.application.equals(application)) {
				throw new MalformedMessageException("the sessions of another application (" + application + ")",
						null);
			}
			return header.end(header.instant());
		}
		catch (BufferUnderflowException | DateTimeException ex) {
			throw new MalformedMessageException("a truncated header", ex);
		}
	}

	/**
	 * Keeps sessions for the next master of the application, in place of what the file
	 * held.
	 * @param sessions the sessions
	 * @throws IOException if they cannot be written; the file is then as it was
	 */
	void keep(Collection<StoredSession> sessions) throws IOException {
		Path directory = this.path.getParent();
		Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
		Path written = Files.createTempFile(directory, this.path.getFileName().toString(), ".tmp",
				PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
		try {
			try (FileChannel file = FileChannel.open(written, StandardOpenOption.WRITE)) {
				FrameChannel channel = new FrameChannel(file);
				channel.write(List.of(new FrameOutput(HEADER_ID).string(FORMAT)
					.string(this.application)
					.instant(this.clock.instant())
					.frame()));
				SessionStream.write(channel, SESSIONS_ID, sessions);
				file.force(true);
			}
			Files.move(written, this.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			Files.deleteIfExists(written);
		}
	}

	/**
	 * Creates the store directory at start, so that one that cannot be used shows now,
	 * not when the cluster stops.
	 */
	private void createDirectory() {
		Path directory = this.path.getParent();
		try {
			Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
			if (!Files.isWritable(directory)) {
				throw new IOException("not writable");
			}
		}
		catch (IOException ex) {
			logger.warn("Cannot use {} (cluster.sessions.store-dir): {}; the sessions will not be kept when the "
					+ "cluster stops", directory, ex.toString());
		}
	}

	private void delete() {
		try {
			Files.deleteIfExists(this.path);
		}
		catch (IOException ex) {
			logger.warn("Could not remove {}: a later master may restore these sessions again", this.path, ex);
		}
	}

	private static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JDK has SHA-256", ex);
		}
	}

}
