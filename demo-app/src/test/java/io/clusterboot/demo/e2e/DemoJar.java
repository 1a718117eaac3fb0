package io.clusterboot.demo.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the repackaged demo application jar the end-to-end tests run.
 *
 * @author ClusterBoot team
 */
final class DemoJar {

	/** Set by maven-failsafe (see demo-app/pom.xml). */
	static final String PROPERTY = "demo.jar";

	private DemoJar() {
	}

	/**
	 * The jar: system property {@value #PROPERTY}, else {@code target/demo-app.jar} (an
	 * IDE run after {@code mvn package}).
	 * @return the absolute path of an existing jar
	 */
	static Path path() {
		String configured = System.getProperty(PROPERTY);
		Path jar = (configured != null) ? Path.of(configured) : Path.of("target", "demo-app.jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("Demo jar " + jar.toAbsolutePath()
					+ " not found: run 'mvn verify' (failsafe sets -D" + PROPERTY + ") or 'mvn package' first");
		}
		return jar.toAbsolutePath();
	}

	/**
	 * Where per-test cluster logs go: {@code e2e-logs} next to the jar (so under
	 * {@code target/}, whatever the working directory).
	 * @return the directory
	 */
	static Path logDirectory() {
		return path().getParent().resolve("e2e-logs");
	}

}
