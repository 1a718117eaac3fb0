package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL (Debian's package {@code postgresql}) for one test: a new cluster in a
 * directory of the test, listening on an ephemeral 127.0.0.1 port (its Unix socket in that
 * directory), with the database {@value #DATABASE} of the user {@value #USER} that the
 * demo-store's {@code postgres} profile expects; stopped by its pid.
 * <p>
 * PostgreSQL refuses to run as root, and the tests do: {@code initdb} and the server run
 * as the system user {@value #SYSTEM_USER} that the package creates, through
 * {@code setpriv}, which then becomes the server (its pid is the server's). Durability is
 * off ({@code fsync}): the database lives as long as the test.
 *
 * @author ClusterBoot team
 */
final class PostgresServer implements AutoCloseable {

	/** The user and the database of the demo-store's {@code postgres} profile. */
	static final String USER = "store";

	static final String DATABASE = "store";

	private static final String SYSTEM_USER = "postgres";

	private static final Duration STARTUP = Duration.ofSeconds(30);

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

	private static final List<String> AS_SYSTEM_USER = List.of("setpriv", "--reuid=" + SYSTEM_USER,
			"--regid=" + SYSTEM_USER, "--init-groups");

	private final ServerProcess process;

	private final int port;

	private PostgresServer(ServerProcess process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Creates a database cluster, starts PostgreSQL, waits until it accepts connections,
	 * and creates the database {@value #DATABASE}.
	 * @param directory a directory of the test, made traversable for the server's user
	 * @param log the log file
	 * @return the running server, to close
	 * @throws IOException if the directory cannot be prepared
	 */
	static PostgresServer start(Path directory, Path log) throws IOException {
		Path bin = binDirectory().orElseThrow(() -> new AssertionError(
				"PostgreSQL is not installed (Debian's package postgresql, which .ci/run installs)"));
		Path home = ownedBySystemUser(directory);
		Path data = home.resolve("data");
		ServerProcess.run(log, COMMAND_TIMEOUT, asSystemUser(bin.resolve("initdb").toString(), "-D", data.toString(),
				"-U", USER, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions"));
		int port = FreePorts.pick();
		ServerProcess process = ServerProcess.start(log, Signal.INT,
				asSystemUser(bin.resolve("postgres").toString(), "-D", data.toString(), "-p", Integer.toString(port),
						"-k", home.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c",
						"full_page_writes=off", "-c", "synchronous_commit=off"));
		try {
			List<String> isReady = List.of(bin.resolve("pg_isready").toString(), "-h", "127.0.0.1", "-p",
					Integer.toString(port), "-U", USER, "-d", "postgres", "-t", "1");
			Waits.until("PostgreSQL accepting connections on port " + port, STARTUP,
					() -> !process.isRunning() || ServerProcess.exitCode(log, COMMAND_TIMEOUT, isReady) == 0,
					process::describe);
			if (!process.isRunning()) {
				throw new AssertionError("PostgreSQL exited" + process.describe());
			}
			ServerProcess.run(log, COMMAND_TIMEOUT, List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1",
					"-p", Integer.toString(port), "-U", USER, DATABASE));
			return new PostgresServer(process, port);
		}
		catch (RuntimeException | Error ex) {
			process.close();
			throw ex;
		}
	}

	/**
	 * The JDBC URL of the database {@value #DATABASE}.
	 * @return the URL
	 */
	String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + DATABASE;
	}

	String describe() {
		return this.process.describe();
	}

	@Override
	public void close() {
		this.process.close();
	}

	/**
	 * Whether PostgreSQL is installed.
	 * @return whether its programs are found
	 */
	static boolean isInstalled() {
		return binDirectory().isPresent();
	}

	/**
	 * The directory of the server's programs: that of the newest version that Debian's
	 * packages installed, else what {@code pg_config} names.
	 */
	private static Optional<Path> binDirectory() {
		List<Path> installed = new ArrayList<>();
		Path versions = Path.of("/usr/lib/postgresql");
		if (Files.isDirectory(versions)) {
			try (DirectoryStream<Path> entries = Files.newDirectoryStream(versions)) {
				entries.forEach((version) -> installed.add(version.resolve("bin")));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot list " + versions, ex);
			}
		}
		Optional<Path> newest = installed.stream()
			.filter(PostgresServer::holdsServer)
			.max(Comparator.comparing((bin) -> version(bin.getParent().getFileName().toString())));
		return newest.or(() -> configuredBinDirectory().filter(PostgresServer::holdsServer));
	}

	private static boolean holdsServer(Path bin) {
		return Files.isExecutable(bin.resolve("postgres"));
	}

	private static Double version(String name) {
		try {
			return Double.valueOf(name);
		}
		catch (NumberFormatException ex) {
			return 0.0;
		}
	}

	private static Optional<Path> configuredBinDirectory() {
		try {
			Process pgConfig = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
			String output = new String(pgConfig.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			return (pgConfig.waitFor(10, TimeUnit.SECONDS) && pgConfig.exitValue() == 0) ? Optional.of(Path.of(output))
					: Optional.empty();
		}
		catch (IOException ex) {
			// no pg_config either
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while running pg_config", ex);
		}
	}

	/**
	 * A directory in {@code directory} that belongs to the server's user, who may go
	 * through {@code directory} (but not list it).
	 */
	private static Path ownedBySystemUser(Path directory) throws IOException {
		Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx--x--x"));
		Path home = Files.createDirectories(directory.resolve("postgresql"));
		UserPrincipalLookupService users = home.getFileSystem().getUserPrincipalLookupService();
		PosixFileAttributeView attributes = Files.getFileAttributeView(home, PosixFileAttributeView.class);
		attributes.setOwner(users.lookupPrincipalByName(SYSTEM_USER));
		attributes.setGroup(users.lookupPrincipalByGroupName(SYSTEM_USER));
		return home;
	}

	private static List<String> asSystemUser(String... command) {
		List<String> full = new ArrayList<>(AS_SYSTEM_USER);
		full.addAll(List.of(command));
		return full;
	}

}
