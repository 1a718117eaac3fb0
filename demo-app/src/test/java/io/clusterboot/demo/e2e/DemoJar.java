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
		return path(PROPERTY, Path.of("target", "demo-app.jar"));
	}

	/**
	 * The realistic demo application, {@code demo-store}: Spring MVC, JPA, Flyway, H2 and
	 * Thymeleaf on Spring Boot 4.0.
	 * @return the absolute path of an existing jar
	 */
	static Path store() {
		return path("demo.store.jar", Path.of("..", "demo-store", "target", "demo-store.jar"));
	}

	/**
	 * Where the clusters of the end-to-end tests keep their boot caches: next to the
	 * logs, so that a clean build removes them.
	 * @return the directory
	 */
	static Path bootCacheDirectory() {
		return path().getParent().resolve("e2e-boot-cache");
	}

	/**
	 * A repackaged application jar: the given system property, else the given path.
	 * @param property the system property failsafe sets
	 * @param fallback where {@code mvn package} puts the jar
	 * @return the absolute path of an existing jar
	 */
	static Path path(String property, Path fallback) {
		String configured = System.getProperty(property);
		Path jar = (configured != null) ? Path.of(configured) : fallback;
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("Application jar " + jar.toAbsolutePath()
					+ " not found: run 'mvn verify' (failsafe sets -D" + property + ") or 'mvn package' first");
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
